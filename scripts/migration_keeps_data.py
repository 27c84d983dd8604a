"""A database made by an earlier commit migrates forward with every row kept.

Builds the demo site with BASE's code (default: the last commit before the models were re-housed),
migrates that database with this checkout's code, and compares the row count of every table,
following the tables the re-housing renamed. Also loads every page as its specific type, so each
content type still names a model. Uses DATABASE_URL when set (PostgreSQL: a scratch database
that is dropped and made again), else a temporary SQLite file.

    .venv/bin/python scripts/migration_keeps_data.py [BASE]
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = sys.argv[1] if len(sys.argv) > 1 else "7f20d61"
# Old table -> new table, for the models that moved app (issue 15).
RENAMED = {
    "stories_person": "taxonomy_person",
    "stories_district": "taxonomy_district",
    "playbook_systemcondition": "taxonomy_systemcondition",
    "playbook_assessmentstatement": "taxonomy_assessmentstatement",
    "playbook_selfassessmentpage": "assessment_selfassessmentpage",
    "playbook_teamassessment": "assessment_teamassessment",
    "playbook_assessmentresponse": "assessment_assessmentresponse",
    "playbook_conditionscore": "assessment_conditionscore",
    "home_sitesettings": "core_sitesettings",
}
# Tables a migration is meant to add rows to: new models bring content types and permissions, and
# editorial's migrations grant the new ones to the editors' groups.
GROWS = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
# FTS5's own b-tree segments: a rebuilt index (another tokenizer) lays them out anew. Its rows
# live in the _content and _docsize tables, which are compared.
FTS5_STORAGE = ("_fts_data", "_fts_idx")

COUNT = """
import json
from django.db import connection
from wagtail.models import Page
with connection.cursor() as cursor:
    counts = {}
    for table in connection.introspection.table_names():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
specific = sum(1 for page in Page.objects.specific() if type(page) is not Page or page.depth == 1)
print(json.dumps({"counts": counts, "specific_pages": specific}))
"""


def manage(checkout, env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=checkout, env=env, check=True, capture_output=True, text=True
    ).stdout


def main():
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ctqsite.settings.dev", "MEDIA_ROOT": f"{scratch}/media"}
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch}/db.sqlite3")
        if env["DATABASE_URL"].startswith("postgres"):
            server, _, name = env["DATABASE_URL"].rpartition("/")
            for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
                subprocess.run(["psql", "-q", f"{server}/postgres", "-c", statement], check=True)
        old = f"{scratch}/base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", old, BASE], cwd=ROOT, check=True)
        try:
            old_env = {**env, "PYTHONPATH": old}
            manage(old, old_env, "migrate", "--noinput", "-v0")
            manage(old, old_env, "load_demo_content", "-v0")
            before = json.loads(manage(old, old_env, "shell", "-c", COUNT).splitlines()[-1])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", old], cwd=ROOT, check=True)
        new_env = {**env, "PYTHONPATH": str(ROOT)}
        manage(ROOT, new_env, "migrate", "--noinput", "-v0")
        after = json.loads(manage(ROOT, new_env, "shell", "-c", COUNT).splitlines()[-1])

    lost = []
    for table, rows in sorted(before["counts"].items()):
        if table.endswith(FTS5_STORAGE):
            continue
        new_table = RENAMED.get(table, table)
        now = after["counts"].get(new_table)
        ok = now is not None and (now >= rows if table in GROWS else now == rows)
        print(f"{'ok  ' if ok else 'LOST'} {table:45} {rows:6} -> {new_table} {now}")
        if not ok:
            lost.append(table)
    pages_ok = after["specific_pages"] == before["specific_pages"]
    print(f"pages loaded as their own type: {before['specific_pages']} -> {after['specific_pages']}")
    if lost or not pages_ok:
        sys.exit(f"Rows lost in {len(lost)} tables: {', '.join(lost)}" if lost else "Pages lost their type")
    print(f"Every row kept in {len(before['counts'])} tables, migrating from {BASE}.")


if __name__ == "__main__":
    main()
