#!/usr/bin/env bash
# manage.py as the services run it: the environment of /etc/lk/lk.env, the code in /srv/lk/app,
# as the user lk.   deploy/manage.sh migrate --noinput | collectstatic --noinput | createsuperuser | …
# LK_ENV_FILE, LK_APP, LK_USER override the three.
set -euo pipefail
ENV_FILE=${LK_ENV_FILE:-/etc/lk/lk.env}
APP=${LK_APP:-/srv/lk/app}
RUN_AS=${LK_USER:-lk}

[[ -r $ENV_FILE ]] || { echo "error: cannot read $ENV_FILE" >&2; exit 1; }
# systemd's EnvironmentFile: NAME=value a line, the value taken as it is (spaces, «», <> included).
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  if [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
    export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  fi
done <"$ENV_FILE"

cd "$APP"
if [[ $(id -un) == "$RUN_AS" ]]; then
  exec "$APP/.venv/bin/python" manage.py "$@"
fi
exec runuser -u "$RUN_AS" -- "$APP/.venv/bin/python" manage.py "$@"
