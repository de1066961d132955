#!/usr/bin/env bash
# faults.sh: the issue's fault figures. Residents submit reports with a photo
# (cmd/loadgen, a soak with readers) while this script
#
#   1. kills the Gridline server with SIGKILL and restarts it on the same data
#      directory, KILLS times (embedded database: FerretDB on SQLite, in-process);
#   2. cuts the database: Gridline runs with MONGODB_URI pointing at
#      cmd/dbserver (the same embedded database, on its own on a fixed loopback
#      port), which is stopped with SIGTERM, and later with SIGKILL, for
#      OUTAGE each time and started again while Gridline stays up.
#
# After each, loadgen reads the database and the photo directory itself and
# fails unless every acknowledged report exists exactly once with its photo
# files, no 503 lost the resident's text (the database cut must produce at
# least one 503 that kept it), and, after the orphan job has run with its
# clock an hour ahead, no orphan photo is left.
#
#   bench/faults.sh                       from the repository root
#   DURATION=120s KILLS=3 bench/faults.sh
#
# Settings (environment): DURATION (default 60s per fault), RESIDENTS (4),
# READERS (2), THINK (0s: a resident's time filling in the form), KILLS (2),
# OUTAGE (15s: longer than the server's 10 s wait for a database), NOPHOTO=1
# for reports without photos, SHARED (../shared) and PHOTO_CACHE
# ($TMPDIR/gridline-photos) for the 12 MP photo, PHOTO (wood.jpg). Rate limits
# are off (GRIDLINE_RATE_SUBMIT=0, GRIDLINE_RATE_LOOKUP=0): every simulated
# resident is 127.0.0.1.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
duration=${DURATION:-60s}
residents=${RESIDENTS:-4}
readers=${READERS:-2}
kills=${KILLS:-2}
outage=${OUTAGE:-15s}
secs=${duration%s}
[[ $secs =~ ^[0-9]+$ ]] || { echo "faults.sh: DURATION must be whole seconds, such as 60s" >&2; exit 2; }

command -v curl >/dev/null || { echo "faults.sh: needs curl" >&2; exit 1; }
bench_init
build_binaries ./cmd/dbserver
set_photo_args
server_env GRIDLINE_RATE_LOOKUP=0

# start_db starts cmd/dbserver on $db_addr and waits for the URI it prints.
start_db() {
  : >"$work/db.out"
  "$work/dbserver" -data "$work/dbdata" -addr "$db_addr" >"$work/db.out" 2>>"$work/db.log" &
  db_pid=$!
  for i in {1..300}; do
    [[ -s $work/db.out ]] && return
    kill -0 "$db_pid" 2>/dev/null || { cat "$work/db.log" >&2; return 1; }
    ((i < 300)) || { echo "dbserver not ready after 30 s" >&2; return 1; }
    sleep 0.1
  done
}

# server_errors summarises what the server logged as errors since line $1.
server_errors() {
  echo "== server errors logged (count, message; tracking codes and addresses vary):"
  tail -n +"$1" "$work/server.log" | grep '"level":"ERROR"' | grep -o '"err":"[^"]*' | cut -c8- |
    sed -E 's/[0-9A-Z]{9,}/…/g; s/127\.0\.0\.1:[0-9]+(\[-?[0-9]+\])?/…/g' | sort | uniq -c | sort -rn | head -n 8 || true
}

at() { printf '== %s +%ss: %s\n' "$(date +%T)" "$((SECONDS - t0))" "$*"; }
# sleep_until N sleeps until N seconds after the soak started ($t0).
sleep_until() { local left=$(($1 - (SECONDS - t0))); ((left <= 0)) || sleep "$left"; }

echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0

echo
echo "== fault 1: SIGKILL the server ${kills}× during a ${duration} soak (embedded database)"
export GRIDLINE_DATA_DIR=$work/kill
start_server 30
code=$(add_community)
t0=$SECONDS
"$work/loadgen" -base "$base" -community "$code" "${photo_args[@]}" -duration "$duration" \
  -concurrency "$residents" -readers "$readers" -think "${THINK:-0s}" -pidfile "$work/server.pid" \
  -verify -data "$GRIDLINE_DATA_DIR" -clean-orphans &
loadgen_pid=$!
for ((k = 1; k <= kills; k++)); do
  sleep_until $((secs * k / (kills + 1)))
  at "kill -KILL $server_pid"
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  start_server 30
  at "restarted, ready (pid $server_pid)"
done
wait "$loadgen_pid" || { status=1; echo "== fault 1: FAILED" >&2; }
loadgen_pid=
server_errors 1
log_lines=$(($(wc -l <"$work/server.log") + 1))
stop_server || true

echo
echo "== fault 2: cut the database (SIGTERM, then SIGKILL of cmd/dbserver, ${outage} each) during a ${duration} soak"
db_addr=127.0.0.1:$(free_port)
start_db
# One connection, as Gridline uses with its embedded database (see docs/ARCHITECTURE.md, Databases).
MONGODB_URI="$(cat "$work/db.out")?maxPoolSize=1"
export MONGODB_URI GRIDLINE_DATA_DIR=$work/cut
echo "== database $MONGODB_URI (pid $db_pid)"
start_server 30
code=$(add_community)
t0=$SECONDS
"$work/loadgen" -base "$base" -community "$code" "${photo_args[@]}" -duration "$duration" \
  -concurrency "$residents" -readers "$readers" -think "${THINK:-0s}" -pidfile "$work/server.pid" \
  -verify -mongo "$MONGODB_URI" -data "$GRIDLINE_DATA_DIR" -clean-orphans -want-503 &
loadgen_pid=$!
cut=0
for sig in TERM KILL; do
  cut=$((cut + 1))
  sleep_until $((secs * cut / 3))
  at "kill -$sig dbserver $db_pid"
  kill "-$sig" "$db_pid"
  wait "$db_pid" 2>/dev/null || true
  sleep "${outage%s}"
  start_db
  at "dbserver back (pid $db_pid)"
done
wait "$loadgen_pid" || { status=1; echo "== fault 2: FAILED" >&2; }
loadgen_pid=
server_errors "$log_lines"
exit "$status"
