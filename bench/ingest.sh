#!/usr/bin/env bash
# Ingest throughput: 10,000 distinct pages (JSONL records {id, url, html}) into a
# fresh embedded store, all cores, extraction included. Pages are built from PAGES_DIR when given (e.g. the
# extraction dev set), else from a synthetic template.
# Usage: bash bench/ingest.sh [PAGES_DIR] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
from=${1:-../shared/data/extraction-dev/html}
count=${2:-10000}
[ "${NO_BUILD:-0}" = 1 ] || cargo build --release -q -p newsdesk -p newsdesk-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$from" ]; then
  ./target/release/newsdesk-bench make-pages "$count" "$work/pages.jsonl" --from "$from"
else
  ./target/release/newsdesk-bench make-pages "$count" "$work/pages.jsonl"
fi
echo "machine: $(nproc) cores"
start=$(date +%s.%N)
./target/release/newsdesk --data "$work/data" ingest "$work/pages.jsonl" || true
end=$(date +%s.%N)
python3 -c "print(f'ingest: $count pages in {$end - $start:.2f}s = {$count / ($end - $start):.0f} pages/s (wall clock, whole process)')"
./target/release/newsdesk --data "$work/data" stats | head -4
du -sh "$work/data"
