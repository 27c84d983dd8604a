"""The page editor and the dashboard's review buttons, saying what a review did.

Wagtail says "has been updated" after Approve in the editor (also when the page went live or was
scheduled), nothing after Approve on the dashboard, and shows a publisher's request for changes only
under Status › details.
"""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import Page, TaskState, WorkflowState


def review_outcome(page, action):
    """What a reviewer's action did to the page, in a sentence."""
    page = Page.objects.get(pk=page.pk).specific
    title = f"“{page.get_admin_display_title()}”"
    if action == "reject":
        return f"Changes requested on {title}: whoever submitted it is emailed, with your comment. It stays a draft."
    if scheduled := page.scheduled_revision:
        go_live = date_format(localtime(scheduled.approved_go_live_at), "j F Y, g:i A")
        return f"{title} is approved and scheduled: it goes live on {go_live}."
    if page.workflow_in_progress:
        return f"{title} is approved at this step; it is now waiting for the next review."
    if page.live and not page.has_unpublished_changes:
        return f"{title} is approved and published."
    return f"{title} is approved."


class ReviewEditView(EditView):
    def perform_workflow_action(self):
        self.reviewed = True
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        if getattr(self, "reviewed", False):
            messages.success(self.request, review_outcome(self.page, self.workflow_action))
        else:
            super().add_save_confirmation_message()

    def get(self, request, *args, **kwargs):
        if self.workflow_state and self.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            self.show_requested_changes()
        return super().get(request, *args, **kwargs)

    def show_requested_changes(self):
        request = (
            self.workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED)
            .select_related("finished_by")
            .order_by("-finished_at")
            .first()
        )
        if request is None:
            return
        reviewer = request.finished_by
        who = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "A reviewer"
        comment = request.get_comment()
        messages.warning(
            self.request,
            f"{who} asked for changes"
            + (f": “{comment}”" if comment else ".")
            + " Make them, then submit the page for review again.",
        )


class ReviewWorkflowActionView(WorkflowActionView):
    """The dashboard's Approve and Request changes buttons (and their dialog)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:  # not a dialog shown again with errors
            messages.success(request, review_outcome(self.object, self.action_name))
        return response
