//! Throughput and memory bench for the PubMed reader: MB/s, records/s and peak RSS for each stage,
//! from quick-xml's bare event loop (the ceiling) to the whole `extract` command.
//!
//! Run: `cargo bench --bench parse -- [--stages LIST] [--threads 1,2] [--repeat N] FILE...`
//! on files made by `gen-corpus` (see bench/RESULTS.md). Each measurement runs in a fresh child
//! process (this binary re-executed with `--stage`), so the peak RSS it reports belongs to that
//! stage alone: in-process stages read `VmHWM` from /proc/self/status, external commands are
//! reaped with `wait4` and their `ru_maxrss` is read. Every line `RESULT {json}` has the same
//! shape as bench/baselines.py prints, for bench/compare.sh.
//!
//! `KE_BIN=PATH` picks the `ketamine-evidence` binary timed by the `extract-cmd` stage.
//!
//! Never a timed test: without cargo bench's `--bench` flag (e.g. `cargo test --benches`) it
//! prints a note and exits at once.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ketamine_evidence::extract;
use ketamine_evidence::pubmed::{self, Record};
use quick_xml::Reader;
use quick_xml::events::Event;

const ALL_STAGES: &str = "read,xml-events,split,parse,parse-par,parse-extract,gzip-dc,extract-cmd";

/// One measurement: what `RESULT` lines carry.
#[derive(Debug, Clone, Default)]
struct Measure {
    name: String,
    secs: f64,
    /// User + system CPU seconds: on a shared machine, steadier than wall time.
    cpu_secs: f64,
    bytes: u64,
    records: u64,
    peak_rss_kb: u64,
    rejects: u64,
    /// 1-minute load average when the runs started: other work on the machine shows here.
    load: f64,
}

impl Measure {
    fn print_result_line(&self) {
        println!(
            "RESULT {{\"name\": \"{}\", \"secs\": {:.4}, \"cpu_secs\": {:.4}, \"bytes\": {}, \"records\": {}, \"peak_rss_kb\": {}, \"rejects\": {}, \"load\": {:.2}}}",
            self.name, self.secs, self.cpu_secs, self.bytes, self.records, self.peak_rss_kb, self.rejects, self.load
        );
    }

    fn print(&self) {
        self.print_result_line();
        let mbs = self.bytes as f64 / 1e6 / self.secs;
        let rps = self.records as f64 / self.secs;
        eprintln!(
            "{:<48} {:>7.1} MB/s {:>8.0} records/s {:>7.1} MB peak RSS  ({:.2} s wall, {:.2} s CPU, load {:.1})",
            self.name,
            mbs,
            rps,
            self.peak_rss_kb as f64 / 1024.0,
            self.secs,
            self.cpu_secs,
            self.load
        );
    }
}

/// A `BufRead` that counts the bytes handed out, so MB/s is per uncompressed byte for .gz too.
struct Counting<R> {
    inner: R,
    n: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let k = self.inner.read(out)?;
        self.n += k as u64;
        Ok(k)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.n += amt as u64;
        self.inner.consume(amt);
    }
}

fn open_counting(path: &Path) -> io::Result<Counting<Box<dyn BufRead + Send>>> {
    Ok(Counting { inner: pubmed::open_input(path)?, n: 0 })
}

fn cpu_secs(who: libc::c_int) -> f64 {
    // SAFETY: rusage is plain data, filled by the kernel.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut u) };
    tv_secs(u.ru_utime) + tv_secs(u.ru_stime)
}

