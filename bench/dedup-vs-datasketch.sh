#!/usr/bin/env bash
# Near-duplicate detection, newsdesk vs datasketch (Python MinHashLSH).
#
# 1. Builds the release binaries; installs datasketch (pinned) into a
#    virtualenv under target/.
# 2. Makes a labelled benchmark of about N articles (default 100,000): a
#    synthetic corpus of N/2 sources (`newsdesk-bench gen-corpus`, seed 1)
#    turned by `newsdesk-eval dedup-gen` (seed 1) into the sources plus two
#    edited copies of a random half of them (gold label `dup_group`).
# 3. Runs `newsdesk dedup` (all cores) and bench/datasketch_dedup.py (one
#    process, MinHash + MinHashLSH, num_perm 126, threshold 0.6) on that same
#    file, each timed end to end from outside (reading, shingling, hashing,
#    grouping, writing): wall seconds, CPU seconds (user + system), peak RSS.
#    Scores both outputs with the same scorer (bench/dedup_score.py: pairwise
#    precision, recall, ARI) and prints the table and the speed ratio.
# 4. Memory growth of `newsdesk dedup` alone on gen-corpus corpora of the
#    sizes in MEM_SIZES (default "100000 300000 1000000"; MEM_SIZES= skips):
#    peak RSS, bytes per article by a least-squares line, extrapolated to 10M.
#
# Usage: bash bench/dedup-vs-datasketch.sh [N]
# KEEP=1 keeps the work directory (target/dedup-bench.*) for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
mem_sizes=${MEM_SIZES-100000 300000 1000000}
target=${CARGO_TARGET_DIR:-target}
datasketch_version=2.0.0

cargo build --release -q -p newsdesk-bench -p newsdesk-eval -p newsdesk
venv="$target/datasketch-venv"
if ! "$venv/bin/python" -c "import datasketch, sys; sys.exit(datasketch.__version__ != '$datasketch_version')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "datasketch==$datasketch_version"
fi

mkdir -p "$target"
work=$(mktemp -d "$target/dedup-bench.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work directory: $work"; fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "newsdesk $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates/dedup || echo ' + uncommitted crates/dedup changes'); datasketch $datasketch_version, $("$venv/bin/python" --version)"

# measure NAME CMD...: runs CMD (stdout to $work/NAME.out, stderr to
# $work/NAME.err) and leaves "wall cpu rss_kib" in $work/NAME.m.
measure() {
    local name=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
        awk -F': ' '
            /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
            /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { r = $2 }
            END { printf "%.3f %.3f %d\n", w, u + s, r }' "$work/$name.time" >"$work/$name.m"
    else
        # No GNU time: getrusage of the child (ru_maxrss is KiB on Linux).
        python3 - "$work/$name" "$@" <<'EOF'
import resource, subprocess, sys, time
base, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
with open(base + ".out", "wb") as o, open(base + ".err", "wb") as e:
    rc = subprocess.call(cmd, stdout=o, stderr=e)
w = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(base + ".m", "w").write(f"{w:.3f} {r.ru_utime + r.ru_stime:.3f} {r.ru_maxrss}\n")
sys.exit(rc)
EOF
    fi
}

sources=$((count / 2))
echo "making the benchmark: $sources sources, edited copies of half of them"
"$target/release/newsdesk-bench" gen-corpus "$sources" "$work/sources.jsonl" --seed 1 >/dev/null
"$target/release/newsdesk-eval" dedup-gen "$work/sources.jsonl" "$work/bench.jsonl" --seed 1 2>"$work/dedup-gen.err" \
    || { cat "$work/dedup-gen.err"; exit 1; }
tail -n 3 "$work/dedup-gen.err"
articles=$(grep -c . "$work/bench.jsonl")
echo "benchmark: $articles articles, $(du -m "$work/bench.jsonl" | cut -f1) MB"

echo "running newsdesk dedup ..."
measure newsdesk "$target/release/newsdesk" dedup --input "$work/bench.jsonl" --threshold 0.6 --format jsonl
echo "running datasketch ..."
measure datasketch "$venv/bin/python" bench/datasketch_dedup.py "$work/bench.jsonl" "$work/datasketch.out" \
    --threshold 0.6 --num-perm 126
cat "$work/datasketch.err"

echo
printf '| tool | articles | wall s | CPU s | articles/s (wall) | articles/CPU-s | precision | recall | ARI | peak RSS MiB |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for tool in newsdesk datasketch; do
    pred="$work/$tool.out"
    read -r wall cpu rss <"$work/$tool.m"
    scores=$(python3 bench/dedup_score.py "$work/bench.jsonl" "$pred" --tsv "$tool")
    echo "$scores" | awk -v n="$articles" -v w="$wall" -v c="$cpu" -v r="$rss" -F'\t' \
        '{ printf "| %s | %d | %.2f | %.2f | %.0f | %.0f | %s | %s | %s | %.0f |\n", $1, n, w, c, n / w, n / c, $2, $3, $4, r / 1024 }'
done
read -r nd_wall nd_cpu _ <"$work/newsdesk.m"
read -r ds_wall ds_cpu _ <"$work/datasketch.m"
awk -v a="$nd_wall" -v b="$ds_wall" -v c="$nd_cpu" -v d="$ds_cpu" 'BEGIN {
    printf "\nspeed ratio newsdesk/datasketch: %.1fx articles/s (wall; bar 20x: %s), %.1fx articles per CPU-second\n",
        b / a, (b / a >= 20 ? "PASS" : "FAIL"), d / c }'
