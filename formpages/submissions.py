"""Saving a filled-in form once, with the emails it owes queued to go after commit."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from outbox.sending import send_after_commit
from protection.spam import STARTED_FIELD

from .models import Submission, SubmissionEmail
from .tasks import send_submission_email


def save_submission(page, form):
    """Save the submission and queue its emails to go after commit.

    Returns None when this same filled-in form (same answers, same showing of the
    form) was saved before: a double click or a resend saves it once.
    """
    key = duplicate_key(page, form)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(page=page, form_data=form.cleaned_data, duplicate_key=key)
            for kind in page.emails_owed(submission):
                email = SubmissionEmail.objects.create(submission=submission, kind=kind)
                send_after_commit(email, send_submission_email)
    except IntegrityError:
        if Submission.objects.filter(duplicate_key=key).exists():
            return None
        raise
    return submission


def duplicate_key(page, form):
    """A digest of the page, the stamp of the form's showing and the answers."""
    content = json.dumps(
        [page.pk, form.data.get(STARTED_FIELD, ""), form.cleaned_data], cls=DjangoJSONEncoder, sort_keys=True
    )
    return hashlib.sha256(content.encode()).hexdigest()
