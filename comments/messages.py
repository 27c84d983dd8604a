"""The email for each kind of CommentEmail.

Neither holds the commenter's words: the delete link goes to whatever address was typed, so a
comment must not be a way to send one's own text to someone else.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.sending import single_line

from .links import delete_token
from .models import MODERATE_PERMISSION, CommentEmail


def moderator_addresses():
    """Everyone given the moderate permission (the Publishers group has it), superusers only if given it too."""
    moderators = get_user_model().objects.with_perm(
        MODERATE_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return sorted({user.email for user in moderators.filter(is_active=True) if user.email})


def build_message(email):
    # The site's address (core/site_url keeps the default Site equal to it).
    from_here = settings.WAGTAILADMIN_BASE_URL
    comment = email.comment
    context = {"page": comment.page, "page_url": comment.page.get_full_url(), "site_name": settings.WAGTAIL_SITE_NAME}
    if email.kind == CommentEmail.Kind.MODERATORS:
        context["queue_url"] = from_here + reverse("comments_queue")
        return EmailMessage(
            subject=single_line(f"Comments are waiting for review: {comment.page.title}"),
            body=render_to_string("comments/email/moderators.txt", context),
            to=moderator_addresses(),
        )
    context.update(
        delete_url=from_here + reverse("delete_comment", args=[delete_token(comment)]),
        link_days=settings.COMMENTS_DELETE_LINK_DAYS,
    )
    return EmailMessage(
        subject=single_line(f"Your comment on “{comment.page.title}”"),
        body=render_to_string("comments/email/delete_link.txt", context),
        to=[comment.email],
    )
