"""The moved tables take this app's names, once every app's state points here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0001_initial"),
        ("stories", "0004_people_and_districts_leave_stories"),
        ("playbook", "0004_conditions_to_taxonomy_and_self_assessment_to_assessment"),
        ("webinars", "0005_presenters_from_taxonomy"),
        ("home", "0004_settings_to_core_voices_from_taxonomy"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=None)
        for name in ["person", "district", "systemcondition", "assessmentstatement"]
    ]
