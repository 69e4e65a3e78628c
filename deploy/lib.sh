# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run).

die() {
  echo "error: $*" >&2
  exit 1
}

# env_value NAME: the variable from the environment, else its last line in $ENV_FILE, else empty.
# The env file is read, never sourced: systemd's format is not the shell's (unquoted spaces, «»).
env_value() {
  local name=$1
  if [[ -n ${!name:-} ]]; then
    printf '%s' "${!name}"
  elif [[ -r ${ENV_FILE:-} ]]; then
    sed -n "s/^${name}=//p" "$ENV_FILE" | tail -n 1
  fi
}

# pg_environment URL: exports PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE from a postgres:// URL,
# so the password never shows in the process list.
pg_environment() {
  local url=$1
  [[ $url == postgres://* || $url == postgresql://* ]] ||
    die "DATABASE_URL must be a postgres:// URL (got '${url%%:*}:…'); set it in the environment or the env file"
  eval "$(
    python3 - "$url" <<'PY'
import shlex
import sys
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(sys.argv[1])
values = {
    "PGHOST": unquote(url.hostname or ""),
    "PGPORT": str(url.port or ""),
    "PGUSER": unquote(url.username or ""),
    "PGPASSWORD": unquote(url.password or ""),
    "PGDATABASE": unquote(url.path.lstrip("/")),
}
for key, items in parse_qs(url.query).items():
    if key == "sslmode":
        values["PGSSLMODE"] = items[-1]
for name, value in values.items():
    print(f"export {name}={shlex.quote(value)}" if value else f"unset {name}")
PY
  )"
  [[ -n ${PGDATABASE:-} ]] || die "DATABASE_URL names no database"
}
