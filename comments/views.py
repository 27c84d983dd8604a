"""A reader's side of comments: the form, which has a route of its own, and deleting one's own comment.

The post page shows only published comments and links to the form, so it stays one shared copy
in the page cache: a form with a CSRF token or a fill-time stamp cannot be shared (each visitor
needs their own, and a cached stamp would grow old). Every POST redirects.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_protect

from protection.ratelimit import RateLimit
from protection.spam import Reason, blocked_reason, form_context
from stories.models import RoundtablePostPage

from .forms import CommentForm
from .links import comment_for_delete_token
from .moderation import closes_at, is_open, post_comment

COMMENT_POSTS = RateLimit("comments", "COMMENT_RATE_LIMIT")
# The form's name in its protection.spam stamp, so no other form's stamp passes here.
SPAM_FORM = "comment"
AWAITING = "Thank you. Your comment is awaiting moderation: it appears here once our team has read it."


def render_form(request, post, form, status=200, blocked=None):
    context = {
        "page": post,
        "form": form,
        "blocked": blocked,
        "open": is_open(post),
        "closed_on": date_format(closes_at(post), "j F Y"),
        "rate_limit_minutes": COMMENT_POSTS.minutes,
        "replying_to": replying_to(form),
        **form_context(post, SPAM_FORM),
    }
    return TemplateResponse(request, "comments/comment_form.html", context, status=status)


def replying_to(form):
    """The published comment the form answers, if it names one."""
    parent = str(form["parent"].value() or "")
    return form.fields["parent"].queryset.filter(pk=parent).first() if parent.isdigit() else None


def post_url(post):
    return post.url + "#comments"


@csrf_protect
def comment_form(request, post_id):
    post = get_object_or_404(RoundtablePostPage.objects.live().public(), pk=post_id)
    if request.method != "POST":
        reply_to = request.GET.get("reply_to", "")
        form = CommentForm(page=post, initial={"parent": reply_to if reply_to.isdigit() else None})
        return render_form(request, post, form, status=200 if is_open(post) else 403)
    form = CommentForm(request.POST, page=post)
    reason = blocked_reason(request, post, SPAM_FORM, rate_limit=COMMENT_POSTS)
    if reason == Reason.HONEYPOT:
        # Only robots fill in a field nobody sees: it looks like success so they learn nothing.
        messages.success(request, AWAITING)
        return redirect(post_url(post))
    if reason or not is_open(post):
        # What they typed comes back, unvalidated, with what to do (or that comments have closed).
        kept = CommentForm(initial={field.name: field.data for field in form}, page=post)
        response = render_form(request, post, kept, status=403 if not reason else 200, blocked=reason)
        return COMMENT_POSTS.refuse(response) if reason == Reason.RATE_LIMITED else response
    if not form.is_valid():
        return render_form(request, post, form, status=400)
    data = form.cleaned_data
    comment = post_comment(post, data["name"], data["email"], data["body"], parent=data["parent"])
    if comment.status == comment.Status.APPROVED:
        messages.success(request, "Thank you. Your comment is published.")
    else:
        messages.success(request, AWAITING)
    return redirect(post_url(post))


@csrf_protect
def delete_comment(request, token):
    comment = comment_for_delete_token(token)
    if comment is None:
        link_days = settings.COMMENTS_DELETE_LINK_DAYS
        return TemplateResponse(request, "comments/link_not_found.html", {"link_days": link_days}, status=404)
    post = comment.page
    if request.method == "POST":
        comment.delete()
        messages.success(request, "Your comment is deleted.")
        return redirect(post_url(post))
    return TemplateResponse(request, "comments/delete.html", {"comment": comment, "page": post})
