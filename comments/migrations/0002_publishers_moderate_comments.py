"""Publishers moderate readers' comments: they approve, reject, mark spam and reply (comments/admin_views.py)."""

from django.db import migrations

ROLES = ["Publishers"]


def permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    found, _ = apps.get_model("auth.Permission").objects.get_or_create(
        content_type=content_type,
        codename="moderate_comment",
        defaults={"name": "Can approve, reject and reply to comments"},
    )
    return found


def let_publishers_moderate(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        group.permissions.add(permission(apps))


def take_it_back(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_comments_and_their_emails"),
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(let_publishers_moderate, take_it_back)]
