#!/usr/bin/env bash
# Web server page-speed benchmark (issue 7: every page under 100 ms of
# server time on a 1,000,000-article store). Builds a data directory of N
# synthetic articles (default 1,000,000) as `newsdesk ingest` leaves it:
# store, copy groups and stories, analyses, search index, each part timed;
# then serves it in-process and times ~200 sequential requests per page
# type (UI pages and API), after a warm-up. Prints p50/p99/max per page,
# failures (non-200), the data directory's size and peak memory.
# Usage: bash bench/serve.sh [N]
# The data directory is kept in DATA (default: a temporary directory,
# removed at exit); with DATA set and already built, it is served again
# without building.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p newsdesk-bench
if [ -n "${DATA:-}" ]; then
  data=$DATA
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  data=$work/data
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
"$target/release/newsdesk-bench" serve-bench "$count" --keep "$data" --reuse --requests 200
