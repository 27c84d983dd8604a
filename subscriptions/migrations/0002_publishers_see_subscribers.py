"""Publishers see the subscribers (counts, export) and remove them; nobody else but superusers does."""

from django.db import migrations

ROLE = "Publishers"
PERMISSIONS = {"view_subscriber": "Can view subscriber", "delete_subscriber": "Can delete subscriber"}


def permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="subscriptions", model="subscriber")
    Permission = apps.get_model("auth.Permission")
    return [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS.items()
    ]


def let_publishers_see_subscribers(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name=ROLE):
        group.permissions.add(*permissions(apps))


def take_it_back(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name=ROLE):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_subscribers"),
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(let_publishers_see_subscribers, take_it_back)]
