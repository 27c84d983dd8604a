"""The system conditions now belong to taxonomy and the self-assessment to assessment (same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("playbook", "0003_self_assessment"),
        ("taxonomy", "0001_initial"),
        ("assessment", "0001_initial"),
        ("stories", "0003_people_and_districts_to_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="strategyguidepage",
                    name="condition",
                    field=models.ForeignKey(blank=True, help_text="Leave blank for the playbook overview guide.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="guides", to="taxonomy.systemcondition"),
                ),
                migrations.DeleteModel(name="ConditionScore"),
                migrations.DeleteModel(name="AssessmentResponse"),
                migrations.DeleteModel(name="TeamAssessment"),
                migrations.DeleteModel(name="SelfAssessmentPage"),
                migrations.DeleteModel(name="AssessmentStatement"),
                migrations.DeleteModel(name="SystemCondition"),
            ],
        ),
    ]
