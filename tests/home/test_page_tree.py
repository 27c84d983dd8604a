"""The page tree: which page types go where, one section index each, and what every page model declares."""

from django.template.loader import get_template
from wagtail.models import Page, Site, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from assessment.models import SelfAssessmentPage
from formpages.models import FormPage
from home.models import HomePage, StandardPage
from playbook.factories import PlaybookPageFactory
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.factories import RoundtableIndexPageFactory, StoryIndexPageFactory
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from webinars.factories import WebinarIndexPageFactory
from webinars.models import WebinarIndexPage, WebinarPage

# parent type -> the only page types that may be created under it.
ALLOWED_CHILDREN = {
    Page: {HomePage},
    HomePage: {StandardPage, StoryIndexPage, RoundtableIndexPage, WebinarIndexPage, PlaybookPage, FormPage},
    StandardPage: {StandardPage},
    StoryIndexPage: {CaseStudyPage},
    CaseStudyPage: set(),
    RoundtableIndexPage: {RoundtablePostPage},
    RoundtablePostPage: set(),
    WebinarIndexPage: {WebinarPage},
    WebinarPage: set(),
    PlaybookPage: {StrategyGuidePage, SelfAssessmentPage},
    StrategyGuidePage: set(),
    SelfAssessmentPage: set(),
    FormPage: set(),
}
PAGE_MODELS = [model for model in ALLOWED_CHILDREN if model is not Page]

# One per site: section index -> factory making one under the home page.
SECTION_INDEXES = {
    StoryIndexPage: StoryIndexPageFactory,
    RoundtableIndexPage: RoundtableIndexPageFactory,
    WebinarIndexPage: WebinarIndexPageFactory,
    PlaybookPage: PlaybookPageFactory,
}


def allowed_parents(child):
    return {parent for parent, children in ALLOWED_CHILDREN.items() if child in children}


def label(model):
    return model._meta.label


class PageTreeTests(WagtailPageTestCase):
    def test_the_table_covers_every_page_model(self):
        self.assertEqual(set(get_page_models()) - {Page}, set(PAGE_MODELS))

    def test_allowed_subpage_types(self):
        for parent in PAGE_MODELS:
            with self.subTest(parent=label(parent)):
                self.assertAllowedSubpageTypes(parent, ALLOWED_CHILDREN[parent])

    def test_only_the_home_page_can_be_created_at_the_root(self):
        # The root's allowed list also holds the base Page type, which is not creatable.
        self.assertEqual(Page.creatable_subpage_models(), [HomePage])

    def test_allowed_parent_page_types(self):
        for child in PAGE_MODELS:
            with self.subTest(child=label(child)):
                self.assertAllowedParentPageTypes(child, allowed_parents(child))

    def test_each_type_can_be_created_only_where_allowed(self):
        for parent, children in ALLOWED_CHILDREN.items():
            for child in PAGE_MODELS:
                with self.subTest(parent=label(parent), child=label(child)):
                    if child in children:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_pages_that_belong_in_a_section_cannot_be_created_elsewhere(self):
        # The mistakes an editor is most likely to try, spelled out.
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)
        self.assertCanNotCreateAt(HomePage, RoundtablePostPage)
        self.assertCanNotCreateAt(HomePage, WebinarPage)
        self.assertCanNotCreateAt(HomePage, StrategyGuidePage)
        self.assertCanNotCreateAt(StoryIndexPage, RoundtablePostPage)
        self.assertCanNotCreateAt(RoundtableIndexPage, CaseStudyPage)
        self.assertCanNotCreateAt(StandardPage, FormPage)
        self.assertCanNotCreateAt(StandardPage, StoryIndexPage)
        self.assertCanNotCreateAt(PlaybookPage, PlaybookPage)
        self.assertCanNotCreateAt(HomePage, SelfAssessmentPage)
        self.assertCanNotCreateAt(CaseStudyPage, StandardPage)


class MaxCountTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific

    def test_section_indexes_allow_one_each(self):
        for model, factory in SECTION_INDEXES.items():
            with self.subTest(model=label(model)):
                self.assertEqual(model.max_count, 1)
                # The demo content may have made one already; the test's transaction restores it.
                for page in model.objects.all():
                    page.delete()
                self.home.refresh_from_db()
                self.assertTrue(model.can_create_at(self.home))

                factory(parent=self.home)
                self.home.refresh_from_db()
                self.assertFalse(model.can_create_at(self.home), f"A second {label(model)} could be created")

    def test_only_one_home_page(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertTrue(HomePage.objects.exists(), "The migration creates the home page")
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_one_self_assessment(self):
        # Its statements belong to the conditions, so a second page would only repeat the first.
        self.assertEqual(SelfAssessmentPage.max_count, 1)
        playbook = PlaybookPage.objects.get()
        self.assertTrue(SelfAssessmentPage.objects.child_of(playbook).exists())
        self.assertFalse(SelfAssessmentPage.can_create_at(playbook))

    def test_content_pages_have_no_limit(self):
        for model in PAGE_MODELS:
            if model not in SECTION_INDEXES and model not in (HomePage, SelfAssessmentPage):
                with self.subTest(model=label(model)):
                    self.assertIsNone(model.max_count)


class PageModelDeclarationTests(WagtailPageTestCase):
    def test_every_page_model_describes_itself(self):
        for model in PAGE_MODELS:
            with self.subTest(model=label(model)):
                self.assertTrue(str(model.page_description).strip())

    def test_every_page_model_has_a_template(self):
        for model in PAGE_MODELS:
            with self.subTest(model=label(model)):
                get_template(model.template)  # raises TemplateDoesNotExist
        get_template(FormPage().landing_page_template)

    def test_every_page_model_indexes_its_own_fields(self):
        page_fields = {(type(field), field.field_name) for field in Page.search_fields}
        for model in PAGE_MODELS:
            with self.subTest(model=label(model)):
                own_fields = {(type(field), field.field_name) for field in model.search_fields} - page_fields
                self.assertTrue(own_fields, f"{label(model)} searches only Page's fields")

    def test_every_page_model_declares_its_place_in_the_tree(self):
        for model in PAGE_MODELS:
            with self.subTest(model=label(model)):
                # Declared on the class itself, not inherited from Page or a mixin.
                self.assertIn("parent_page_types", model.__dict__)
                self.assertIn("subpage_types", model.__dict__)
