#!/bin/sh
# Usage: deploy/backup.sh DB_PATH BACKUP_DIR [DAYS]
# A consistent copy of Yrka's database while the bot runs (SQLite's online backup API, the
# same as the sqlite3 shell's .backup), one file per day, files older than DAYS (30) removed.
# Prints the path written. Needs only Python 3 (PYTHON=... to choose one).
set -eu
db=$1
dir=$2
days=${3:-30}
[ -f "$db" ] || { echo "no database at $db" >&2; exit 1; }
mkdir -p "$dir"
target="$dir/yrka-$(date +%F).sqlite3"
"${PYTHON:-python3}" - "$db" "$target" <<'PY'
import sqlite3
import sys

with sqlite3.connect(sys.argv[1]) as source, sqlite3.connect(sys.argv[2]) as target:
    source.backup(target)
PY
find "$dir" -name 'yrka-*.sqlite3' -mtime +"$days" -delete
echo "$target"
