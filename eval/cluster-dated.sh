#!/usr/bin/env bash
# Scores `newsdesk cluster` on a dated stream: each gold event of the ECB+
# train/dev file gets a day drawn at random in a span of SPAN days, each of
# its articles a time within HOURS hours after it, and the file is replayed
# in date order (as a collection of stories covered by several outlets over
# time would be). The shorter the span, the more events run at once. This
# exercises what ECB+ itself (undated) cannot: idle closing and the plain
# threshold of dated articles. Scored with `newsdesk-eval cluster-score`
# (B-cubed and pairwise P/R/F1, ARI; mean and min over the seeds).
#
# Usage: bash eval/cluster-dated.sh [DATA.jsonl] [-- extra `newsdesk cluster` args]
# Env: SPANS (default "3650 365 30 7"), HOURS (default 48), SEEDS (default
#      "1 2 3 4 5"), CARGO_TARGET_DIR, DEBUG (0/1: the debug build).
set -euo pipefail
. "$(dirname "$0")/cluster-setup.sh"
hours=${HOURS:-48}
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); data: $data; hours per event: $hours; newsdesk cluster ${*:-(defaults)}"
echo
for span in ${SPANS:-3650 365 30 7}; do
    outs=()
    for seed in ${SEEDS:-1 2 3 4 5}; do
        python3 - "$data" "$span" "$hours" "$seed" >"$work/in-$span-$seed.jsonl" <<'PY'
import datetime, json, random, sys
path, span, hours, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
start = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc)
day = {}
for story in sorted({r["story"] for r in rows}):
    day[story] = start + datetime.timedelta(days=rng.uniform(0, span))
for r in rows:
    r["date"] = (day[r["story"]] + datetime.timedelta(hours=rng.uniform(0, hours))).isoformat()
rows.sort(key=lambda r: r["date"])
for r in rows:
    print(json.dumps(r))
PY
        "$cli" cluster --input "$work/in-$span-$seed.jsonl" --format jsonl "$@" >"$work/out-$span-$seed.jsonl" 2>"$work/log"
        outs+=("$work/out-$span-$seed.jsonl")
    done
    echo "## events over $span days"
    "$eval_bin" cluster-score "$data" "${outs[@]}" | grep -E '^\| (split|---|all|dev|train) \|'
    echo
done
