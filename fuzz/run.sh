#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 120), seeded from fuzz/seeds/
# and the samples. Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly
# toolchain. Crashes land in fuzz/artifacts/<target>/; turn each into a
# regression test (crates/extract/tests/regressions.rs or the ingest tests).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-120}
for t in extract warc jsonl analysis sources index jobs; do mkdir -p "corpus/$t"; cp -n seeds/$t/* "corpus/$t/" 2>/dev/null || true; done
cp -n ../samples/pages/* ../samples/nasty/*.html corpus/extract/ 2>/dev/null || true
cp -n ../samples/warc/* ../samples/nasty/*.warc* corpus/warc/ 2>/dev/null || true
cp -n ../samples/articles.jsonl ../samples/nasty/*.jsonl corpus/jsonl/ 2>/dev/null || true
for t in extract warc jsonl analysis sources index jobs; do
  echo "== $t for ${seconds}s"
  # The index target's search threads leave thread-local storage that
  # LeakSanitizer reports at exit; it is not a leak of ours.
  extra=()
  [ "$t" = index ] && extra=(-detect_leaks=0 -rss_limit_mb=4096 -timeout=30)
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=10 "${extra[@]}"
done
