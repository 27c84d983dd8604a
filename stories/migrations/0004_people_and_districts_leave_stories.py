"""Person and District now belong to taxonomy (same tables, renamed there), once nothing points here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_people_and_districts_to_taxonomy"),
        ("webinars", "0005_presenters_from_taxonomy"),
        ("home", "0004_settings_to_core_voices_from_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="District"), migrations.DeleteModel(name="Person")],
        ),
    ]
