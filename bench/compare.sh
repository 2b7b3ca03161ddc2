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
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
xml="${1:?usage: bench/compare.sh FILE.xml [FILE.xml.gz]}"
gz="${2:-}"
venv="${VENV:-$here/.venv}"
repeat="${REPEAT:-3}"
threads="${THREADS:-1,2}"
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
(cd "$root" && cargo bench --bench parse -- --repeat "$repeat" --threads "$threads" "${files[@]}") | tee -a "$results"

python3 - "$results" <<'EOF'
import json, sys

rows = [json.loads(l.split(" ", 1)[1]) for l in open(sys.argv[1]) if l.startswith("RESULT ")]
def rate(r):
    return r["bytes"] / 1e6 / r["secs"], r["records"] / r["secs"]
base = next((r for r in rows if r["name"] == "pubmed_parser parse_medline_xml"), None)
gzip_dc = next((r for r in rows if r["name"].startswith("gzip -dc")), None)
print()
print(f"| {'measurement':<48} | {'MB/s':>8} | {'records/s':>10} | {'peak RSS MB':>11} | {'× pubmed_parser':>15} |")
print(f"|{'-'*50}|{'-'*10}:|{'-'*11}:|{'-'*12}:|{'-'*16}:|")
for r in rows:
    mbs, rps = rate(r)
    shown = base and r["records"] and not r["name"].startswith(("gzip", "read"))
    ratio = f"{rps / rate(base)[1]:.1f}×" if shown else ""
    print(f"| {r['name']:<48} | {mbs:>8.1f} | {rps:>10.0f} | {r['peak_rss_kb'] / 1024:>11.1f} | {ratio:>15} |")
if gzip_dc:
    for r in rows:
        if r["name"].startswith("parse [") and r["name"].endswith(".gz]"):
            print(f"\n{r['name']} vs gzip -dc: {rate(r)[0] / rate(gzip_dc)[0]:.2f}× gzip's MB/s")
EOF
