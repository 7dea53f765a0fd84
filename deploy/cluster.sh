#!/usr/bin/env bash
# `npm run cluster`: N Oceras processes (default 3) behind nginx, on PostgreSQL and Redis, on this machine.
#   CLUSTER_PORT (8080) where nginx listens; CLUSTER_BASE_PORT (3001) first process port; CLUSTER_PROCESSES (3);
#   DATABASE_URL (postgres://postgres@127.0.0.1:5432/oceras, created if missing); REDIS_URL (redis://127.0.0.1:6379);
#   TRUST_PROXY (1: nginx; 2 when another proxy in front sets X-Forwarded-For, as the soak bench does).
# Ctrl-C or SIGTERM stops nginx and every process (each drains and closes its sockets cleanly).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${CLUSTER_PORT:-8080}"
BASE="${CLUSTER_BASE_PORT:-3001}"
N="${CLUSTER_PROCESSES:-3}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/oceras}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:$PORT}"
export TRUST_PROXY="${TRUST_PROXY:-1}" HOST=127.0.0.1 NODE_ENV="${NODE_ENV:-production}"
DATA_DIR="${DATA_DIR:-.data}"
mkdir -p "$DATA_DIR"
if [[ -z "${JWT_SECRET:-}" ]]; then
  # Every process must sign and check tokens with the same secret.
  [[ -s "$DATA_DIR/cluster-secret" ]] || (umask 077 && openssl rand -hex 32 >"$DATA_DIR/cluster-secret")
  JWT_SECRET="$(cat "$DATA_DIR/cluster-secret")"
fi
export JWT_SECRET

command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
db_name="${DATABASE_URL##*/}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "select 1 from pg_database where datname = '$db_name'" | grep -q 1; then
  psql "$admin_url" -qc "create database \"$db_name\""
fi
[[ "${CLUSTER_SKIP_BUILD:-}" == 1 ]] || npm run build --silent

prefix="$(mktemp -d -t oceras-nginx-XXXXXX)"
pids=()
stop() {
  trap - EXIT INT TERM
  kill -QUIT "$(cat "$prefix/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  rm -rf "$prefix"
}
trap stop EXIT INT TERM

# The first process runs the migrations (under an advisory lock, so a race would be harmless anyway).
servers=""
for ((i = 0; i < N; i++)); do
  p=$((BASE + i))
  PORT=$p node apps/server/dist/main.mjs &
  pids+=($!)
  servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'
  if ((i == 0)); then
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.2; done
  fi
done
for ((i = 0; i < N; i++)); do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$((BASE + i))/readyz" >/dev/null && break; sleep 0.2; done
done

mkdir -p "$prefix"/{body,proxy,fastcgi,uwsgi,scgi}
awk -v servers="$servers" -v port="$PORT" -v prefix="$prefix" '
  { gsub(/__PORT__/, port); gsub(/__PREFIX__/, prefix) }
  /__SERVERS__/ { printf "%s", servers; next }
  { print }' deploy/nginx-upstreams.conf.template >"$prefix/nginx.conf"
nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
pids+=($!)
ready=0
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && ready=1 && break; sleep 0.1; done
((ready)) || { echo "nginx did not come up (see $prefix/error.log)" >&2; exit 1; }
echo "Oceras cluster: $N processes (ports $BASE-$((BASE + N - 1))) behind nginx at http://127.0.0.1:$PORT"
wait -n "${pids[@]}" || true
echo "a process of the cluster stopped: stopping the others" >&2
