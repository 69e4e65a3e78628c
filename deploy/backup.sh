#!/usr/bin/env bash
# A backup of the portal: the database (pg_dump, custom format) and the private files (MEDIA_ROOT,
# LK_IMPORT_DIR with its done/ and failed/, LK_EXPORT_DIR when set, LK_PRIVATE_DIR: requests' files), in one folder
# LK_BACKUP_DIR/lk-YYYYmmdd-HHMMSS/ with SHA256SUMS; the newest LK_BACKUP_KEEP backups are kept.
#
#   deploy/backup.sh [ENV_FILE]        ENV_FILE: default /etc/lk/lk.env
#
# Variables already in the environment win over the file. The dump is one consistent snapshot of
# the database; the files are archived right after it, so a file uploaded in between may be in the
# archive without its row (harmless), never the other way round for files older than the dump.
# Restore with deploy/restore.sh. Run daily from cron or a systemd timer (docs/operations.md).
set -euo pipefail
umask 077

ENV_FILE=${1:-${LK_ENV_FILE:-/etc/lk/lk.env}}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"

DATABASE_URL=$(env_value DATABASE_URL)
MEDIA_ROOT=$(env_value MEDIA_ROOT)
LK_IMPORT_DIR=$(env_value LK_IMPORT_DIR)
LK_EXPORT_DIR=$(env_value LK_EXPORT_DIR)
LK_PRIVATE_DIR=$(env_value LK_PRIVATE_DIR)
LK_BACKUP_DIR=$(env_value LK_BACKUP_DIR)
LK_BACKUP_DIR=${LK_BACKUP_DIR:-/srv/lk/backup}
LK_BACKUP_KEEP=$(env_value LK_BACKUP_KEEP)
LK_BACKUP_KEEP=${LK_BACKUP_KEEP:-14}

pg_environment "$DATABASE_URL"

stamp=$(date +%Y%m%d-%H%M%S)
target="$LK_BACKUP_DIR/lk-$stamp"
partial="$target.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

started=$(date +%s)
pg_dump --format=custom --compress=6 --file="$partial/database.dump"

for pair in "media:$MEDIA_ROOT" "import:$LK_IMPORT_DIR" "export:$LK_EXPORT_DIR" "private:$LK_PRIVATE_DIR"; do
  name=${pair%%:*}
  folder=${pair#*:}
  if [[ -n $folder && -d $folder ]]; then
    tar --create --gzip --file="$partial/$name.tar.gz" --directory="$folder" .
  fi
done

{
  echo "created=$(date --iso-8601=seconds)"
  echo "database=$PGDATABASE"
  echo "host=${PGHOST:-local}"
  echo "pg_dump=$(pg_dump --version)"
  echo "server=$(psql -XAtc 'SHOW server_version')"
  echo "lc_ctype=$(psql -XAtc 'SELECT datctype FROM pg_database WHERE datname = current_database()')"
  [[ -n $MEDIA_ROOT ]] && echo "media=$MEDIA_ROOT"
  [[ -n $LK_IMPORT_DIR ]] && echo "import=$LK_IMPORT_DIR"
  [[ -n $LK_EXPORT_DIR ]] && echo "export=$LK_EXPORT_DIR"
  [[ -n $LK_PRIVATE_DIR ]] && echo "private=$LK_PRIVATE_DIR"
  if git -C "$HERE/.." rev-parse HEAD >/dev/null 2>&1; then
    echo "code=$(git -C "$HERE/.." rev-parse HEAD)"
  fi
} >"$partial/manifest.txt"
(cd "$partial" && sha256sum -- * >SHA256SUMS)

mv "$partial" "$target"
trap - EXIT

# Keep the newest LK_BACKUP_KEEP backups.
mapfile -t old < <(find "$LK_BACKUP_DIR" -maxdepth 1 -type d -name 'lk-*' ! -name '*.partial' | sort -r | tail -n +"$((LK_BACKUP_KEEP + 1))")
for folder in "${old[@]}"; do
  rm -rf -- "$folder"
done

size=$(du -sh "$target" | cut -f1)
echo "backup: $target ($size, $(($(date +%s) - started)) s)"
