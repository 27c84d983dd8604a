"""The link emailed to a commenter to delete their own comment: signed, naming the comment, expiring."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import Comment

DELETE_SALT = "comments.delete"


def delete_token(comment):
    return signing.dumps(comment.pk, salt=DELETE_SALT)


def comment_for_delete_token(token):
    """The comment a delete link names while the link is valid; None for a forged, expired or used one."""
    try:
        pk = signing.loads(token, salt=DELETE_SALT, max_age=timedelta(days=settings.COMMENTS_DELETE_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Comment.objects.select_related("page").filter(pk=pk).first() if isinstance(pk, int) else None
