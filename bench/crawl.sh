#!/usr/bin/env bash
# Crawl throughput: `newsdesk watch --once` against HOSTS simulated news sites
# on 127.0.0.1 (`newsdesk-bench crawl-site`: each its own host, LATENCY_MS on
# every answer, robots.txt, an RSS feed of PER_HOST articles), one request at
# a time per host, no extra host delay. Timed end to end with /usr/bin/time -v:
# polling the feeds, fetching, extracting, storing, indexing, copy groups,
# stories and analyses. Reports articles stored per second of wall clock,
# CPU seconds and %, peak RSS, and a per-second CPU timeline of newsdesk, the
# simulated sites and the whole machine (to tell a CPU-bound run from one
# that waits on fetches).
# Usage: bash bench/crawl.sh [HOSTS] [PER_HOST]
#   env: LATENCY_MS (50), PAGES (../shared/data/extraction-dev/html; synthetic
#   pages when missing), PERF=1 (also perf record the newsdesk process and
#   print the top of the profile; slower, so not the timed figure), NO_BUILD=1
#   (use the release binaries already in target/release), NICE=N (run newsdesk
#   under nice -n N).
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-100}
per=${2:-50}
latency=${LATENCY_MS:-50}
pages=${PAGES:-../shared/data/extraction-dev/html}
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release -q -p newsdesk -p newsdesk-bench
nd=./target/release/newsdesk
work=$(mktemp -d)
site_pid=
sampler_pid=
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
./target/release/newsdesk-bench crawl-site --hosts "$hosts" --articles-per-host "$per" --latency-ms "$latency" \
  --pages "$pages" --urls-file "$work/feeds.txt" >"$work/site.log" 2>&1 &
site_pid=$!
for _ in $(seq 600); do
  grep -q '^ready' "$work/site.log" && break
  kill -0 "$site_pid" 2>/dev/null || { cat "$work/site.log"; echo "crawl-site died" >&2; exit 1; }
  sleep 0.5
done
grep '^ready' "$work/site.log" || { echo "crawl-site not ready" >&2; exit 1; }

"$nd" --data "$work/data" sources import "$work/feeds.txt"

tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_total() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
site_before=$(cpu_ticks "$site_pid")

# One line a second: CPU % (100 = one core) of newsdesk, of the sites, and of
# the whole machine (all processes, other users included), out of nproc*100.
sampler() {
  local nd_pid=$1 last_nd=0 last_site last_busy last_total t=0
  last_site=$(cpu_ticks "$site_pid")
  read -r last_busy last_total < <(busy_total)
  while kill -0 "$nd_pid" 2>/dev/null; do
    sleep 1
    t=$((t + 1))
    local now_nd now_site busy total
    now_nd=$(cpu_ticks "$nd_pid"); now_site=$(cpu_ticks "$site_pid")
    # Gone during the second: no figure for it.
    [ -r "/proc/$nd_pid/stat" ] || break
    read -r busy total < <(busy_total)
    awk -v t=$t -v a=$((now_nd - last_nd)) -v s=$((now_site - last_site)) -v b=$((busy - last_busy)) \
      -v T=$((total - last_total)) -v k="$tick" -v n="$(nproc)" \
      'BEGIN { printf "t=%3ds newsdesk=%4.0f%% sites=%4.0f%% machine=%4.0f%%/%d00%%\n", t, a*100/k, s*100/k, (T>0?b*n*100/T:0), n }'
    last_nd=$now_nd; last_site=$now_site; last_busy=$busy; last_total=$total
  done
}

cmd=("$nd" --data "$work/data" watch --once --allow-private --host-delay 0)
# NICE=-10: a higher priority than the machine's other work (a shared
# machine's other jobs otherwise take half of the cores).
[ -n "${NICE:-}" ] && cmd=(nice -n "$NICE" "${cmd[@]}")
echo "timed: /usr/bin/time -v ${cmd[*]}"
/usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" 2>"$work/watch.log" &
time_pid=$!
# The newsdesk process is time's child.
for _ in $(seq 100); do
  nd_pid=$(pgrep -P "$time_pid" || true)
  [ -n "$nd_pid" ] && break
  sleep 0.05
done
if [ -n "${nd_pid:-}" ]; then
  sampler "$nd_pid" >"$work/timeline.txt" &
  sampler_pid=$!
fi
rc=0
wait "$time_pid" || rc=$?
[ -n "$sampler_pid" ] && { wait "$sampler_pid" 2>/dev/null || true; sampler_pid=; }
site_cpu=$(awk -v a="$site_before" -v b="$(cpu_ticks "$site_pid")" -v k="$tick" 'BEGIN { printf "%.1f", (b - a) / k }')

tr '\r' '\n' <"$work/watch.log" | grep -v '^\s*$' | grep -Ev '^[^a-z]*[0-9]+ pages' | tail -n 8 || true
echo "exit status: $rc"
stored=$("$nd" --data "$work/data" stats --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("articles", 0))' 2>/dev/null || true)
if [ -z "$stored" ]; then
  stored=$("$nd" --data "$work/data" stats | awk 'tolower($0) ~ /^ *articles/ { gsub(/[^0-9]/, "", $NF); print $NF; exit }')
fi
"$nd" --data "$work/data" stats | head -n 12
python3 - "$work/time.txt" "$stored" "$site_cpu" "$hosts" "$per" "$latency" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def field(name):
    m = re.search(re.escape(name) + r": (.*)", t)
    return m.group(1).strip() if m else "?"
parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
user, sys_ = float(field("User time (seconds)")), float(field("System time (seconds)"))
stored = int(sys.argv[2] or 0)
rss = int(field("Maximum resident set size (kbytes)")) / 1024
print(f"crawl: {sys.argv[4]} hosts x {sys.argv[5]} articles, {sys.argv[6]} ms latency: {stored} articles stored "
      f"in {wall:.2f}s wall = {stored / wall:.0f} articles/s; newsdesk CPU user {user:.1f}s + sys {sys_:.1f}s = "
      f"{user + sys_:.1f}s ({field('Percent of CPU this job got')}), {stored / max(user + sys_, 1e-9):.0f} articles per CPU-second, "
      f"peak RSS {rss:.0f} MB; simulated sites CPU {sys.argv[3]}s; bar 300 articles/s: "
      f"{'PASS' if stored / wall >= 300 else 'FAIL'}")
EOF
echo "CPU timeline (100% = one core):"
cat "$work/timeline.txt"

if [ "${PERF:-0}" = 1 ]; then
  echo "perf: second crawl into a fresh data dir under perf record (not timed)"
  "$nd" --data "$work/data2" sources import "$work/feeds.txt"
  perf record -F 499 -g -o "$work/perf.data" -- "$nd" --data "$work/data2" watch --once --allow-private --host-delay 0 \
    2>/dev/null || true
  perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -n 40
  echo "by thread:"
  perf report -i "$work/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -n 15
fi
