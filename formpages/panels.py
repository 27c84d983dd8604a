from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.forms.utils import get_forms_for_user


class SubmissionsPanel(FormSubmissionsPanel):
    """Wagtail's count of submissions and link to them, shown only to staff who may see them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return get_forms_for_user(self.request.user).filter(pk=self.instance.pk).exists() and super().is_shown()
