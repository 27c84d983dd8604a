"""Case studies and posts point at taxonomy's districts, people and conditions; states from django-localflavor."""

import django.db.models.deletion
import localflavor.us.models
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_alter_casestudypage_body_and_more"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="casestudypage",
                    name="district",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="case_studies", to="taxonomy.district"),
                ),
                migrations.AlterField(
                    model_name="roundtablepostauthor",
                    name="person",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="roundtable_posts", to="taxonomy.person"),
                ),
                migrations.AlterField(
                    model_name="casestudypage",
                    name="conditions",
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text="The system conditions this story illustrates.", related_name="case_studies", to="taxonomy.systemcondition"),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="casestudypage",
            name="state",
            field=localflavor.us.models.USStateField(blank=True, max_length=2),
        ),
    ]
