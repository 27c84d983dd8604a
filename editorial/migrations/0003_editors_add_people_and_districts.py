"""Editors add and correct the people and districts their stories and posts need (issue 18, item 3):
the panels pointed them to menus only Publishers had. Deleting stays with Publishers, since a
person or district may be linked from pages the editor has not seen."""

from django.db import migrations

EDITORS = "Editors"
GRANTED = [(model, action) for model in ("person", "district") for action in ("add", "change")]


def permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    found = []
    for model, action in GRANTED:
        content_type, _ = ContentType.objects.get_or_create(app_label="taxonomy", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )
        found.append(permission)
    return found


def let_editors_add_people_and_districts(apps, schema_editor):
    group = apps.get_model("auth.Group").objects.filter(name=EDITORS).first()
    if group:
        group.permissions.add(*permissions(apps))


def take_it_back(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name=EDITORS):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_publishers_publish_system_conditions"),
        ("taxonomy", "0003_system_conditions_drafts_and_revisions"),
    ]

    operations = [migrations.RunPython(let_editors_add_people_and_districts, take_it_back)]
