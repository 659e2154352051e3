#!/usr/bin/env bash
# Scores the CLI's own story clustering: runs `newsdesk cluster` (release
# build, default settings unless arguments are passed after `--`) on the ECB+
# train/dev file in file order and on seeded shuffles of its lines
# (python3 random.Random(seed).shuffle), and scores each output with
# `newsdesk-eval cluster-score` (B-cubed and pairwise P/R/F1, ARI, per split
# and overall; mean and min over the shuffles).
#
# In this file 104 of 772 articles carry a `date` (parsed from URLs), fewer
# than half, so by default the CLI processes all of them in input order as
# undated, with no idle closing; `-- --idle-days N` makes it sort by the dates
# and close stories idle for N days of that clock (the rule before fff14c9).
#
# With STORE=1 the stories scored are those of the ingest path instead:
# each order is ingested (`newsdesk ingest`, batches of BATCH articles,
# default 512) into a fresh data directory and every story is read back
# with `newsdesk stories` and `newsdesk story ID`; extra arguments then go
# to `newsdesk ingest`.
#
# Usage: bash eval/cluster-cli.sh [DATA.jsonl] [-- extra `newsdesk cluster` args]
# Env: SEEDS (default "1 2 3 4 5"), CARGO_TARGET_DIR (default target),
#      STORE (0/1), BATCH, DEBUG (0/1).
set -euo pipefail
. "$(dirname "$0")/cluster-setup.sh"
seeds=${SEEDS:-1 2 3 4 5}
mkdir "$work/in" "$work/out"

dirty=$(git status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null | wc -l)
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([ "$dirty" -gt 0 ] && echo " + $dirty uncommitted change(s) under crates/ or Cargo.*")"
store=${STORE:-0}
if [ "$store" = 1 ]; then
    echo "data: $data ($(grep -c . "$data") articles); newsdesk ingest --batch-size ${BATCH:-512} ${*:-(defaults)}, then stories and story ID"
else
    echo "data: $data ($(grep -c . "$data") articles); newsdesk cluster --format jsonl ${*:-(defaults)}"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

runs=(file)
cp "$data" "$work/in/file.jsonl"
for s in $seeds; do
    python3 -c '
import random, sys
lines = [l for l in sys.stdin.buffer.read().split(b"\n") if l.strip()]
random.Random(int(sys.argv[1])).shuffle(lines)
sys.stdout.buffer.write(b"\n".join(lines) + b"\n")
' "$s" <"$data" >"$work/in/shuffle-$s.jsonl"
    runs+=("shuffle-$s")
done

# Ingests $1 into a fresh data directory and prints `{id, story}` per stored
# article, as `newsdesk cluster --format jsonl` would.
through_store() {
    local input=$1 data_dir
    shift
    data_dir=$(mktemp -d -p "$work")
    "$cli" --data "$data_dir" ingest --batch-size "${BATCH:-512}" "$@" "$input" >&2
    "$cli" --data "$data_dir" stories --format jsonl --limit 1000000000 \
        | python3 -c 'import json, sys; [print(json.loads(l)["id"]) for l in sys.stdin if l.strip()]' \
        | while read -r story; do
            "$cli" --data "$data_dir" story "$story" --format jsonl \
                | python3 -c 'import json, sys; [print(json.dumps({"id": json.loads(l)["id"], "story": sys.argv[1]})) for l in sys.stdin if l.strip()]' "$story"
        done
}

echo
for r in "${runs[@]}"; do
    t0=$(date +%s.%N)
    if [ "$store" = 1 ]; then
        through_store "$work/in/$r.jsonl" "$@" >"$work/out/$r.jsonl" 2>"$work/out/$r.log"
    else
        "$cli" cluster --input "$work/in/$r.jsonl" --format jsonl "$@" >"$work/out/$r.jsonl" 2>"$work/out/$r.log"
    fi
    t1=$(date +%s.%N)
    printf '%-10s %5.2f s  %s\n' "$r" "$(awk "BEGIN { print $t1 - $t0 }")" "$(tail -n 1 "$work/out/$r.log")"
done
grep -h "without a date" "$work/out/file.log" || true

echo
echo "## file order"
"$eval_bin" cluster-score "$data" "$work/out/file.jsonl"
if [ ${#runs[@]} -gt 1 ]; then
    echo
    echo "## shuffled (seeds: $seeds)"
    shuffled=()
    for r in "${runs[@]:1}"; do shuffled+=("$work/out/$r.jsonl"); done
    "$eval_bin" cluster-score "$data" "${shuffled[@]}"
fi