fn tv_secs(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

fn load_avg() -> f64 {
    let s = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    s.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs one in-process stage over `path`; called in a child process.
fn run_stage(stage: &str, path: &Path) -> anyhow::Result<Measure> {
    let (t0, c0) = (Instant::now(), cpu_secs(libc::RUSAGE_SELF));
    let mut m = Measure::default();
    match stage {
        "read" => {
            let mut r = open_counting(path)?;
            io::copy(&mut r, &mut io::sink())?;
            m.bytes = r.n;
        }
        "xml-events" => {
            // The ceiling: quick-xml's pull loop with no work per event.
            let mut r = Reader::from_reader(BufReader::with_capacity(1 << 16, open_counting(path)?));
            let mut buf = Vec::with_capacity(1 << 12);
            loop {
                match r.read_event_into(&mut buf)? {
                    Event::Eof => break,
                    Event::Start(e) if e.name().0 == b"PubmedArticle" => m.records += 1,
                    _ => {}
                }
                buf.clear();
            }
            m.bytes = r.into_inner().into_inner().n;
        }
        "split" => {
            let mut r = open_counting(path)?;
            for chunk in pubmed::RecordChunks::new(&mut r) {
                match chunk {
                    Ok(_) => m.records += 1,
                    Err(_) => m.rejects += 1,
                }
            }
            m.bytes = r.n;
        }
        "parse" | "parse-extract" => {
            let mut r = open_counting(path)?;
            let mut outcomes = 0usize;
            for rec in pubmed::RecordReader::new(&mut r) {
                match rec {
                    Ok(Record::Article(a)) => {
                        m.records += 1;
                        if stage == "parse-extract" {
                            outcomes += std::hint::black_box(extract::extract(&a)).outcomes.len();
                        }
                    }
                    Ok(_) => {}
                    Err(_) => m.rejects += 1,
                }
            }
            std::hint::black_box(outcomes);
            m.bytes = r.n;
        }
        s if s.starts_with("parse-par:") => {
            let threads: usize = s["parse-par:".len()..].parse()?;
            let (bytes, articles, rejects) = parse_parallel(path, threads)?;
            (m.bytes, m.records, m.rejects) = (bytes, articles, rejects);
        }
        other => anyhow::bail!("unknown stage {other:?} (stages: {ALL_STAGES})"),
    }
    m.secs = t0.elapsed().as_secs_f64();
    m.cpu_secs = cpu_secs(libc::RUSAGE_SELF) - c0;
    m.peak_rss_kb = vm_hwm_kb();
    Ok(m)
}

/// Parse (no extract, no tables) on a pool of `threads`: batches of record chunks split on this
/// thread, parsed with `par_iter`. Shows how far the parser itself scales, apart from the sink.
fn parse_parallel(path: &Path, threads: usize) -> anyhow::Result<(u64, u64, u64)> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let mut r = open_counting(path)?;
    let (mut articles, mut rejects) = (0u64, 0u64);
    let mut batch = Vec::with_capacity(512);
    let mut chunks = pubmed::RecordChunks::new(&mut r);
    loop {
        let next = chunks.next();
        let at_end = next.is_none();
        match next {
            Some(Ok(c)) => batch.push(c),
            Some(Err(_)) => rejects += 1,
            None => {}
        }
        if batch.len() == 512 || (at_end && !batch.is_empty()) {
            let ok: u64 = pool.install(|| batch.par_iter().map(|c| matches!(c.parse(), Ok(Record::Article(_))) as u64).sum());
            articles += ok;
            rejects += batch.len() as u64 - ok;
            batch.clear();
        }
        if at_end {
            break;
        }
    }
    drop(chunks);
    Ok((r.n, articles, rejects))
}

/// The `ketamine-evidence` binary to time: `KE_BIN` if set (compare.sh sets it to a private copy,
/// since a shared target dir may be rebuilt from another branch mid-run), else cargo's own.
fn tool_binary() -> String {
    std::env::var("KE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ketamine-evidence").to_string())
}

/// Spawns `argv`, reaps it with `wait4`; returns wall time, CPU time and the child's peak RSS (kB).
fn time_command(argv: &[String]) -> anyhow::Result<(f64, f64, u64)> {
    let t0 = Instant::now();
    let child = Command::new(&argv[0]).args(&argv[1..]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child, which std never reaps
    // (the `Child` is dropped without `wait`).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let secs = t0.elapsed().as_secs_f64();
    anyhow::ensure!(pid > 0, "wait4 on {} failed", argv[0]);
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    // Exit 1 is "finished with rejects": still a complete run.
    anyhow::ensure!(code == 0 || code == 1, "{} exited with {code}", argv.join(" "));
    Ok((secs, tv_secs(usage.ru_utime) + tv_secs(usage.ru_stime), usage.ru_maxrss as u64))
}

struct Opts {
    stages: Vec<String>,
    threads: Vec<usize>,
    repeat: usize,
    files: Vec<PathBuf>,
}

fn parse_opts(args: &[String]) -> anyhow::Result<Opts> {
    let mut o = Opts { stages: split_list(ALL_STAGES), threads: vec![1, 2], repeat: 3, files: Vec::new() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| anyhow::anyhow!("{flag} needs a value"));
        match a.as_str() {
            "--stages" => o.stages = split_list(&value("--stages")?),
            "--threads" => {
                o.threads = split_list(&value("--threads")?).iter().map(|t| t.parse()).collect::<Result<_, _>>()?
            }
            "--repeat" => o.repeat = value("--repeat")?.parse()?,
            f if f.starts_with("--") => anyhow::bail!("unknown flag {f}"),
            f => o.files.push(PathBuf::from(f)),
        }
    }
    anyhow::ensure!(!o.files.is_empty(), "give the PubmedArticleSet files to measure (made by gen-corpus)");
    Ok(o)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()
}

