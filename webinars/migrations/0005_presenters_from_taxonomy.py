"""Presenters are taxonomy's people (same table); registrants' states from django-localflavor."""

import django.db.models.deletion
import localflavor.us.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("webinars", "0004_registration_email_lease"),
        ("taxonomy", "0001_initial"),
        ("stories", "0003_people_and_districts_to_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="webinarpresenter",
                    name="person",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="webinars_presented", to="taxonomy.person"),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="registration",
            name="state",
            field=localflavor.us.models.USStateField(blank=True, max_length=2),
        ),
    ]
