# Shared start of eval/cluster-cli.sh and eval/cluster-dated.sh; sourced
# with no arguments, so that it reads and shifts the caller's own:
# [DATA.jsonl] [-- extra args], leaving the extra args in "$@". Sets `data`
# (default: the ECB+ train/dev file; exits 0 with "skipped" when it is
# absent), builds `newsdesk` and `newsdesk-eval` (release, or debug with
# DEBUG=1: quicker to build, the same figures; CARGO_TARGET_DIR honoured),
# and sets `cli`, `eval_bin` and `work` (a temporary directory removed on
# exit). Needs python3 (the callers shuffle or date the articles with it).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=../shared/data/clustering-dev/ecbplus_traindev.jsonl
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    data=$1
    shift
fi
if [ "${1:-}" = "--" ]; then shift; fi
if [ ! -f "$data" ]; then
    echo "skipped: $data not found (development data is not in the repository)"
    exit 0
fi
command -v python3 >/dev/null || { echo "error: python3 is needed to shuffle or date the articles" >&2; exit 1; }
target=${CARGO_TARGET_DIR:-target}
if [ "${DEBUG:-0}" = 1 ]; then
    cargo build -q -p newsdesk -p newsdesk-eval
    bin="$target/debug"
else
    cargo build --release -q -p newsdesk -p newsdesk-eval
    bin="$target/release"
fi
cli="$bin/newsdesk"
eval_bin="$bin/newsdesk-eval"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
