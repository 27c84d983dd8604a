"""The site settings move here from home, rows kept."""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

from taxonomy.migrations._moved_models import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("home", "0003_alter_standardpage_body"),
        ("editorial", "0001_roles_and_review_workflow"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("contact_email", models.EmailField(blank=True, help_text="Where form notifications go unless a form sets its own.", max_length=254)),
                        ("footer_text", wagtail.fields.RichTextField(blank=True)),
                        ("facebook_url", models.URLField(blank=True)),
                        ("x_url", models.URLField(blank=True, verbose_name="X (Twitter) URL")),
                        ("linkedin_url", models.URLField(blank=True, verbose_name="LinkedIn URL")),
                        ("youtube_url", models.URLField(blank=True, verbose_name="YouTube URL")),
                        ("contact_page", models.ForeignKey(blank=True, help_text="Where every 'Get in touch' button leads.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.page")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={"verbose_name": "site settings", "db_table": "home_sitesettings"},
                ),
            ],
        ),
        move_content_types("home", "core", ["sitesettings"]),
    ]
