#!/usr/bin/env bash
# Start the classroom hub (`make classroom`): as root, in the foreground, Ctrl+C stops it and
# every user's server. Settings are environment variables (docs/classroom.md):
#   SIMSUITE_HUB_IP / SIMSUITE_HUB_PORT   where browsers connect (default 127.0.0.1:8000)
#   SIMSUITE_HUB_INSTRUCTOR               the first instructor (default: instructor; empty: none)
#   SIMSUITE_CLASSROOM_STATE              the hub's own files (default /srv/simsuite-classroom)
#   SIMSUITE_EXCHANGE_ROOT                nbgrader's exchange (default /srv/nbgrader/exchange)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="${SIMSUITE_CLASSROOM_PREFIX:-/opt/simsuite-classroom}"
STATE="${SIMSUITE_CLASSROOM_STATE:-/srv/simsuite-classroom}"
EXCHANGE="${SIMSUITE_EXCHANGE_ROOT:-/srv/nbgrader/exchange}"
INSTRUCTOR="${SIMSUITE_HUB_INSTRUCTOR-instructor}"
URL="http://${SIMSUITE_HUB_IP:-127.0.0.1}:${SIMSUITE_HUB_PORT:-8000}"

if [ "$(id -u)" != 0 ]; then
  echo "The classroom hub runs each user's server as their own account: start it as root." >&2
  exit 1
fi
"$REPO/grading/classroom/setup.sh"

umask 077
mkdir -p "$STATE"
chmod 0700 "$STATE"
# nbgrader's exchange: everyone may create in it, nobody may remove or rename another's entry
mkdir -p "$(dirname "$EXCHANGE")"
chmod a+rx "$(dirname "$EXCHANGE")"
mkdir -p "$EXCHANGE"
chmod 1777 "$EXCHANGE"
[ -s "$STATE/admin-token" ] || "$PREFIX/venv/bin/python" -c \
  'import secrets; print(secrets.token_hex(32))' > "$STATE/admin-token"
# The checkout holds the answer keys (exercises/, grading/item_bank.yaml): root only.
chmod go-rwx "$REPO"

export SIMSUITE_CLASSROOM_REPO="$REPO"
cd "$STATE"
umask 022  # the hub's own files are in $STATE (0700); servers get the usual umask

# Once the hub answers: the first instructor, and where to go.
(
  "$PREFIX/venv/bin/python" - "$URL" <<'EOF'
import sys, time, urllib.request
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(sys.argv[1] + "/hub/api", timeout=2).close()
        break
    except OSError:
        time.sleep(0.5)
EOF
  if [ -n "$INSTRUCTOR" ]; then
    "$PREFIX/venv/bin/simsuite" classroom add-instructor "$INSTRUCTOR" --hub-url "$URL" >/dev/null
    cat <<EOF

  simsuite classroom:  $URL/
  Log in as '$INSTRUCTOR': the password you type at the first login becomes the password
  (at least 10 characters). Then add trainees in the Admin page or with
  '$PREFIX/venv/bin/simsuite classroom add-trainees --roster FILE', and follow
  docs/classroom.md. Stop with Ctrl+C.

EOF
  fi
) &

exec "$PREFIX/venv/bin/jupyterhub" -f "$REPO/grading/classroom/jupyterhub_config.py"
