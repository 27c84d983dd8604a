"""The self-assessment moves here from playbook, rows kept."""

import django.db.models.deletion
import django.utils.timezone
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.db import migrations, models

import assessment.models
from taxonomy.migrations._moved_models import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("taxonomy", "0001_initial"),
        ("playbook", "0003_self_assessment"),
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SelfAssessmentPage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to="wagtailcore.page")),
                        ("intro", wagtail.fields.RichTextField(help_text="What the self-assessment is and how long it takes.")),
                        ("team_intro", wagtail.fields.RichTextField(blank=True, help_text="Shown above the form that starts a team assessment.")),
                        ("results_intro", wagtail.fields.RichTextField(blank=True, help_text="Shown at the top of every results page.")),
                    ],
                    options={"abstract": False, "db_table": "playbook_selfassessmentpage"},
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, "wagtailcore.page"),
                ),
                migrations.CreateModel(
                    name="TeamAssessment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(blank=True, max_length=120, verbose_name="Team name")),
                        ("share_token", models.CharField(default=assessment.models.new_token, editable=False, max_length=64, unique=True)),
                        ("owner_token", models.CharField(default=assessment.models.new_token, editable=False, max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_activity_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("closed_at", models.DateTimeField(blank=True, null=True)),
                        ("page", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="team_assessments", to="assessment.selfassessmentpage")),
                    ],
                    options={"ordering": ["-created_at", "pk"], "db_table": "playbook_teamassessment"},
                ),
                migrations.CreateModel(
                    name="AssessmentResponse",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(default=assessment.models.new_token, editable=False, max_length=64, unique=True)),
                        ("name", models.CharField(blank=True, max_length=80)),
                        ("role", models.CharField(blank=True, max_length=80)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("page", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="responses", to="assessment.selfassessmentpage")),
                        ("team", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="responses", to="assessment.teamassessment")),
                    ],
                    options={"verbose_name": "self-assessment response", "ordering": ["created_at", "pk"], "db_table": "playbook_assessmentresponse"},
                ),
                migrations.CreateModel(
                    name="ConditionScore",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("score", models.FloatField()),
                        ("condition", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assessment_scores", to="taxonomy.systemcondition")),
                        ("response", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="scores", to="assessment.assessmentresponse")),
                    ],
                    options={
                        "db_table": "playbook_conditionscore",
                        "constraints": [
                            models.UniqueConstraint(fields=("response", "condition"), name="one_score_per_condition_per_response"),
                            models.CheckConstraint(condition=models.Q(("score__gte", 1), ("score__lte", 4)), name="score_within_the_rubric"),
                        ],
                    },
                ),
            ],
        ),
        move_content_types(
            "playbook", "assessment", ["selfassessmentpage", "teamassessment", "assessmentresponse", "conditionscore"]
        ),
    ]
