#!/usr/bin/env bash
# Installs `ml-connector serve` as a systemd service (Linux servers).
#   sudo scripts/service/install-systemd.sh [--port 8731] [--data-dir /var/lib/ml-connector] [--user ml-connector]
#                                           [--app-dir DIR] [--node /usr/bin/node] [--dry-run]
# Creates the service user and data folder (0700), writes /etc/ml-connector/ml-connector.env (0600) with a
# fresh ML_CONNECTOR_KEY and ML_CONNECTOR_TOKEN unless it exists, installs the unit, starts it, waits
# for GET /api/health, and prints the URL to open. --dry-run only prints the unit and the steps.
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=8731
DATA_DIR=/var/lib/ml-connector
SERVICE_USER=ml-connector
NODE_BIN="$(command -v node || true)"
ENV_DIR=/etc/ml-connector
UNIT_DIR=/etc/systemd/system
DRY_RUN=0

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --user) SERVICE_USER="$2"; shift 2 ;;
    --app-dir) APP_DIR="$2"; shift 2 ;;
    --node) NODE_BIN="$2"; shift 2 ;;
    --env-dir) ENV_DIR="$2"; shift 2 ;;
    --unit-dir) UNIT_DIR="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install-systemd: unknown option $1" >&2; usage 2 ;;
  esac
done

fail() { echo "install-systemd: $*" >&2; exit 1; }
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || fail "--port must be 1-65535, got '$PORT'"
[ -n "$NODE_BIN" ] || fail "node (>= 20.19) was not found; install Node.js or pass --node /path/to/node"
[ -f "$APP_DIR/scripts/ml-connector.mjs" ] || fail "$APP_DIR does not look like an ml-connector install (no scripts/ml-connector.mjs)"
case "$DATA_DIR" in /*) ;; *) fail "--data-dir must be an absolute path" ;; esac
# systemd splits Environment= and ReadWritePaths= on whitespace: keep the paths simple.
case "$DATA_DIR$APP_DIR$NODE_BIN" in *[[:space:]]*) fail "paths with spaces are not supported in a systemd unit; choose e.g. /var/lib/ml-connector and /opt/ml-connector" ;; esac
ENV_FILE="$ENV_DIR/ml-connector.env"

render_unit() {
  sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@DATA_DIR@|$DATA_DIR|g" -e "s|@PORT@|$PORT|g" \
      -e "s|@USER@|$SERVICE_USER|g" -e "s|@NODE@|$NODE_BIN|g" -e "s|@ENV_FILE@|$ENV_FILE|g" \
      "$APP_DIR/scripts/service/systemd/ml-connector.service"
}

if [ "$DRY_RUN" = 1 ]; then
  echo "# would create user '$SERVICE_USER', data folder $DATA_DIR (0700), $ENV_FILE (0600, new key and token unless present)"
  echo "# would write $UNIT_DIR/ml-connector.service:"
  render_unit
  echo "# would run: systemctl daemon-reload && systemctl enable --now ml-connector"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root (sudo), or use --dry-run to see what it would do"
[ -f "$APP_DIR/renderer/dist/index.html" ] || echo "install-systemd: warning: renderer/dist is missing; run 'npm run build:renderer' for the web UI (syncing works without it)" >&2

if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$DATA_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
fi
install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA_DIR" "$DATA_DIR/logs"
install -d -m 0755 "$ENV_DIR"
if [ ! -f "$ENV_FILE" ]; then
  umask 077
  {
    echo "# ml-connector service secrets; readable by root only (systemd reads it before dropping privileges)."
    echo "# ML_CONNECTOR_KEY encrypts connection secrets: back it up, the data folder is useless without it."
    echo "ML_CONNECTOR_KEY=$("$NODE_BIN" -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')"
    echo "ML_CONNECTOR_TOKEN=$("$NODE_BIN" -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')"
  } > "$ENV_FILE"
  chmod 0600 "$ENV_FILE"
fi

render_unit > "$UNIT_DIR/ml-connector.service"
chmod 0644 "$UNIT_DIR/ml-connector.service"
systemctl daemon-reload
systemctl enable --now ml-connector

for _ in $(seq 1 30); do
  if "$NODE_BIN" -e "fetch('http://127.0.0.1:$PORT/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    TOKEN="$(sed -n 's/^ML_CONNECTOR_TOKEN=//p' "$ENV_FILE")"
    echo "ml-connector is running. Open http://127.0.0.1:$PORT/#token=$TOKEN (from this machine, or through an SSH tunnel)."
    exit 0
  fi
  sleep 1
done
fail "the service did not answer GET /api/health on port $PORT; see: journalctl -u ml-connector -n 50"
