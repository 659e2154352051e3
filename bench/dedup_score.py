#!/usr/bin/env python3
"""Scores near-duplicate groups against a dedup-gen benchmark, one scorer
for every tool (bench/dedup-vs-datasketch.sh scores newsdesk and datasketch
with it).

    python3 bench/dedup_score.py BENCH.jsonl PRED.jsonl [--tsv NAME]

BENCH.jsonl: made by `newsdesk-eval dedup-gen` (each line has `id` and the
gold `dup_group`; copies have `dup_edits`). PRED.jsonl: one line per article,
`{"id": ..., "group": ...}` (the output of `newsdesk dedup --format jsonl`;
other fields are ignored). Every benchmark article must be in PRED.

Pairwise precision and recall (pairs of articles put in one group vs pairs
with one gold label) and the Adjusted Rand Index, the same definitions as
`newsdesk-eval dedup` (eval/src/dedup.rs: precision 1 when nothing is put
together, recall 1 when gold puts nothing together). Also: for each edit, the
share of copies found in their source's group. Standard library only.
"""

import argparse
import json
import sys
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def pair_scores(predicted, gold):
    cell = Counter(zip(predicted, gold))
    rows = Counter(predicted)
    cols = Counter(gold)
    true_pairs = sum(pairs(n) for n in cell.values())
    predicted_pairs = sum(pairs(n) for n in rows.values())
    gold_pairs = sum(pairs(n) for n in cols.values())
    total = pairs(len(predicted))
    expected = predicted_pairs * gold_pairs / total if total else 0.0
    top = 0.5 * (predicted_pairs + gold_pairs)
    ari = 1.0 if abs(top - expected) < 1e-12 else (true_pairs - expected) / (top - expected)
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    return precision, recall, ari, true_pairs, predicted_pairs, gold_pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench")
    ap.add_argument("pred")
    ap.add_argument("--tsv", metavar="NAME", help="print one tab-separated line: NAME precision recall ari")
    args = ap.parse_args()

    ids, gold, edits = [], [], []
    with open(args.bench, "rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if "dup_group" not in rec:
                sys.exit(f"{args.bench}:{n}: no dup_group (make the benchmark with newsdesk-eval dedup-gen)")
            ids.append(rec["id"])
            gold.append(rec["dup_group"])
            edits.append(rec.get("dup_edits") or [])
    group_of = {}
    with open(args.pred, "rb") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                group_of[rec["id"]] = rec["group"]
    missing = [i for i in ids if i not in group_of]
    if missing:
        sys.exit(f"{args.pred}: {len(missing)} benchmark article(s) not assigned, e.g. {missing[:3]}")
    predicted = [group_of[i] for i in ids]
    p, r, ari, tp, pp, gp = pair_scores(predicted, gold)
    if args.tsv:
        print(f"{args.tsv}\t{p:.4f}\t{r:.4f}\t{ari:.4f}")
        return
    print(
        f"{len(ids)} articles, {len(set(gold))} gold groups, {len(set(predicted))} groups found\n"
        f"pairwise precision {p:.4f} ({tp} of {pp} pairs)  recall {r:.4f} ({tp} of {gp} pairs)  ARI {ari:.4f}"
    )
    per_edit = {}
    for i, e in enumerate(edits):
        if not e:
            continue
        hit = group_of.get(gold[i]) == predicted[i]
        keys = list(e) + ["(all copies)"] + ([] if "truncate" in e else ["(all but truncate)"])
        for k in keys:
            h, a = per_edit.get(k, (0, 0))
            per_edit[k] = (h + hit, a + 1)
    if per_edit:
        print("copy found in its source's group, by edit (a copy carries one or more edits):")
        for k in sorted(per_edit):
            h, a = per_edit[k]
            print(f"  {k:<20} {h:>6} / {a:<6} {h / a:.3f}")


if __name__ == "__main__":
    main()
