"""The three roles communications staff work in, and review before publishing on the whole site.

Each role gets exactly the permissions listed here: running this again resets a
group to them (permissions added by hand in the admin are removed).

- Editors write drafts of every page type, submit them for review, and upload
  images and documents (and edit what they uploaded).
- Publishers also approve and publish, and manage snippets, images, documents,
  redirects, promoted search results and site settings; they see form submissions
  and the self-assessment figures. They are the reviewers.
- Webinar managers see and export webinar registrants, nothing else.

Wagtail's own migrations made "Editors" and "Moderators" groups and a
"Moderators approval" workflow; "Moderators" becomes "Publishers" (its members
keep publishing) and the default workflow is replaced.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PUBLISHERS = "Publishers"
WEBINAR_MANAGERS = "Webinar managers"
REVIEW_WORKFLOW = "Review before publishing"
REVIEW_TASK = "Publisher review"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

SNIPPETS = ["stories.person", "stories.district", "playbook.systemcondition", "webinars.webinarseries", "search.searchsynonym"]


def manage(*models):
    return [f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in ("add", "change", "delete")]


ROLES = {
    EDITORS: {
        "permissions": ["wagtailadmin.access_admin"],
        "pages": ["add_page", "change_page"],
        "collections": ["add_image", "choose_image", "add_document", "choose_document"],
    },
    PUBLISHERS: {
        "permissions": [
            "wagtailadmin.access_admin",
            *manage(*SNIPPETS, "wagtailredirects.redirect", "wagtailsearchpromotions.searchpromotion"),
            "home.change_sitesettings",
            "search.view_unansweredsearch",
            "formpages.review_submission",
            "playbook.view_assessmentresponse",
        ],
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collections": [
            *(f"{action}_image" for action in ("add", "change", "delete", "choose")),
            *(f"{action}_document" for action in ("add", "change", "delete", "choose")),
        ],
    },
    WEBINAR_MANAGERS: {
        "permissions": ["wagtailadmin.access_admin", "webinars.view_registration"],
        "pages": [],
        "collections": [],
    },
}


# Apps whose models later moved (issue 15): the permissions are found under either label, so
# running setup_roles again on today's database gives the same roles.
MOVED_TO = {"stories": ["taxonomy"], "playbook": ["taxonomy", "assessment"], "home": ["core"]}


def create_all_permissions(apps):
    """Permissions are normally made after every migration has run; the roles need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def setup_roles(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    if not Group.objects.filter(name=PUBLISHERS).exists():
        Group.objects.filter(name="Moderators").update(name=PUBLISHERS)

    site = Site.objects.filter(is_default_site=True).first()
    # The home page, not the tree's root: editors' explorer opens on the site itself.
    home = site.root_page if site else Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    def permission(codename, app_label=None):
        lookup = {"codename": codename}
        if app_label:
            lookup["content_type__app_label__in"] = [app_label, *MOVED_TO.get(app_label, [])]
        return Permission.objects.get(**lookup)

    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(codename, app_label) for app_label, codename in
                               (label.split(".") for label in role["permissions"])])
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in role["pages"]:
            GroupPagePermission.objects.create(group=group, page=home, permission=permission(codename, "wagtailcore"))
        GroupCollectionPermission.objects.filter(group=group).delete()
        for codename in role["collections"]:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=permission(codename)
            )


def setup_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    # Historical models do not set a task's type themselves.
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first() or GroupApprovalTask.objects.create(
        name=REVIEW_TASK, content_type=task_type, active=True
    )
    task.groups.set([Group.objects.get(name=PUBLISHERS)])

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # On the tree's root, so every page of every site goes through review.
    WorkflowPage.objects.update_or_create(page=Page.objects.get(depth=1), defaults={"workflow": workflow})

    default = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, workflow_pages__isnull=True)
    GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)
    default.update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("home", "0003_alter_standardpage_body"),
        ("stories", "0002_alter_casestudypage_body_and_more"),
        ("playbook", "0003_self_assessment"),
        ("formpages", "0002_submissions_emails_and_spam_counts"),
        ("webinars", "0002_registrations"),
        ("search", "0002_indexentry_title_body_gin"),
    ]

    operations = [
        migrations.RunPython(setup_roles, migrations.RunPython.noop),
        migrations.RunPython(setup_review_workflow, migrations.RunPython.noop),
    ]
