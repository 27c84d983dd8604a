"""People, districts and the system conditions move here from stories and playbook, rows kept."""

import django.db.models.deletion
import localflavor.us.models
import modelcluster.fields
import modelsearch.index
from django.db import migrations, models

from taxonomy.migrations._moved_models import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("stories", "0002_alter_casestudypage_body_and_more"),
        ("playbook", "0003_self_assessment"),
        # Its roles are given permissions on these models by their old content types.
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="District",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=160, unique=True)),
                        ("acronym", models.CharField(blank=True, help_text="e.g. PUSD. Searches for it find the district.", max_length=20)),
                        ("state", localflavor.us.models.USStateField(blank=True, max_length=2)),
                    ],
                    options={"ordering": ["name"], "db_table": "stories_district"},
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="SystemCondition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, unique=True)),
                        ("slug", models.SlugField(help_text="Used in addresses and filters.", max_length=80, unique=True)),
                        ("short_description", models.TextField(help_text="One or two sentences for the playbook table.", max_length=400)),
                        ("sort_order", models.PositiveSmallIntegerField(default=0, editable=False)),
                    ],
                    options={"ordering": ["sort_order", "name"], "db_table": "playbook_systemcondition"},
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120)),
                        ("role", models.CharField(blank=True, help_text="e.g. 'State Superintendent of Education'.", max_length=200)),
                        ("organisation", models.CharField(blank=True, help_text="Where they work, with the place.", max_length=200)),
                        ("bio", models.TextField(blank=True, help_text="Two or three sentences, shown under their posts.", max_length=800)),
                        ("photo", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailimages.image")),
                    ],
                    options={"verbose_name_plural": "people", "ordering": ["name"], "db_table": "stories_person"},
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="AssessmentStatement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("text", models.CharField(help_text="A sentence a team can agree or disagree with, e.g. 'We revisit our goals each term.'", max_length=240)),
                        ("condition", modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name="statements", to="taxonomy.systemcondition")),
                    ],
                    options={"ordering": ["sort_order"], "abstract": False, "db_table": "playbook_assessmentstatement"},
                ),
            ],
        ),
        move_content_types("stories", "taxonomy", ["person", "district"]),
        move_content_types("playbook", "taxonomy", ["systemcondition", "assessmentstatement"]),
    ]
