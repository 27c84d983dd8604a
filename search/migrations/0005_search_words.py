"""The spelling vocabulary (search/spelling.py), filled from what the search index holds now."""

from collections import Counter

from django.db import migrations, models

from search.spelling import words_of


def fill(apps, schema_editor):
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    SearchWord = apps.get_model("search", "SearchWord")
    columns = ("title_text", "body_text") if schema_editor.connection.vendor == "postgresql" else ("title", "body")
    pages = Counter()
    for row in IndexEntry.objects.values_list(*columns).iterator():
        pages.update(words_of(" ".join(filter(None, row))))
    SearchWord.objects.bulk_create([SearchWord(word=w, pages=n) for w, n in pages.items()], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_stemmed_full_text_analysis")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("pages", models.PositiveIntegerField(default=1)),
            ],
            options={"verbose_name": "search word"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
