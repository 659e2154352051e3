#!/usr/bin/env bash
# Extraction speed: newsdesk vs trafilatura 2.3.1, single-threaded, pages in memory.
# Usage: bash bench/extract-vs-trafilatura.sh [PAGES_DIR]   (default ../shared/data/extraction-dev/html)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/extraction-dev/html}
[ -d "$dir" ] || { echo "no pages directory $dir" >&2; exit 2; }
venv=bench/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean
fi
cargo build --release -q -p newsdesk-bench
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
nd=$(./target/release/newsdesk-bench extract "$dir")
tr=$("$venv/bin/python" bench/trafilatura_speed.py "$dir")
echo "$nd"
echo "$tr"
rate() { sed -n 's/.*pages_per_sec=\([0-9.]*\).*/\1/p'; }
python3 -c "print(f'ratio newsdesk/trafilatura = {float(\"$(echo "$nd" | rate)\") / float(\"$(echo "$tr" | rate)\"):.1f}x')"
# Peak memory on huge pages, each in its own process.
for kind in article links; do
  for mb in 20 50; do ./target/release/newsdesk-bench big-page "$mb" --kind "$kind"; done
done
