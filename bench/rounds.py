"""Several rounds of bench/compare.sh, summed up: per measurement the wall seconds of each round,
their median, MB/s and records/s at the median, the median peak RSS, and the ratio to
pubmed_parser paired within each round (median and range).

Benchmark tooling only; plain Python 3, no venv needed. On a machine whose speed drifts, a ratio
taken inside one round compares two programs under the same conditions; medians across rounds
then damp the drift. This is how the tables in bench/RESULTS.md (session 5 on) were made.

    for r in 1 2 3 4 5; do bench/compare.sh FILE.xml FILE.xml.gz > /tmp/round$r.out; done
    python3 bench/rounds.py /tmp/round*.out
"""

import json
import statistics
import sys

BASELINE = "pubmed_parser parse_medline_xml"


def read_round(path):
    """The RESULT records of one compare.sh output, by measurement name. A record may start
    mid-line: with `> out 2>&1` the progress lines on stderr interleave with stdout."""
    out = {}
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        for line in f:
            at = line.find("RESULT {")
            if at >= 0:
                r, _ = decoder.raw_decode(line, at + len("RESULT "))
                out[r["name"]] = r
    return out


def summary(rounds):
    """One row per measurement, in the first round's order."""
    rows = []
    for name in rounds[0]:
        runs = [r[name] for r in rounds if name in r]
        secs = [x["secs"] for x in runs]
        med = statistics.median(secs)
        paired = [r[BASELINE]["secs"] / r[name]["secs"] for r in rounds if name in r and BASELINE in r]
        rows.append({
            "name": name,
            "secs": secs,
            "median": med,
            "mb_s": runs[0]["bytes"] / 1e6 / med,
            "records_s": runs[0]["records"] / med,
            "rss_mb": statistics.median(x["peak_rss_kb"] for x in runs) / 1024,
            "paired": paired,
        })
    return rows


def main(paths):
    if not paths:
        sys.exit("usage: rounds.py COMPARE_OUTPUT...")
    rounds = [read_round(p) for p in paths]
    if not all(rounds):
        sys.exit("rounds.py: a file holds no RESULT lines")
    print(f"{len(rounds)} rounds; ratios are {BASELINE} secs / this secs, within each round\n")
    print("| measurement | wall s (rounds) | median s | MB/s | records/s | × pubmed_parser, paired (median) | peak RSS MB |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for row in summary(rounds):
        p = row["paired"]
        ratio = f"{min(p):.1f}–{max(p):.1f}× ({statistics.median(p):.1f}×)" if p else ""
        walls = ", ".join(f"{s:.2f}" for s in row["secs"])
        print(f"| {row['name']} | {walls} | {row['median']:.2f} | {row['mb_s']:.1f} | "
              f"{row['records_s']:,.0f} | {ratio} | {row['rss_mb']:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
