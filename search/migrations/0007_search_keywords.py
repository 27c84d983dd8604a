"""Each index entry's key words (search/keywords.py), filled from what the search index holds now."""

from django.db import migrations, models

from search.keywords import rebuild_keywords


def fill(apps, schema_editor):
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    SearchKeyword = apps.get_model("search", "SearchKeyword")
    columns = ("title_text", "body_text") if schema_editor.connection.vendor == "postgresql" else ("title", "body")
    rebuild_keywords(IndexEntry.objects.values_list("id", *columns).iterator(), SearchKeyword)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_page_expiry_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchKeyword",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "entry_id",
                    models.IntegerField(help_text="The search index entry (wagtailsearch's IndexEntry) the word is of."),
                ),
                ("word", models.CharField(max_length=64)),
                ("weight", models.PositiveIntegerField()),
            ],
            options={
                "verbose_name": "search keyword",
                "indexes": [
                    models.Index(fields=["word", "-weight", "entry_id"], name="search_keyword_best"),
                    models.Index(fields=["entry_id"], name="search_keyword_entry"),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
