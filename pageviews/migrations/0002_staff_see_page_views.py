"""Every staff role sees the page views report: editors, publishers and webinar managers all decide what to
write next from what is read."""

from django.db import migrations

ROLES = ["Editors", "Publishers", "Webinar managers"]


def permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="pageviews", model="pageviewday")
    found, _ = apps.get_model("auth.Permission").objects.get_or_create(
        content_type=content_type, codename="view_pageviewday", defaults={"name": "Can view page views on a day"}
    )
    return found


def let_staff_see_page_views(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        group.permissions.add(permission(apps))


def take_it_back(apps, schema_editor):
    for group in apps.get_model("auth.Group").objects.filter(name__in=ROLES):
        group.permissions.remove(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("pageviews", "0001_page_views_per_day"),
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(let_staff_see_page_views, take_it_back)]