/// The median run of `repeat` (by time); a fresh process each time.
fn median(mut runs: Vec<Measure>) -> Measure {
    runs.sort_by(|a, b| a.secs.total_cmp(&b.secs));
    runs.swap_remove(runs.len() / 2)
}

fn measure_stage(stage: &str, file: &Path, repeat: usize) -> anyhow::Result<Measure> {
    let me = std::env::current_exe()?;
    let load = load_avg();
    let mut runs = Vec::new();
    for _ in 0..repeat {
        let out = Command::new(&me).arg("--stage").arg(stage).arg(file).stderr(Stdio::inherit()).output()?;
        anyhow::ensure!(out.status.success(), "stage {stage} failed on {}", file.display());
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        runs.push(parse_result_line(&line).ok_or_else(|| anyhow::anyhow!("stage {stage}: no RESULT line"))?);
    }
    Ok(Measure { load, ..median(runs) })
}

fn parse_result_line(s: &str) -> Option<Measure> {
    let v: serde_json::Value = serde_json::from_str(s.lines().find_map(|l| l.strip_prefix("RESULT "))?).ok()?;
    Some(Measure {
        name: v["name"].as_str()?.to_string(),
        secs: v["secs"].as_f64()?,
        cpu_secs: v["cpu_secs"].as_f64()?,
        bytes: v["bytes"].as_u64()?,
        records: v["records"].as_u64()?,
        peak_rss_kb: v["peak_rss_kb"].as_u64()?,
        rejects: v["rejects"].as_u64().unwrap_or(0),
        load: v["load"].as_f64().unwrap_or(f64::NAN),
    })
}

fn measure_command(name: String, argv: Vec<String>, like: &Measure, repeat: usize) -> anyhow::Result<Measure> {
    let load = load_avg();
    let mut runs = Vec::new();
    for _ in 0..repeat {
        let (secs, cpu_secs, rss) = time_command(&argv)?;
        runs.push(Measure { name: name.clone(), secs, cpu_secs, peak_rss_kb: rss, load, ..like.clone() });
    }
    Ok(median(runs))
}

fn bench_file(o: &Opts, file: &Path) -> anyhow::Result<()> {
    let label = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    // Byte and record counts for the external commands come from a counting pass.
    let mut base = run_stage("split", file)?;
    for stage in &o.stages {
        match stage.as_str() {
            "gzip-dc" if label.ends_with(".gz") => {
                let argv = ["gzip", "-dc"].iter().map(|s| s.to_string()).chain([file.display().to_string()]);
                measure_command(format!("gzip -dc [{label}]"), argv.collect(), &base, o.repeat)?.print();
            }
            "gzip-dc" => {}
            "parse-par" => {
                for &t in &o.threads {
                    let mut m = measure_stage(&format!("parse-par:{t}"), file, o.repeat)?;
                    m.name = format!("parse on {t} threads (RecordChunks + rayon) [{label}]");
                    m.print();
                }
            }
            "extract-cmd" => {
                for &t in &o.threads {
                    let out = std::env::temp_dir().join(format!("ke-bench-out-{}", std::process::id()));
                    let argv = vec![
                        tool_binary(),
                        "extract".into(),
                        "--xml".into(),
                        file.display().to_string(),
                        "--out".into(),
                        out.display().to_string(),
                        "--threads".into(),
                        t.to_string(),
                    ];
                    let name = format!("extract command --threads {t} [{label}]");
                    let m = measure_command(name, argv, &base, o.repeat);
                    let _ = std::fs::remove_dir_all(&out);
                    m?.print();
                }
            }
            s => {
                let mut m = measure_stage(s, file, o.repeat)?;
                m.name = format!("{s} [{label}]");
                if s == "split" {
                    base = m.clone();
                }
                m.print();
            }
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, stage, file] = args.as_slice() {
        if flag == "--stage" {
            let mut m = run_stage(stage, Path::new(file))?;
            m.name = stage.clone();
            m.print_result_line();
            return Ok(());
        }
    }
    if !args.iter().any(|a| a == "--bench") {
        eprintln!("parse bench: not run outside `cargo bench` (see benches/parse.rs for usage)");
        return Ok(());
    }
    let rest: Vec<String> = args.into_iter().filter(|a| a != "--bench").collect();
    let o = parse_opts(&rest)?;
    for file in &o.files {
        bench_file(&o, file)?;
    }
    Ok(())
}
