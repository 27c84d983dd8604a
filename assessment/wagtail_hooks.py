from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SelfAssessmentReport, report_permissions


class SelfAssessmentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return report_permissions.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_self_assessment_report_urls():
    return [
        path("reports/self-assessment/", SelfAssessmentReport.as_view(), name="self_assessment_report"),
        path(
            "reports/self-assessment/results/",
            SelfAssessmentReport.as_view(results_only=True),
            name="self_assessment_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_self_assessment_report_menu_item():
    return SelfAssessmentReportMenuItem(
        "Self-assessment figures", reverse("self_assessment_report"), name="self-assessment", icon_name="list-ol"
    )


@hooks.register("register_permissions")
def register_self_assessment_report_permission():
    # Offered in group settings: the figures only, never a response (there is no view of one).
    return Permission.objects.filter(content_type__app_label="assessment", codename="view_assessmentresponse")
