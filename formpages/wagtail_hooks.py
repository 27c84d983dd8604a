from django.contrib.auth.models import Permission
from wagtail import hooks

from .models import REVIEW_PERMISSION


@hooks.register("filter_form_submissions_for_user")
def only_reviewers_see_submissions(user, editable_forms):
    """Wagtail shows submissions to anyone who can edit the form page; they are personal
    data, so it also takes the "Can see, export and delete form submissions" permission."""
    return editable_forms if user.has_perm(REVIEW_PERMISSION) else editable_forms.none()


@hooks.register("register_permissions")
def register_review_permission():
    # So it can be granted to a group in Settings › Groups.
    return Permission.objects.filter(content_type__app_label="formpages", codename="review_submission")
