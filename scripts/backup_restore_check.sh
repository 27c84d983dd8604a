#!/usr/bin/env bash
# Back up the PostgreSQL database at DATABASE_URL and the uploads in MEDIA_ROOT the way
# docs/deploy.md says, restore both into fresh places, and compare: every table's row count and
# every file's checksum. Exits non-zero on any difference. Run it against a quiet database (CI,
# or a staging copy): rows written between the dump and the count would show as differences.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
MEDIA_ROOT=${MEDIA_ROOT:-media}
PYTHON=${PYTHON:-.venv/bin/python}

# The same server, another database name: postgres://…/ctqsite -> postgres://…/ctqsite_restore_check
with_database() {
    "$PYTHON" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$1" "$2"
}
source_name=$("$PYTHON" -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).path.lstrip("/"))' "$DATABASE_URL")
restore_name="${source_name}_restore_check"
restore_url=$(with_database "$DATABASE_URL" "$restore_name")
admin_url=$(with_database "$DATABASE_URL" postgres)

export PGOPTIONS="--client-min-messages=warning"
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$restore_name\"" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== back up: pg_dump -Fc, tar of media =="
pg_dump -Fc --no-owner --no-privileges -d "$DATABASE_URL" -f "$work/database.dump"
tar -C "$MEDIA_ROOT" -czf "$work/media.tar.gz" .
ls -l "$work"

echo "== restore into a fresh database and a fresh folder =="
psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$restore_name\"" -c "CREATE DATABASE \"$restore_name\""
pg_restore --no-owner --no-privileges --exit-on-error -d "$restore_url" "$work/database.dump"
mkdir "$work/media"
tar -C "$work/media" -xzf "$work/media.tar.gz"

echo "== compare =="
row_counts() {
    psql -At "$1" -c "
        SELECT table_name, (xpath('/row/n/text()', query_to_xml(
            format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
        FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
}
checksums() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}
row_counts "$DATABASE_URL" > "$work/source-rows"
row_counts "$restore_url" > "$work/restored-rows"
checksums "$MEDIA_ROOT" > "$work/source-files"
checksums "$work/media" > "$work/restored-files"
diff -u "$work/source-rows" "$work/restored-rows"
diff -u "$work/source-files" "$work/restored-files"

tables=$(wc -l < "$work/source-rows")
rows=$(awk -F'|' '{ total += $2 } END { print total + 0 }' "$work/source-rows")
files=$(wc -l < "$work/source-files")
if [ "$tables" -eq 0 ] || [ "$rows" -eq 0 ]; then
    echo "Nothing to compare: the database at DATABASE_URL has no rows." >&2
    exit 1
fi
echo "Backup restored: $tables tables and $rows rows match, $files media files identical."
