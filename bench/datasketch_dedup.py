#!/usr/bin/env python3
"""Near-duplicate groups with datasketch, for bench/dedup-vs-datasketch.sh.

Reads the same JSONL as `newsdesk dedup` (one article a line, `id` and
`text`), and writes one line per article, `{"id": ..., "group": ...}`, the
fields of `newsdesk dedup --format jsonl` that bench/dedup_score.py reads.

How it is done (datasketch used as its documentation shows, single process):
  - words: `text` lower-cased, split on anything that is not a letter, digit
    or underscore (`\\w+`), as newsdesk does. Difference: newsdesk also drops
    boilerplate lines ("Reporting by ...", "Copyright ...") and a leading
    dateline ("WASHINGTON (Reuters) -") before shingling; this script does not.
  - shingles: the set of 5-word windows joined by a space, UTF-8 bytes; a text
    of 1-4 words is one shingle; an empty text has none and is its own group.
  - MinHash(num_perm=126) (datasketch 2.x default scheme "affine32", default
    SHA-1 based 32-bit hash), one per article, `update_batch` with all its
    shingles (the batch path, faster than `update` per shingle).
  - MinHashLSH(threshold=0.6, num_perm=126) (datasketch picks the bands and
    rows that minimise its weighted false positive/negative areas: 18 x 7 for
    these values); all articles inserted in an insertion session, then each
    queried; every returned key is joined by union-find. No verification
    step (datasketch's LSH has none; newsdesk verifies every candidate exactly).
  - group label: the id of the group's first article in input order (newsdesk
    names a group after its earliest-published member; the scorer only looks
    at which articles share a label).

Prints phase timings to stderr; the whole run (reading, shingling, hashing,
LSH, output) is what the benchmark times, from outside, like newsdesk's CLI.
"""

import argparse
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text, k):
    words = WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--num-perm", type=int, default=126)
    ap.add_argument("--shingle-words", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    ids = []
    sigs = []
    base = MinHash(num_perm=args.num_perm)
    with open(args.input, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            ids.append(rec["id"])
            sh = shingles(rec.get("text") or "", args.shingle_words)
            if not sh:
                sigs.append(None)
                continue
            m = base.copy()
            m.update_batch(sh)
            sigs.append(m)
    t1 = time.perf_counter()

    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    with lsh.insertion_session() as session:
        for i, m in enumerate(sigs):
            if m is not None:
                session.insert(i, m, check_duplication=False)
    t2 = time.perf_counter()

    parent = list(range(len(ids)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    candidates = 0
    for i, m in enumerate(sigs):
        if m is None:
            continue
        for j in lsh.query(m):
            if j == i:
                continue
            candidates += 1
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    t3 = time.perf_counter()

    with open(args.output, "w", encoding="utf-8") as out:
        for i, id_ in enumerate(ids):
            out.write(json.dumps({"id": id_, "group": ids[find(i)]}, ensure_ascii=False))
            out.write("\n")
    t4 = time.perf_counter()
    print(
        f"datasketch: {len(ids)} articles, LSH {lsh.b} bands x {lsh.r} rows, {candidates // 2} candidate pairs; "
        f"read+shingle+MinHash {t1 - t0:.2f} s, LSH insert {t2 - t1:.2f} s, query+union {t3 - t2:.2f} s, "
        f"write {t4 - t3:.2f} s, total {t4 - t0:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
