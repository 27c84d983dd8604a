"""How every page's editor is laid out: the same three tabs on every page type."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page

# Wagtail's promote panels, with help that says where each value shows.
PROMOTION_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("slug"),
            FieldPanel(
                "seo_title",
                help_text="Leave blank to use the page title. Shown as the headline in search engines' results.",
            ),
            FieldPanel(
                "search_description",
                help_text="One or two sentences, about 150 characters, shown under the headline in search "
                "engines' results and when the page is shared.",
            ),
        ],
        heading="For search engines and sharing",
    ),
    MultiFieldPanel(
        [
            FieldPanel(
                "show_in_menus",
                help_text="Tick to list this page in the main menu; only pages directly under the home page appear there.",
            )
        ],
        heading="For site menus",
    ),
]


def editor_tabs(content_panels, *extra_tabs, promotion_panels=PROMOTION_PANELS, settings_panels=Page.settings_panels):
    """Content, any tabs of the page type's own (an ObjectList each), Promotion and SEO, Settings
    (go-live and expiry dates, privacy, comments)."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            *extra_tabs,
            ObjectList(promotion_panels, heading="Promotion and SEO"),
            ObjectList(settings_panels, heading="Settings"),
        ]
    )
