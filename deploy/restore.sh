#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database (DATABASE_URL), and with --files
# the private files into MEDIA_ROOT, LK_IMPORT_DIR, LK_EXPORT_DIR (each empty or missing).
#
#   deploy/restore.sh BACKUP_FOLDER [--files] [ENV_FILE]        ENV_FILE: default /etc/lk/lk.env
#
# Create the database first, with a UTF-8 locale (Cyrillic search and sorting need it), e.g.
#   sudo -u postgres createdb --owner=lk --template=template0 --encoding=UTF8 --locale=ru_RU.UTF-8 lk
# Stop lk-web and lk-worker while restoring over a live installation. After the restore run
# `manage.py migrate` (a no-op for a backup of the same version) and start them again.
set -euo pipefail

[[ $# -ge 1 ]] || {
  sed -n '2,10p' "$0"
  exit 2
}
BACKUP=$1
shift
FILES=false
if [[ ${1:-} == --files ]]; then
  FILES=true
  shift
fi
ENV_FILE=${1:-${LK_ENV_FILE:-/etc/lk/lk.env}}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"

[[ -f $BACKUP/database.dump && -f $BACKUP/SHA256SUMS ]] || die "$BACKUP is not a backup of deploy/backup.sh"
(cd "$BACKUP" && sha256sum --quiet --check SHA256SUMS) || die "$BACKUP: checksums do not match"

pg_environment "$(env_value DATABASE_URL)"

tables=$(psql -XAtc "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')")
[[ $tables == 0 ]] || die "database $PGDATABASE is not empty ($tables relations in public); restore into a new one"
ctype=$(psql -XAtc "SELECT datctype FROM pg_database WHERE datname = current_database()")
shopt -s nocasematch
[[ $ctype == *utf-8* || $ctype == *utf8* ]] ||
  die "database $PGDATABASE has LC_CTYPE '$ctype': Cyrillic search needs a UTF-8 locale (see above)"
shopt -u nocasematch

if $FILES; then
  for pair in "media:$(env_value MEDIA_ROOT)" "import:$(env_value LK_IMPORT_DIR)" "export:$(env_value LK_EXPORT_DIR)" "private:$(env_value LK_PRIVATE_DIR)"; do
    name=${pair%%:*}
    folder=${pair#*:}
    [[ -f $BACKUP/$name.tar.gz ]] || continue
    [[ -n $folder ]] || die "$name.tar.gz is in the backup but its folder is not configured"
    if [[ -d $folder && -n $(ls -A "$folder") ]]; then
      die "$folder is not empty; move it aside first"
    fi
  done
fi

started=$(date +%s)
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$PGDATABASE" "$BACKUP/database.dump"
restored=$(psql -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
psql -XqAtc "ANALYZE"

if $FILES; then
  for pair in "media:$(env_value MEDIA_ROOT)" "import:$(env_value LK_IMPORT_DIR)" "export:$(env_value LK_EXPORT_DIR)" "private:$(env_value LK_PRIVATE_DIR)"; do
    name=${pair%%:*}
    folder=${pair#*:}
    [[ -f $BACKUP/$name.tar.gz ]] || continue
    mkdir -p "$folder"
    tar --extract --gzip --file="$BACKUP/$name.tar.gz" --directory="$folder"
    echo "files: $name -> $folder"
  done
fi
echo "restored: $restored tables into $PGDATABASE in $(($(date +%s) - started)) s"
