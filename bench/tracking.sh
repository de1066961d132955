#!/usr/bin/env bash
# tracking.sh: how fast the public tracking page is on the embedded database,
# next to what the database itself gives. Starts Gridline on a fresh data
# directory (embedded database), stores REPORTS reports through the form with
# cmd/loadgen (no photos; checked afterwards), then alternates, ROUNDS times:
#
#   wrk against /t/{code}, the reports' tracking pages in turn (bench/tracking.lua);
#   bench/findbyid: the mongo driver's FindOne by _id on the same database,
#   pool of one connection as Gridline uses, as many workers as wrk has connections.
#
# A tracking page reads the report and its community (two finds) and renders
# the page, so it cannot exceed half the find rate.
#
#   bench/tracking.sh                      from the repository root
#
# Settings (environment): REPORTS (2000), ROUNDS (2), SECONDS_EACH (10),
# CONNECTIONS (8), THREADS (2). The look-up rate limit is off
# (GRIDLINE_RATE_LOOKUP=0, and GRIDLINE_RATE_SUBMIT=0 for the seeding): wrk is
# one address. Needs wrk (Debian package wrk) and curl.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "tracking.sh: needs $tool (apt-get install $tool)" >&2; exit 1; }
done
reports=${REPORTS:-2000}
rounds=${ROUNDS:-2}
secs=${SECONDS_EACH:-10}
conns=${CONNECTIONS:-8}
threads=${THREADS:-2}
bench_init
build_binaries ./bench/findbyid
server_env GRIDLINE_RATE_LOOKUP=0
start_server
code=$(add_community)

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "== storing $reports reports through the form"
"$work/loadgen" -base "$base" -community "$code" -nophoto -duration 10m -requests "$reports" \
  -concurrency 8 -readers 0 -script 0 -codes "$work/codes.txt" -verify -data "$GRIDLINE_DATA_DIR" |
  grep -E '^(acknowledged|throughput|RESULT)'
export CODES=$work/codes.txt

for ((r = 1; r <= rounds; r++)); do
  echo "== round $r, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s bench/tracking.lua "$base" |
    grep -E 'Requests/sec|Latency  |  50%|  99%|Non-2xx|Socket errors|requests in'
  "$work/findbyid" -data "$GRIDLINE_DATA_DIR" -codes "$CODES" -duration "${secs}s" -workers "$conns"
done

stop_server || true
