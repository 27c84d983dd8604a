"""The site settings now belong to core and voices' people to taxonomy (same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_alter_standardpage_body"),
        ("taxonomy", "0001_initial"),
        ("core", "0001_initial"),
        ("stories", "0003_people_and_districts_to_taxonomy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="homepagevoice",
                    name="person",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taxonomy.person"),
                ),
                migrations.DeleteModel(name="SiteSettings"),
            ],
        ),
    ]
