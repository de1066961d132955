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

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "load.sh: needs curl" >&2; exit 1; }
bench_init
build_binaries
set_photo_args
server_env GRIDLINE_RATE_LOOKUP=0
start_server
code=$(add_community)
export LOADGEN_STAFF_PASSWORD=load-test-$RANDOM-$RANDOM-$RANDOM
echo "$LOADGEN_STAFF_PASSWORD" | "$work/gridline" user add --username load-operator --role operator --street 北山口镇 >/dev/null

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
print_runtime_settings
status=0
"$work/loadgen" -base "$base" -community "$code" "${photo_args[@]}" \
  -duration "${DURATION:-60s}" -concurrency "${RESIDENTS:-4}" -readers "${READERS:-2}" -staff load-operator \
  -pidfile "$work/server.pid" -verify -data "$GRIDLINE_DATA_DIR" "$@" || status=$?
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

stop_server || { echo "server exited with status $?" >&2; status=1; }
if ((status != 0)); then
  echo "== server log" >&2; grep -v '"level":"INFO"' "$work/server.log" | tail -n 20 >&2
fi
exit "$status"
