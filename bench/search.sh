#!/usr/bin/env bash
# Search benchmark: generates a synthetic corpus of N articles (default
# 1,000,000; `newsdesk-bench gen-corpus`, seed 1), indexes it with
# newsdesk-index in batches of 50,000 (add + commit timed, JSONL parsing
# not), then times 1,000 seeded queries and `similar` on 200 random ids.
# Prints indexing rate, p50/p99 latencies, index size and peak memory.
# Usage: bash bench/search.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p newsdesk-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
"$target/release/newsdesk-bench" gen-corpus "$count" "$work/corpus.jsonl" --seed 1
"$target/release/newsdesk-bench" search-bench "$work/corpus.jsonl" --queries 1000 --similar 200
