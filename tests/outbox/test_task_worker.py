"""TASKS_BACKEND=database: registration emails wait in the database until the worker, a process of
its own (`manage.py db_worker`), sends them; the web request never sends mail itself."""

import datetime
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from devtools.production_server import database_url
from tests.utils import routable_home_page
from webinars.factories import WebinarIndexPageFactory, WebinarPageFactory
from webinars.models import RegistrationEmail, WebinarIndexPage
from webinars.registration import register


# transaction=True: the worker process only sees committed rows, and commits its own.
@pytest.mark.django_db(transaction=True)
def test_emails_are_queued_by_the_request_and_sent_by_the_worker_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    index = WebinarIndexPage.objects.first() or WebinarIndexPageFactory(parent=routable_home_page())
    webinar = WebinarPageFactory(parent=index, start=timezone.now() + datetime.timedelta(days=5))
    register(webinar, {"name": "Ada", "email": "ada@example.org", "role": "teacher", "consent": True})
    queued = DBTaskResult.objects.filter(task_path="webinars.tasks.send_registration_email")
    assert queued.count() == 1 and RegistrationEmail.objects.get().sent_at is None

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ctqsite.settings.production",
            "SECRET_KEY": "worker-" + "k3y" * 20,
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url(connection.settings_dict),
            "TASKS_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert RegistrationEmail.objects.get().sent_at is not None
    # Wagtail's own tasks (search and reference index updates) went through the worker too.
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
