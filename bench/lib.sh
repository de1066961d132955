# shellcheck shell=bash
# lib.sh: the setup the benchmark scripts share, sourced by bench/load.sh,
# bench/tracking.sh, bench/upload-memory.sh and bench/faults.sh:
#
#   bench_init; build_binaries; set_photo_args; server_env; start_server
#   code=$(add_community); ...; stop_server
#
# It only defines functions; the script that sources it keeps `set -euo
# pipefail`. The functions share these variables with it: root (the
# repository), work (a temporary directory removed on exit, holding the
# binaries, the server's log and its PID file), base (the server's URL),
# server_pid, and loadgen_pid and db_pid, which the exit trap stops as well.

# bench_init changes to the repository root and makes the work directory,
# removed on exit together with whatever server_pid, loadgen_pid and db_pid
# still run.
bench_init() {
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  cd "$root" || exit
  work=$(mktemp -d)
  server_pid='' loadgen_pid='' db_pid=''
  trap bench_cleanup EXIT
}

# bench_cleanup, the exit trap: stops loadgen, the server and the database
# server where they still run (SIGTERM, then waits), and removes $work.
# shellcheck disable=SC2317 # invoked by the trap
bench_cleanup() {
  local p
  for p in $loadgen_pid $server_pid $db_pid; do
    kill -0 "$p" 2>/dev/null && { kill -TERM "$p"; wait "$p" 2>/dev/null || true; }
  done
  rm -rf "$work"
}

# build_binaries [PACKAGE...] builds Gridline and cmd/loadgen into $work, and
# each further package (./bench/findbyid) as $work/findbyid.
# shellcheck disable=SC2120 # the arguments are optional
build_binaries() {
  local pkg
  echo "== build"
  go build -o "$work/gridline" .
  go build -o "$work/loadgen" ./cmd/loadgen
  for pkg in "$@"; do
    go build -o "$work/$(basename "$pkg")" "$pkg"
  done
}

# photo_cache prints where the 12 MP photos are kept between runs: PHOTO_CACHE,
# by default $TMPDIR/gridline-photos (shared with the photo benchmark).
photo_cache() {
  echo "${PHOTO_CACHE:-${TMPDIR:-/tmp}/gridline-photos}"
}

# make_photos DIR makes the three 12 MP phone photos (wood.jpg, cups.jpg,
# leaf.jpg) in DIR with $SHARED/fixtures/make-photos.sh (SHARED: ../shared),
# which does nothing where they are already.
make_photos() {
  bash "${SHARED:-../shared}/fixtures/make-photos.sh" "$1"
}

# set_photo_args sets the array photo_args to loadgen's photo arguments:
# -nophoto where NOPHOTO is set, else -photo with PHOTO (wood.jpg) from the
# photo cache, made first if need be.
# shellcheck disable=SC2034 # photo_args is for the script
set_photo_args() {
  local photos
  photo_args=(-nophoto)
  if [[ -z ${NOPHOTO:-} ]]; then
    photos=$(photo_cache)
    make_photos "$photos"
    photo_args=(-photo "$photos/${PHOTO:-wood.jpg}")
  fi
}

# free_port prints a free loopback port: bash's /dev/tcp fails to connect
# where no one listens.
free_port() {
  local port
  for _ in {1..20}; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "$(basename "$0"): no free port" >&2
  return 1
}

# server_env exports the server's settings: a free loopback port, data in
# $work/data, and no submission limit, since every simulated resident comes
# from 127.0.0.1 and the per-address limit would refuse all but the first few;
# then any NAME=VALUE given. It unsets MONGODB_URI (the embedded database),
# GRIDLINE_BASE_URL and GRIDLINE_PHOTO_STORE, and sets base to the server's URL.
# shellcheck disable=SC2120 # the arguments are optional
server_env() {
  local port
  port=$(free_port)
  # Every simulated resident comes from 127.0.0.1: no per-address limits.
  export GRIDLINE_ADDR=127.0.0.1:$port GRIDLINE_DATA_DIR=$work/data GRIDLINE_RATE_SUBMIT=0 GRIDLINE_UPLOADS_PER_ADDRESS=0
  # shellcheck disable=SC2163 # the arguments are NAME=VALUE
  (($# == 0)) || export "$@"
  unset MONGODB_URI GRIDLINE_BASE_URL GRIDLINE_PHOTO_STORE
  base=http://$GRIDLINE_ADDR
}

# start_server [SECONDS] starts Gridline in the background with the current
# environment, its standard error appended to $work/server.log and its PID in
# server_pid and $work/server.pid (which loadgen samples), and waits up to
# SECONDS (10) for /readyz. It fails, showing what the server logged since it
# started, if the server exits or is not ready by then.
# shellcheck disable=SC2120 # the arguments are optional
start_server() {
  local secs=${1:-10} from i
  : >>"$work/server.log"
  from=$(($(wc -l <"$work/server.log") + 1))
  "$work/gridline" 2>>"$work/server.log" &
  server_pid=$!
  echo "$server_pid" >"$work/server.pid"
  for ((i = 1; i <= secs * 10; i++)); do
    curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && return
    kill -0 "$server_pid" 2>/dev/null || { tail -n +"$from" "$work/server.log" >&2; return 1; }
    ((i < secs * 10)) || { echo "server not ready after $secs s" >&2; tail -n +"$from" "$work/server.log" >&2; return 1; }
    sleep 0.1
  done
}

# stop_server stops the server with SIGTERM, waits for it and returns its exit
# status. A server that has gone already ends the script, as set -e would.
stop_server() {
  local rc=0
  kill -TERM "$server_pid" || exit
  wait "$server_pid" || rc=$?
  server_pid=''
  return "$rc"
}

# add_community adds the benchmarks' community (春和社区 in 北山口镇) with the
# built gridline and prints its code.
add_community() {
  "$work/gridline" community add --name 春和社区 --street 北山口镇 | tail -n 1
}

# print_runtime_settings prints the settings that reach the server and that
# its memory and throughput figures depend on.
print_runtime_settings() {
  echo "== GOMAXPROCS=${GOMAXPROCS:-default} GOGC=${GOGC:-default} GOMEMLIMIT=${GOMEMLIMIT:-default}" \
    "GRIDLINE_PHOTO_WORKERS=${GRIDLINE_PHOTO_WORKERS:-default} GRIDLINE_MAX_UPLOADS=${GRIDLINE_MAX_UPLOADS:-default}"
}
