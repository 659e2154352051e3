#!/usr/bin/env bash
# Checks the Rust ROUGE of `newsdesk-eval summary` against Google's Python
# rouge-score (0.1.2, use_stemmer=True, rougeLsum on "\n"-split sentences):
# the eval writes each article's Lead-3 and newsdesk summaries with its own
# scores (--dump), Python rescores them, and the per-article and mean
# differences are printed. Fails when any score differs by more than 1e-6.
#
#   eval/rouge-check.sh [DATA.jsonl]      (run from the repository root)
#
# The virtualenv lives in target/rouge-venv (ROUGE_VENV overrides); PyPI
# must be reachable the first time.
set -euo pipefail

data="${1:-../shared/data/summaries-dev/cnndm_val_500.jsonl}"
venv="${ROUGE_VENV:-target/rouge-venv}"
dump="target/rouge-check-dump.jsonl"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "rouge-score==0.1.2"
fi

cargo run --release -q -p newsdesk-eval -- summary "$data" --dump "$dump"

"$venv/bin/python" - "$dump" <<'PY'
import json
import sys

from rouge_score import rouge_scorer

scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
worst = 0.0
worst_at = None
n = 0
sums = {"lead": [0.0] * 3, "newsdesk": [0.0] * 3}
rust_sums = {"lead": [0.0] * 3, "newsdesk": [0.0] * 3}
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    n += 1
    for system in ("lead", "newsdesk"):
        s = scorer.score(row["reference"], row[system])
        python = [s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeLsum"].fmeasure]
        rust = row["rust_" + system]
        for k in range(3):
            sums[system][k] += python[k]
            rust_sums[system][k] += rust[k]
            diff = abs(python[k] - rust[k])
            if diff > worst:
                worst, worst_at = diff, (row["id"], system, ["rouge1", "rouge2", "rougeLsum"][k], python[k], rust[k])

print(f"{n} articles; F1 x100          R1      R2   RLsum")
for system in ("lead", "newsdesk"):
    for name, table in (("python", sums), ("rust", rust_sums)):
        r = [100 * v / n for v in table[system]]
        print(f"{system:<9} {name:<8} {r[0]:>10.4f} {r[1]:>7.4f} {r[2]:>7.4f}")
print(f"largest per-article difference: {worst:.3g}" + (f" at {worst_at}" if worst_at else ""))
sys.exit(0 if worst <= 1e-6 else 1)
PY
