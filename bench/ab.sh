#!/usr/bin/env bash
# bench/ab.sh: two builds of one measurement, alternated, for a machine whose speed drifts.
# Benchmark tooling only: never run by the pipeline or by `cargo test`.
#
# On a shared VM the same binary's time moves by 1.5x within minutes, so two builds timed one
# after the other compare the machine, not the code. This runs A and B in turn N times and
# prints each one's CPU seconds (min, median) and the paired ratio A/B (median and range).
#
# Usage:
#   bench/ab.sh N STAGE FILE BENCH_A BENCH_B
#       STAGE is a stage of `benches/parse.rs` (parse, parse-extract, ...); BENCH_A/B are two
#       builds of that bench binary (target/release/deps/parse-HASH, copied aside per commit).
#   bench/ab.sh N extract FILE KE_A KE_B
#       the whole `extract` command (one thread) of two `ketamine-evidence` binaries.
#   bench/ab.sh N extract-wall FILE KE_A KE_B
#       the same with `--threads ${THREADS:-2}`, timed in WALL seconds: what overlapping work
#       across threads saves shows in the wall time, not in the CPU time.
set -euo pipefail
n="${1:?usage: bench/ab.sh N STAGE FILE A B}"
stage="$2" file="$3" a="$4" b="$5"
out="$(mktemp -d -t ke-ab.XXXXXX)"
trap 'rm -rf "$out"' EXIT

# CPU seconds (user + system) of one run of `$1`; wall seconds for `extract-wall`.
cpu_of() {
    if [[ "$stage" == extract-wall ]]; then
        rm -rf "$out/tables"
        /usr/bin/time -f "%e" "$1" extract --xml "$file" --out "$out/tables" --threads "${THREADS:-2}" -q \
            2>&1 >/dev/null | tail -n 1
    elif [[ "$stage" == extract ]]; then
        rm -rf "$out/tables"
        /usr/bin/time -f "%U %S" "$1" extract --xml "$file" --out "$out/tables" --threads 1 -q \
            2>&1 >/dev/null | tail -n 1 | awk '{ print $1 + $2 }'
    else
        "$1" --stage "$stage" "$file" | sed -n 's/.*"cpu_secs": \([0-9.]*\).*/\1/p'
    fi
}

for _ in $(seq "$n"); do
    echo "$(cpu_of "$a") $(cpu_of "$b")"
done > "$out/pairs"

python3 - "$out/pairs" "$a" "$b" "$stage" <<'EOF'
import statistics as st, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
unit = "wall" if sys.argv[4] == "extract-wall" else "CPU"
for name, col in (("A " + sys.argv[2], 0), ("B " + sys.argv[3], 1)):
    v = [p[col] for p in pairs]
    print(f"{name}: {unit} s min {min(v):.3f}, median {st.median(v):.3f} ({len(v)} runs)")
r = [x / y for x, y in pairs]
print(f"A/B paired: median {st.median(r):.2f}x, range {min(r):.2f}-{max(r):.2f}x")
EOF
