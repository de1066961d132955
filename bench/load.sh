#!/usr/bin/env bash
# load.sh: load without loss. Starts Gridline on a fresh data directory
# (embedded database) and lets RESIDENTS simulated residents submit reports
# with one 12 MP phone photo each (NOPHOTO=1: without) for DURATION, half of
# them as the form's script does, while READERS members of staff, signed in as
# an operator, read tracking pages, the look-up form, the community pages and
# the console's inbox. Then cmd/loadgen reads the database and the photo
# directory itself and fails unless every acknowledged report is stored once
# with its photo files. It prints throughput, p50/p99 latency and the server's
# peak RSS.
#
#   bench/load.sh                          from the repository root
#   NOPHOTO=1 RESIDENTS=8 bench/load.sh
#
# Settings (environment): DURATION (60s), RESIDENTS (4), READERS (2),
# NOPHOTO, PHOTO (wood.jpg), SHARED (../shared), PHOTO_CACHE
# ($TMPDIR/gridline-photos). GOMAXPROCS, GOGC, GOMEMLIMIT,
# GRIDLINE_PHOTO_WORKERS and GRIDLINE_MAX_UPLOADS reach the server. Rate
# limits are off (GRIDLINE_RATE_SUBMIT=0, GRIDLINE_RATE_LOOKUP=0): every
# simulated resident is 127.0.0.1. Extra arguments go to loadgen.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v curl >/dev/null || { echo "load.sh: needs curl" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build"
go build -o "$work/gridline" .
go build -o "$work/loadgen" ./cmd/loadgen

photo_args=(-nophoto)
if [[ -z ${NOPHOTO:-} ]]; then
  photos=${PHOTO_CACHE:-${TMPDIR:-/tmp}/gridline-photos}
  bash "${SHARED:-../shared}/fixtures/make-photos.sh" "$photos"
  photo_args=(-photo "$photos/${PHOTO:-wood.jpg}")
fi

for _ in {1..20}; do
  port=$((20000 + RANDOM % 20000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
export GRIDLINE_ADDR=127.0.0.1:$port GRIDLINE_DATA_DIR=$work/data GRIDLINE_RATE_SUBMIT=0 GRIDLINE_RATE_LOOKUP=0
unset MONGODB_URI GRIDLINE_BASE_URL GRIDLINE_PHOTO_STORE

"$work/gridline" 2>"$work/server.log" &
server_pid=$!
echo "$server_pid" >"$work/server.pid"
for i in {1..100}; do
  curl -fsS -o /dev/null "http://$GRIDLINE_ADDR/readyz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  ((i < 100)) || { echo "server not ready after 10 s" >&2; exit 1; }
  sleep 0.1
done
code=$("$work/gridline" community add --name 春和社区 --street 北山口镇 | tail -n 1)
export LOADGEN_STAFF_PASSWORD=load-test-$RANDOM-$RANDOM-$RANDOM
echo "$LOADGEN_STAFF_PASSWORD" | "$work/gridline" user add --username load-operator --role operator --street 北山口镇 >/dev/null

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== GOMAXPROCS=${GOMAXPROCS:-default} GOGC=${GOGC:-default} GOMEMLIMIT=${GOMEMLIMIT:-default}" \
  "GRIDLINE_PHOTO_WORKERS=${GRIDLINE_PHOTO_WORKERS:-default} GRIDLINE_MAX_UPLOADS=${GRIDLINE_MAX_UPLOADS:-default}"
status=0
"$work/loadgen" -base "http://$GRIDLINE_ADDR" -community "$code" "${photo_args[@]}" \
  -duration "${DURATION:-60s}" -concurrency "${RESIDENTS:-4}" -readers "${READERS:-2}" -staff load-operator \
  -pidfile "$work/server.pid" -verify -data "$GRIDLINE_DATA_DIR" "$@" || status=$?
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

kill -TERM "$server_pid"
wait "$server_pid" || { echo "server exited with status $?" >&2; status=1; }
server_pid=
if ((status != 0)); then
  echo "== server log" >&2; grep -v '"level":"INFO"' "$work/server.log" | tail -n 20 >&2
fi
exit "$status"