echo
echo "newsdesk, per edit (bench/dedup_score.py):"
python3 bench/dedup_score.py "$work/bench.jsonl" "$work/newsdesk.out" | tail -n +2
echo "datasketch, per edit:"
python3 bench/dedup_score.py "$work/bench.jsonl" "$work/datasketch.out" | tail -n +2
echo "cross-check, newsdesk-eval dedup on the same file (library in-process, parsing not timed):"
"$target/release/newsdesk-eval" dedup "$work/bench.jsonl" | sed -n 2,3p
rm -f "$work/sources.jsonl" "$work"/*.out

if [ -n "$mem_sizes" ]; then
    echo
    echo "memory growth, newsdesk dedup on gen-corpus corpora (no copies):"
    printf '| articles | corpus MB | wall s | CPU s | peak RSS MiB |\n| ---: | ---: | ---: | ---: | ---: |\n'
    : >"$work/growth.txt"
    for n in $mem_sizes; do
        "$target/release/newsdesk-bench" gen-corpus "$n" "$work/mem.jsonl" --seed 1 >/dev/null
        mb=$(du -m "$work/mem.jsonl" | cut -f1)
        measure mem "$target/release/newsdesk" dedup --input "$work/mem.jsonl" --format jsonl
        rm -f "$work/mem.jsonl" "$work/mem.out"
        read -r wall cpu rss <"$work/mem.m"
        echo "$n $rss" >>"$work/growth.txt"
        printf '| %d | %d | %.1f | %.1f | %.0f |\n' "$n" "$mb" "$wall" "$cpu" "$((rss / 1024))"
    done
    python3 - "$work/growth.txt" <<'EOF'
import sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(pts) < 2:
    sys.exit(0)
n = len(pts)
mx = sum(p[0] for p in pts) / n
my = sum(p[1] * 1024 for p in pts) / n
slope = sum((p[0] - mx) * (p[1] * 1024 - my) for p in pts) / sum((p[0] - mx) ** 2 for p in pts)
icpt = my - slope * mx
at = icpt + slope * 10_000_000
print(f"least-squares fit: {slope:.0f} bytes/article + {icpt / 2**20:.0f} MiB; "
      f"10M articles -> {at / 2**30:.1f} GiB peak RSS ({'fits' if at < 24 * 2**30 else 'does NOT fit'} in 24 GiB)")
EOF
fi
