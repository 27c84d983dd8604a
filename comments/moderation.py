"""What happens to a comment: posted (and the emails it owes), approved, rejected, marked spam,
answered by staff, deleted by its writer through the signed link emailed to them.

Each change saves the comment itself (never a bulk update), so the page cache hears of it
(pagecache/signals.py) and the post and the cards that count its comments show it at once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.sending import send_after_commit

from .models import Comment, CommentEmail
from .tasks import send_comment_email

# At most one "comments are waiting" email in this time: the queue lists them all.
MODERATORS_EMAIL_EVERY = timedelta(minutes=15)


def closes_at(page):
    """When the post stops taking comments: COMMENTS_CLOSE_AFTER_DAYS after it was first published."""
    published = page.first_published_at or timezone.now()
    return published + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)


def is_open(page):
    return timezone.now() < closes_at(page)


def owe(comment, kind):
    send_after_commit(CommentEmail.objects.create(comment=comment, kind=kind), send_comment_email)


def post_comment(page, name, email, body, parent=None):
    """Save a reader's comment, held for review unless its address is trusted; email what it owes."""
    trusted = settings.COMMENTS_TRUST_APPROVED_AUTHORS and Comment.objects.approved().filter(email=email).exists()
    with transaction.atomic():
        comment = Comment.objects.create(
            page=page,
            parent=parent,
            name=name,
            email=email,
            body=body,
            status=Comment.Status.APPROVED if trusted else Comment.Status.PENDING,
            approved_at=timezone.now() if trusted else None,
        )
        owe(comment, CommentEmail.Kind.DELETE_LINK)
        recently = timezone.now() - MODERATORS_EMAIL_EVERY
        if (
            not trusted
            and not CommentEmail.objects.filter(kind=CommentEmail.Kind.MODERATORS, created_at__gte=recently).exists()
        ):
            owe(comment, CommentEmail.Kind.MODERATORS)
    return comment


def set_status(comments, status):
    """Approve, reject or mark spam each comment; returns how many changed."""
    changed = 0
    for comment in comments:
        if comment.status == status:
            continue
        comment.status = status
        comment.approved_at = timezone.now() if status == Comment.Status.APPROVED else None
        comment.save(update_fields=["status", "approved_at"])
        changed += 1
    return changed


def reply_as_staff(comment, body, user):
    """Publish the organisation's answer under a comment (under its parent if it is a reply),
    approving the comment answered: a reply to a comment nobody can see would make no sense."""
    with transaction.atomic():
        set_status([comment], Comment.Status.APPROVED)
        return Comment.objects.create(
            page=comment.page,
            parent=comment.parent or comment,
            name=settings.WAGTAIL_SITE_NAME,
            email=user.email or settings.DEFAULT_FROM_EMAIL,
            body=body,
            status=Comment.Status.APPROVED,
            approved_at=timezone.now(),
            is_staff_reply=True,
        )
