"""An index of the pages that have an expiry time, for searchable_pages(): every search and suggestion
leaves out the expired pages, and without it that read the whole page table (3 ms a search at
10,000 pages on PostgreSQL, and it made the planner hash every page to join a few matches)."""

from django.db import migrations

INDEX = "search_page_expire_at"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_search_words"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON wagtailcore_page (expire_at) WHERE expire_at IS NOT NULL",
            f"DROP INDEX {INDEX}",
        ),
    ]
