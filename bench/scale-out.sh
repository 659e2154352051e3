#!/usr/bin/env bash
# Scale-out ingest: N synthetic articles (`newsdesk-bench gen-corpus`, seed 1,
# default 200,000; as news pages to extract, or with FORMAT=records as
# article records whose text is given) ingested end to end -- extracted,
# stored, made searchable, analysed, grouped into copies and stories --
# first by the embedded store
# (`newsdesk ingest`), then by 1, 2 and 4 `newsdesk worker` processes on
# PostgreSQL, fed through NATS JetStream by `newsdesk ingest --nats`.
# Prints articles/s for each, and the CPU seconds of the workers, PostgreSQL
# and nats-server, which say where the time went.
# Needs PostgreSQL (NEWSDESK_BENCH_PG, default
# postgres://postgres@127.0.0.1:5432/test; psql on PATH) and NATS with
# JetStream (NEWSDESK_BENCH_NATS, default nats://127.0.0.1:4222).
# Usage: bash bench/scale-out.sh [N] [WORKER_COUNTS...]   e.g. 20000 1 2
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200000}
shift || true
counts=${*:-1 2 4}
pg=${NEWSDESK_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}
nats=${NEWSDESK_BENCH_NATS:-nats://127.0.0.1:4222}
target=${CARGO_TARGET_DIR:-target}
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release -q -p newsdesk -p newsdesk-bench
nd="$target/release/newsdesk"
drain=3
work=$(mktemp -d)
schemas=()
cleanup() {
  for s in "${schemas[@]}"; do psql -q "$pg" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# CPU seconds (user + system) used so far by every process named $1.
cpu_of() {
  local tck total=0 pid
  tck=$(getconf CLK_TCK)
  for pid in $(pgrep -x "$1" || true); do
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  python3 -c "print(round($total / $tck, 1))"
}
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
format=${FORMAT:-pages}
html=()
[ "$format" = records ] || html=(--html)
"$target/release/newsdesk-bench" gen-corpus "$count" "$work/corpus.jsonl" --seed 1 "${html[@]}" >/dev/null
echo "corpus: $count articles as $format, $(du -h "$work/corpus.jsonl" | cut -f1)"

start=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$work/embedded.time" "$nd" --data "$work/data" ingest "$work/corpus.jsonl" 2>"$work/embedded.log" || true
end=$(date +%s.%N)
secs=$(elapsed "$start" "$end")
read -r u s m <"$work/embedded.time"
echo "embedded: $count articles in ${secs}s = $(python3 -c "print(round($count / $secs))") articles/s; cpu ${u}s user ${s}s sys; peak ${m} KB"
tail -1 "$work/embedded.log"
embedded_rate=$(python3 -c "print($count / $secs)")
rm -rf "$work/data"

for w in $counts; do
  schema="bench_scale_${w}_$$"
  schemas+=("$schema")
  psql -q "$pg" -c "CREATE SCHEMA $schema" >/dev/null
  store="$pg?options=-csearch_path%3D$schema"
  common=(--store "$store" --nats "$nats" --queue "$schema")
  "$nd" "${common[@]}" stats >/dev/null # creates the schema's tables before the clock starts
  pg0=$(cpu_of postgres)
  nats0=$(cpu_of nats-server)
  start=$(date +%s.%N)
  pids=()
  for i in $(seq "$w"); do
    /usr/bin/time -f "%U %S %M" -o "$work/worker-$w-$i.time" \
      "$nd" "${common[@]}" worker --exit-when-drained "$drain" >"$work/worker-$w-$i.json" 2>"$work/worker-$w-$i.log" &
    pids+=($!)
  done
  "$nd" "${common[@]}" ingest "$work/corpus.jsonl" 2>"$work/schedule-$w.log"
  queued=$(date +%s.%N)
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  # Workers leave $drain seconds after the queue ran dry: not work.
  secs=$(python3 -c "print(f'{$end - $start - $drain:.1f}')")
  stored=$(psql -At "$store" -c "SELECT count(*) FROM articles")
  analysed=$(psql -At "$store" -c "SELECT count(*) FROM analyses")
  grouped=$(psql -At "$store" -c "SELECT count(*) FROM story_articles")
  wcpu=$(cat "$work"/worker-"$w"-*.time | awk '{u+=$1; s+=$2} END {print u + s}')
  echo "$w worker(s): $stored articles in ${secs}s = $(python3 -c "print(round($stored / $secs))") articles/s" \
    "($(python3 -c "print(f'{($stored / $secs) / $embedded_rate:.2f}')")x embedded); queued after $(elapsed "$start" "$queued")s;" \
    "$analysed analysed, $grouped with a story; cpu: workers ${wcpu}s, postgres $(python3 -c "print(round($(cpu_of postgres) - $pg0, 1))")s," \
    "nats-server $(python3 -c "print(round($(cpu_of nats-server) - $nats0, 1))")s"
  for i in $(seq "$w"); do echo "  worker $i: $(cat "$work/worker-$w-$i.json")"; done
  psql -q "$pg" -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
done
