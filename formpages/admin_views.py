"""Staff's view of a form's submissions: Wagtail's listing (its exports are formula-safe, as
every admin export is: core/export.py), the answers to its choice questions counted, and the count
of posts the spam defences turned away."""

from wagtail.contrib.forms.views import SubmissionsListView as WagtailSubmissionsListView

from protection.spam import Reason

from .models import BlockedAttempt
from .summary import choice_summaries

BLOCKED_DAYS = 30


class SubmissionsListView(WagtailSubmissionsListView):
    results_template_name = "formpages/admin/list_submissions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            counts = BlockedAttempt.recent_counts(self.form_page, days=BLOCKED_DAYS)
            context["blocked_days"] = BLOCKED_DAYS
            context["blocked_total"] = sum(counts.values())
            context["blocked_counts"] = [(reason.label, counts.get(reason.value, 0)) for reason in Reason]
            # Over every submission the filters keep, not only the page shown.
            context["summaries"], context["summarised"] = choice_summaries(self.form_page, self.object_list)
        return context
