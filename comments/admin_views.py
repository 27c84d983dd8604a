"""The moderators' queue in the admin: comments by status, approved, rejected or marked spam a page at
a time, answered in the organisation's name, exported.

Comments hold readers' names and email addresses: only holders of comments.moderate_comment
(the Publishers group) see them. Every change goes through comments.moderation.
"""

import csv
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.export import neutralise_formula

from .models import BODY_MAX_LENGTH, MODERATE_PERMISSION, Comment
from .moderation import reply_as_staff, set_status

Status = Comment.Status
# The buttons under the list: what each does and what the message says.
ACTIONS = {
    "approve": (Status.APPROVED, "published"),
    "reject": (Status.REJECTED, "rejected"),
    "spam": (Status.SPAM, "marked as spam"),
}
EXPORT_COLUMNS = ["Post", "Name", "Email", "Comment", "Status", "Written", "Reply to", "By our team"]


def moderators_only(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def chosen_status(request):
    status = request.GET.get("status", Status.PENDING)
    return status if status in Status.values else Status.PENDING


def listed(status):
    return Comment.objects.filter(status=status).select_related("page", "parent").order_by("-created_at", "-pk")


@moderators_only
@require_http_methods(["GET", "POST"])
def queue(request):
    status = chosen_status(request)
    back = f"{reverse('comments_queue')}?status={status}"
    if request.method == "POST":
        action = request.POST.get("action")
        ids = [value for value in request.POST.getlist("comment") if value.isdigit()]
        if (action not in ACTIONS and action != "delete") or not ids:
            messages.error(request, "Choose one or more comments and what to do with them.")
            return redirect(back)
        chosen = Comment.objects.filter(pk__in=ids).select_related("page")
        if action == "delete":
            # One by one, so the page cache hears of each (a writer asking for their data to go).
            changed = sum(comment.delete()[0] > 0 for comment in chosen)
            messages.success(request, f"{changed} comment{'s' if changed != 1 else ''} deleted, with their replies.")
            return redirect(back)
        new_status, done = ACTIONS[action]
        changed = set_status(chosen, new_status)
        messages.success(request, f"{changed} comment{'s' if changed != 1 else ''} {done}.")
        return redirect(back)
    counts = {choice: Comment.objects.filter(status=choice).count() for choice in Status.values}
    context = {
        "page_title": "Comments",
        "header_icon": "comment",
        "status": status,
        "tabs": [(value, label, counts[value]) for value, label in Status.choices],
        "comments": Paginator(listed(status), 50).get_page(request.GET.get("p")),
        "actions": [
            (name, label)
            for name, label in (("approve", "Publish"), ("reject", "Reject"), ("spam", "Spam"), ("delete", "Delete"))
        ],
    }
    return TemplateResponse(request, "comments/admin/queue.html", context)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text, published at once under the comment in the organisation's name. "
        "Replying also publishes the comment.",
    )


@moderators_only
@require_http_methods(["GET", "POST"])
def reply(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("page", "parent"), pk=pk)
    form = StaffReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reply_as_staff(comment, form.cleaned_data["body"].strip(), request.user)
        messages.success(request, f"Your reply to {comment.name} is published on “{comment.page.title}”.")
        return redirect(f"{reverse('comments_queue')}?status={Status.APPROVED}")
    context = {"page_title": f"Reply to {comment.name}", "header_icon": "comment", "comment": comment, "form": form}
    return TemplateResponse(request, "comments/admin/reply.html", context)


class Echo:
    def write(self, value):
        return value


@moderators_only
def export(request):
    """The listed status's comments as CSV, every cell quoted and formula-safe (core/export.py)."""
    status = chosen_status(request)
    writer = csv.writer(Echo(), quoting=csv.QUOTE_ALL)

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for comment in listed(status).iterator(chunk_size=500):
            cells = [
                comment.page.title,
                comment.name,
                comment.email,
                comment.body,
                comment.get_status_display(),
                timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
                comment.parent.name if comment.parent else "",
                "yes" if comment.is_staff_reply else "",
            ]
            yield writer.writerow([neutralise_formula(cell) for cell in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comments-{status}.csv"'
    return response
