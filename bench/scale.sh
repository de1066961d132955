#!/usr/bin/env bash
# scale.sh: how Gridline's pages hold up at the size a real centre lives at,
# on the embedded database. For each size N (reports in the history):
#
#   a fresh data directory; gridline seed --reports N --seed 1 (20 communities
#   in 4 streets, about 100 reports a day, a few hundred open), timed; an
#   admin account; the server started, timed until /readyz answers; then
#   bench/scale, one request at a time over keep-alive: tracking page,
#   community page, report form (with its list of open reports), staff home,
#   inbox (plain, by community, by status, closed), staff report page,
#   statistics (this month, a year), a month's CSV export, staff transitions,
#   resident submissions (no photos) and 我也遇到 presses; then the server's
#   memory (VmRSS, VmHWM) and a SIGTERM.
#
#   bench/scale.sh                          from the repository root
#   SIZES="1000 10000" bench/scale.sh       fewer sizes
#
# Settings (environment): SIZES ("1000 10000 100000"), REQUESTS (40 timed
# requests per measurement, after 3 warm-up ones). Rate limits are off: every
# request comes from 127.0.0.1. Each size's lines go to out/scale-N.txt; a
# Markdown table of all sizes ends the output (p50 / p99 in ms, and the p50
# at the largest size over the p50 at the smallest). Needs curl.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v curl >/dev/null || { echo "scale.sh: needs curl" >&2; exit 1; }
sizes=${SIZES:-1000 10000 100000}
requests=${REQUESTS:-40}
password=bench-password-123

# now_ms prints the time in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# measure_size N seeds N reports into a fresh data directory, starts the
# server, runs bench/scale against it and writes out/scale-N.txt: the
# client's lines, then seed_s, start_s and rss_mb (VmRSS and VmHWM).
measure_size() {
  local n=$1 t0 seed_ms start_ms mem
  server_env GRIDLINE_DATA_DIR="$work/data-$n" GRIDLINE_RATE_LOOKUP=0 GRIDLINE_RATE_LOGIN=0
  export GRIDLINE_BASE_URL=$base
  echo "== N=$n: seeding, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(now_ms)
  "$work/gridline" seed --reports "$n" --seed 1 | tail -n 1
  seed_ms=$(($(now_ms) - t0))
  echo "$password" | "$work/gridline" user add --username bench --role admin
  t0=$(now_ms)
  start_server 120
  start_ms=$(($(now_ms) - t0))
  echo "== N=$n: seeded in $((seed_ms / 1000)).$((seed_ms % 1000 / 100)) s, ready in $start_ms ms; $requests requests each"
  if ! "$work/scale" -base "$base" -user bench -password "$password" -requests "$requests" | tee "$work/raw"; then
    echo "== N=$n: bench/scale failed; the server's log ends:" >&2
    tail -n 20 "$work/server.log" >&2
    stop_server || true
    return 1
  fi
  mem=$(awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2} END {printf "%.1f %.1f", r / 1024, h / 1024}' "/proc/$server_pid/status")
  stop_server || echo "== N=$n: the server exited with status $?" >&2
  {
    cat "$work/raw"
    echo "seed_s $((seed_ms / 1000)).$(printf '%03d' $((seed_ms % 1000)))"
    echo "start_s $((start_ms / 1000)).$(printf '%03d' $((start_ms % 1000)))"
    echo "rss_mb $mem"
  } >"$out/scale-$n.txt"
  echo "== N=$n: memory after the run (VmRSS, VmHWM MB): $mem"
  rm -rf "$work/data-$n"
}

# summary prints a Markdown table of the sizes measured, from their files.
summary() {
  local files=() n
  for n in "$@"; do files+=("$out/scale-$n.txt"); done
  awk -v sizes="$*" '
    BEGIN { k = split(sizes, size, " ") }
    FNR == 1 { f++ }
    /^#/ || NF < 2 { next }
    !($1 in seen) { seen[$1] = 1; order[++rows] = $1 }
    $1 == "seed_s" || $1 == "start_s" { cell[$1, f] = sprintf("%.1f s", $2); p50[$1, f] = $2; next }
    $1 == "rss_mb" { cell[$1, f] = sprintf("%.0f MB peak (%.0f now)", $3, $2); p50[$1, f] = $3; next }
    {
      extra = ""
      for (i = 5; i <= NF; i++) extra = extra " " $i
      cell[$1, f] = $3 " / " $4 (extra == "" ? "" : " (" substr(extra, 2) ")")
      p50[$1, f] = $3
    }
    END {
      head = "| measurement (p50 / p99 ms) |"; rule = "|---|"
      for (i = 1; i <= k; i++) { head = head " N=" size[i] " |"; rule = rule "---|" }
      if (k > 1) { head = head " p50 " size[k] " / " size[1] " |"; rule = rule "---|" }
      print head; print rule
      for (r = 1; r <= rows; r++) {
        name = order[r]; line = "| " name " |"
        for (i = 1; i <= k; i++) line = line " " ((name, i) in cell ? cell[name, i] : "–") " |"
        if (k > 1) line = line " " (p50[name, 1] > 0 ? sprintf("%.1f×", p50[name, k] / p50[name, 1]) : "–") " |"
        print line
      }
    }' "${files[@]}"
}

bench_init
out=$root/out
mkdir -p "$out"
echo "== build"
go build -o "$work/gridline" .
go build -o "$work/scale" ./bench/scale
echo "== $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(uname -sr); sizes: $sizes"
print_runtime_settings

measured=() failed=''
for n in $sizes; do
  if ! measure_size "$n"; then
    failed=$n
    break
  fi
  measured+=("$n")
done
if ((${#measured[@]} > 0)); then
  echo
  summary "${measured[@]}"
fi
[[ -z $failed ]] || { echo "scale.sh: N=$failed failed" >&2; exit 1; }
