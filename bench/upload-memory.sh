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

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
photos=$(photo_cache)
concurrency=${CONCURRENCY:-16}
requests=${REQUESTS:-$concurrency}
photo=$photos/${PHOTO:-wood.jpg}

command -v curl >/dev/null || { echo "upload-memory.sh: needs curl" >&2; exit 1; }
bench_init
build_binaries

echo "== photos in $photos"
make_photos "$photos"

server_env
echo "== server on $GRIDLINE_ADDR, data in $GRIDLINE_DATA_DIR"
start_server
code=$(add_community)

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr)"
print_runtime_settings
echo "== loadgen -concurrency $concurrency -requests $requests -photo $(basename "$photo") -pid $server_pid"
status=0
"$work/loadgen" -base "$base" -community "$code" -photo "$photo" \
  -concurrency "$concurrency" -requests "$requests" -pid "$server_pid" "$@" || status=$?

stop_server || { echo "server exited with status $?" >&2; status=1; }
if ((status != 0)); then
  echo "== server log" >&2; tail -n 20 "$work/server.log" >&2
fi
exit "$status"
