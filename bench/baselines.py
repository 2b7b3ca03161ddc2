"""Side-by-side baselines for bench/compare.sh: times one reader over one PubMed XML file.

Benchmark tooling only, run from bench/compare.sh inside its venv; never part of the pipeline.
Each run prints one line `RESULT {json}` with name, secs (wall), cpu_secs (user + system),
bytes (uncompressed XML), records and peak_rss_kb, the same shape as `cargo bench --bench parse` prints, so compare.sh can put them in
one table.

    python baselines.py pubmed_parser FILE     # pubmed_parser.parse_medline_xml, all fields
    python baselines.py biopython FILE         # Bio.Entrez.read (whole file, validate=False)
    python baselines.py cmd NAME BYTES RECORDS -- CMD ARGS...   # time a subprocess (wait4 rusage)
"""

import gzip
import json
import os
import resource
import subprocess
import sys
import time


# 1-minute load average before the run: other work on the machine shows here.
LOAD_AT_START = os.getloadavg()[0]


def xml_bytes(path):
    """Uncompressed size, the figure MB/s is computed from for every tool."""
    if path.endswith(".gz"):
        n = 0
        with gzip.open(path, "rb") as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    return n
                n += len(chunk)
    return os.path.getsize(path)


def open_any(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def report(name, secs, cpu_secs, nbytes, records, rss_kb, **extra):
    row = dict(name=name, secs=secs, cpu_secs=cpu_secs, bytes=nbytes, records=records, peak_rss_kb=rss_kb,
               load=LOAD_AT_START)
    row.update(extra)
    print("RESULT " + json.dumps(row), flush=True)


def self_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_now():
    """User + system CPU seconds so far: on a shared machine, steadier than wall time."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def run_pubmed_parser(path):
    from pubmed_parser import medline_parser

    # 0.5.1 opens every path with gzip.open, so a plain .xml cannot be read as shipped; give it
    # the plain file through the same call so it is timed on the same bytes as the other tools.
    if not path.endswith(".gz"):

        class PlainGzip:
            @staticmethod
            def open(p, mode="rb"):
                return open(p, mode)

        medline_parser.gzip = PlainGzip
    t0, c0 = time.perf_counter(), cpu_now()
    records = 0
    for _ in medline_parser.parse_medline_xml(
        path,
        year_info_only=False,
        nlm_category=True,
        author_list=True,
        reference_list=True,
        parse_downto_mesh_subterms=True,
    ):
        records += 1
    secs, cpu = time.perf_counter() - t0, cpu_now() - c0
    report("pubmed_parser parse_medline_xml", secs, cpu, xml_bytes(path), records, self_rss_kb())


def run_biopython(path):
    from Bio import Entrez

    # validate=False: the repeated records span DTD years (older ones carry DateCreated, absent
    # from the 2025 DTD the generated file names), and validation would stop at the first.
    t0, c0 = time.perf_counter(), cpu_now()
    with open_any(path) as handle:
        result = Entrez.read(handle, validate=False)
    records = len(result["PubmedArticle"])
    secs, cpu = time.perf_counter() - t0, cpu_now() - c0
    report("Biopython Entrez.read", secs, cpu, xml_bytes(path), records, self_rss_kb())


def run_cmd(name, nbytes, records, argv):
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null)
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    report(name, secs, cpu, int(nbytes), int(records), usage.ru_maxrss, exit=code)
    if code not in (0, 1):
        sys.exit(f"baselines: {argv[0]} exited with {code}")


def main(argv):
    if len(argv) >= 3 and argv[1] == "pubmed_parser":
        run_pubmed_parser(argv[2])
    elif len(argv) >= 3 and argv[1] == "biopython":
        run_biopython(argv[2])
    elif len(argv) >= 6 and argv[1] == "cmd" and argv[5] == "--":
        run_cmd(argv[2], argv[3], argv[4], argv[6:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
