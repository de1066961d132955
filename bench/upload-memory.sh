#!/usr/bin/env bash
# upload-memory.sh: the issue's memory figure. Starts Gridline on a fresh data
# directory (embedded database), lets 16 residents upload the same 12 MP phone
# photo at once with cmd/loadgen, and prints the server's peak RSS (VmRSS
# sampled every 50 ms from /proc) and VmHWM, throughput and upload latencies.
#
#   bench/upload-memory.sh                    from the repository root
#   SHARED=/path/to/shared bench/upload-memory.sh
#
# Settings (environment): SHARED (default ../shared, beside the repository),
# PHOTO_CACHE (default $TMPDIR/gridline-photos, shared with the photo
# benchmark), CONCURRENCY and REQUESTS (default 16), PHOTO (default wood.jpg).
# GOMAXPROCS, GOGC, GOMEMLIMIT, GRIDLINE_PHOTO_WORKERS and GRIDLINE_MAX_UPLOADS
# reach the server, to see what the figure depends on. Extra arguments go to loadgen.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
shared=${SHARED:-../shared}
photos=${PHOTO_CACHE:-${TMPDIR:-/tmp}/gridline-photos}
concurrency=${CONCURRENCY:-16}
requests=${REQUESTS:-$concurrency}
photo=$photos/${PHOTO:-wood.jpg}

command -v curl >/dev/null || { echo "upload-memory.sh: needs curl" >&2; exit 1; }
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

echo "== photos in $photos"
bash "$shared/fixtures/make-photos.sh" "$photos"

# A free loopback port: bash's /dev/tcp fails to connect where no one listens.
for _ in {1..20}; do
  port=$((20000 + RANDOM % 20000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
export GRIDLINE_ADDR=127.0.0.1:$port GRIDLINE_DATA_DIR=$work/data
unset MONGODB_URI GRIDLINE_BASE_URL GRIDLINE_PHOTO_STORE
# Every simulated resident comes from 127.0.0.1: the per-address submission
# limit would refuse all but the first few.
export GRIDLINE_RATE_SUBMIT=0

echo "== server on $GRIDLINE_ADDR, data in $GRIDLINE_DATA_DIR"
"$work/gridline" 2>"$work/server.log" &
server_pid=$!
for i in {1..100}; do
  curl -fsS -o /dev/null "http://$GRIDLINE_ADDR/readyz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  ((i < 100)) || { echo "server not ready after 10 s" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
code=$("$work/gridline" community add --name 春和社区 --street 北山口镇 | tail -n 1)

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr)"
echo "== GOMAXPROCS=${GOMAXPROCS:-default} GOGC=${GOGC:-default} GOMEMLIMIT=${GOMEMLIMIT:-default}" \
  "GRIDLINE_PHOTO_WORKERS=${GRIDLINE_PHOTO_WORKERS:-default} GRIDLINE_MAX_UPLOADS=${GRIDLINE_MAX_UPLOADS:-default}"
echo "== loadgen -concurrency $concurrency -requests $requests -photo $(basename "$photo") -pid $server_pid"
status=0
"$work/loadgen" -base "http://$GRIDLINE_ADDR" -community "$code" -photo "$photo" \
  -concurrency "$concurrency" -requests "$requests" -pid "$server_pid" "$@" || status=$?

kill -TERM "$server_pid"
wait "$server_pid" || { echo "server exited with status $?" >&2; status=1; }
server_pid=
if ((status != 0)); then
  echo "== server log" >&2; tail -n 20 "$work/server.log" >&2
fi
exit "$status"
