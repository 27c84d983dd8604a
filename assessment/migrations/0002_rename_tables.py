"""The moved tables take this app's names, once playbook's state no longer holds them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("playbook", "0004_conditions_to_taxonomy_and_self_assessment_to_assessment"),
        ("taxonomy", "0002_rename_tables"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=None)
        for name in ["selfassessmentpage", "teamassessment", "assessmentresponse", "conditionscore"]
    ]
