"""System conditions are drafts until published (taxonomy 0003): Publishers may publish them, Editors may not.

Wagtail makes a snippet's publish permission after all migrations have run; the role needs it now.
"""

from django.db import migrations

PUBLISHERS = "Publishers"


def publish_permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="taxonomy", model="systemcondition")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="publish_systemcondition",
        defaults={"name": "Can publish system condition"},
    )
    return permission


def let_publishers_publish(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=PUBLISHERS).first()
    if group:
        group.permissions.add(publish_permission(apps))


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name=PUBLISHERS):
        group.permissions.remove(*Permission.objects.filter(codename="publish_systemcondition"))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles_and_review_workflow"),
        ("taxonomy", "0003_system_conditions_drafts_and_revisions"),
    ]

    operations = [migrations.RunPython(let_publishers_publish, take_it_back)]
