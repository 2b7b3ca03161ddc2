#!/usr/bin/env bash
# bench/compare.sh: this tool side by side with pubmed_parser 0.5.1 and Biopython, on the same
# file and machine; prints each figure (MB/s, records/s, peak RSS) and the ratios.
# Benchmark tooling only: never run by the pipeline or by `cargo test`.
#
# Usage: bench/compare.sh FILE.xml [FILE.xml.gz]
#   Make the files first, e.g.
#     cargo build --release --bin gen-corpus
#     target/release/gen-corpus --size 200MB --out /tmp/pubmed-200MB.xml    data/
#     target/release/gen-corpus --size 200MB --out /tmp/pubmed-200MB.xml.gz data/
# Environment:
#   VENV=DIR            the Python venv (default bench/.venv, gitignored); made when missing
#   REPEAT=N            runs per Rust measurement, the median is reported (default 3)
#   THREADS=1,2         thread counts for the `extract` command (default 1,2)
#   SKIP_PYTHON=1       only this tool's figures
#   SKIP_BIOPYTHON=1    skip Biopython (it holds the whole file in memory)
#   PROFILE=NAME        the cargo profile of this tool's binaries (default release; release-lto
#                       is the build for baseline-scale runs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
xml="${1:?usage: bench/compare.sh FILE.xml [FILE.xml.gz]}"
gz="${2:-}"
venv="${VENV:-$here/.venv}"
repeat="${REPEAT:-3}"
threads="${THREADS:-1,2}"
profile="${PROFILE:-release}"
results="$(mktemp -t ke-compare.XXXXXX)"
trap 'rm -f "$results"' EXIT

say() { echo "compare: $*" >&2; }

if [[ -z "${SKIP_PYTHON:-}" ]]; then
    if [[ ! -x "$venv/bin/python" ]]; then
        say "creating $venv and installing pubmed_parser==0.5.1 and biopython"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet pubmed_parser==0.5.1 biopython
    fi
    py="$venv/bin/python"
    say "versions: $("$py" -c 'import sys, Bio, lxml.etree as e; from importlib.metadata import version as v; print("python", sys.version.split()[0], "pubmed_parser", v("pubmed_parser"), "biopython", Bio.__version__, "lxml", e.__version__)')"
    say "pubmed_parser on $xml"
    "$py" "$here/baselines.py" pubmed_parser "$xml" | tee -a "$results"
    if [[ -n "$gz" ]]; then
        say "pubmed_parser on $gz (as shipped: it gunzips every input)"
        "$py" "$here/baselines.py" pubmed_parser "$gz" | sed 's/parse_medline_xml/parse_medline_xml [.gz]/' | tee -a "$results"
    fi
    if [[ -z "${SKIP_BIOPYTHON:-}" ]]; then
        say "Biopython Entrez.read on $xml"
        "$py" "$here/baselines.py" biopython "$xml" | tee -a "$results"
    fi
fi

say "this tool: cargo bench --bench parse (stages in fresh processes, median of $repeat)"
files=("$xml")
[[ -n "$gz" ]] && files+=("$gz")
# Private copies of both binaries: a target dir shared with other checkouts may be rebuilt from
# another branch while the measurements run.
bins="$(mktemp -d -t ke-compare-bin.XXXXXX)"
trap 'rm -f "$results"; rm -rf "$bins"' EXIT
say "cargo profile: $profile"
(cd "$root" && cargo build --profile "$profile" --quiet --bin ketamine-evidence)
target="$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
cp "$target/$profile/ketamine-evidence" "$bins/ketamine-evidence"
bench_exe="$(cd "$root" && cargo bench --profile "$profile" --bench parse --no-run --message-format json 2>/dev/null \
    | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "parse" and m.get("executable"):
        print(m["executable"])')"
cp "$bench_exe" "$bins/parse-bench"
"$bins/ketamine-evidence" --version >&2
KE_BIN="$bins/ketamine-evidence" "$bins/parse-bench" --bench --repeat "$repeat" --threads "$threads" "${files[@]}" \
    | tee -a "$results"

python3 - "$results" <<'EOF'
import json, sys

# Wall-clock figures, and the same per CPU-second (user + system), which other load on a shared
# machine disturbs less; for one-thread runs the two agree when the machine is quiet.
rows = [json.loads(l.split(" ", 1)[1]) for l in open(sys.argv[1]) if l.startswith("RESULT ")]
base = next((r for r in rows if r["name"] == "pubmed_parser parse_medline_xml"), None)
gzip_dc = next((r for r in rows if r["name"].startswith("gzip -dc")), None)
def per(r, key, secs):
    return r[key] / r[secs] if r[secs] else float("nan")
print()
print("| measurement | wall s | CPU s | MB/s | records/s | records/CPU-s | peak RSS MB | × pubmed_parser (wall) | × (CPU) | load |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for r in rows:
    mbs, rps, rpc = per(r, "bytes", "secs") / 1e6, per(r, "records", "secs"), per(r, "records", "cpu_secs")
    shown = base and r["records"] and not r["name"].startswith(("gzip", "read"))
    x_wall = f"{rps / per(base, 'records', 'secs'):.1f}×" if shown else ""
    x_cpu = f"{rpc / per(base, 'records', 'cpu_secs'):.1f}×" if shown else ""
    print(f"| {r['name']} | {r['secs']:.2f} | {r['cpu_secs']:.2f} | {mbs:.1f} | {rps:.0f} | {rpc:.0f} "
          f"| {r['peak_rss_kb'] / 1024:.1f} | {x_wall} | {x_cpu} | {r.get('load', float('nan')):.1f} |")
if gzip_dc:
    for r in rows:
        if r["name"].startswith("parse [") and r["name"].endswith(".gz]"):
            x = per(r, "bytes", "secs") / per(gzip_dc, "bytes", "secs")
            print(f"\n{r['name']} vs gzip -dc: {x:.2f}× gzip's MB/s (wall)")
EOF
