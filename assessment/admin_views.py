"""Staff's view of the self-assessment: how many people took it and the average per condition.

Only aggregate figures: no view lists a response, a team or a name, and the averages count
published scores only (answers in whole groups, as the team pages do), so a change in the report
never shows one person's answers. Holders of ``assessment.view_assessmentresponse`` see the report.
"""

from django.db.models import Avg, Count, Q
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from taxonomy.models import SystemCondition

from .models import AssessmentResponse, TeamAssessment, TeamPlan
from .scoring import FIGURES_GROUP_SIZE, published_scores, shown

report_permissions = ModelPermissionPolicy(AssessmentResponse)


def average(condition):
    return shown(condition.average) if condition.responses else "–"


class SelfAssessmentReport(ReportView):
    page_title = "Self-assessment figures"
    header_icon = "list-ol"
    index_url_name = "self_assessment_report"
    index_results_url_name = "self_assessment_report_results"
    results_template_name = "assessment/admin/self_assessment_report_results.html"
    permission_policy = report_permissions
    any_permission_required = ["view"]
    columns = [
        Column("name", label="System condition"),
        Column("responses", label="Answers counted"),
        Column("average", label="Average score (1–4)", accessor=average),
    ]

    def get_queryset(self):
        published = Q(assessment_scores__in=published_scores().values("pk"))
        return SystemCondition.objects.annotate(
            average=Avg("assessment_scores__score", filter=published),
            responses=Count("assessment_scores", filter=published),
        ).order_by("sort_order", "name")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["group_size"] = FIGURES_GROUP_SIZE
        context["totals"] = {
            **AssessmentResponse.objects.aggregate(
                on_their_own=Count("pk", filter=Q(team__isnull=True)),
                team_members=Count("pk", filter=Q(team__isnull=False)),
            ),
            **TeamAssessment.objects.aggregate(
                teams=Count("pk"),
                open_teams=Count("pk", filter=Q(closed_at__isnull=True)),
                later_rounds=Count("pk", filter=Q(round_number__gt=1)),
            ),
            "plans": TeamPlan.objects.count(),
        }
        # Which conditions teams chose to work on: counts only, never a team's plan or its words.
        context["chosen"] = (
            SystemCondition.objects.annotate(plans=Count("team_plans"))
            .filter(plans__gt=0)
            .order_by("sort_order", "name")
            .values_list("name", "plans")
        )
        return context
