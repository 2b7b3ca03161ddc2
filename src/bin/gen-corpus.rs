//! gen-corpus: writes a large, realistic `PubmedArticleSet` for benchmarks by repeating the real
//! `<PubmedArticle>` records of the files it is given, each copy with a fresh PMID.
//!
//! Benchmark tooling only: the pipeline never calls it, and it reads only the paths on its
//! command line (files, or folders of `*.xml` / `*.xml.gz`), never `../shared` by itself.
//!
//! ```text
//! gen-corpus --size 200MB --out /tmp/pubmed-200MB.xml     data/ more.xml
//! gen-corpus --size 1GB   --out /tmp/pubmed-1GB.xml.gz    data/
//! ```
//!
//! `--size` is the uncompressed XML size (decimal units: 1MB = 10^6 bytes; MiB/GiB are binary).
//! An output ending in `.gz` is gzip-compressed. The copies are rewritten only where the record
//! names itself (`MedlineCitation/PMID` and the `ArticleId IdType="pubmed"` equal to it), so
//! reference lists and comments keep their real PMIDs, as in PubMed's baseline files.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use quick_xml::Reader;
use quick_xml::events::Event;

const HEADER: &str = "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \
\"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \
\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n";
const FOOTER: &str = "</PubmedArticleSet>\n";

/// Flags of `gen-corpus`.
#[derive(Debug, Parser)]
#[command(name = "gen-corpus", about = "Repeat real PubMed records with fresh PMIDs to a target size")]
struct Args {
    /// Uncompressed size to reach: 200MB, 1GB, 2GB, 512MiB or a byte count.
    #[arg(long, value_parser = parse_size)]
    size: u64,
    /// Output file; a name ending in .gz is gzip-compressed.
    #[arg(long)]
    out: PathBuf,
    /// PMID given to the first copy; the next copies count up from it.
    #[arg(long, default_value_t = 50_000_001)]
    first_pmid: u64,
    /// gzip level (0-9) for a .gz output.
    #[arg(long, default_value_t = 6)]
    level: u32,
    /// PubmedArticleSet files or folders of them (*.xml, *.xml.gz) whose records are repeated.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

/// One record cut at the places where its own PMID is written.
#[derive(Debug)]
struct Template {
    /// Record bytes between the PMID holes; `parts.len()` is the number of holes plus one.
    parts: Vec<Vec<u8>>,
}

impl Template {
    fn write_with(&self, pmid: u64, out: &mut impl Write) -> io::Result<u64> {
        let id = pmid.to_string();
        let mut n = 0;
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                out.write_all(id.as_bytes())?;
                n += id.len() as u64;
            }
            out.write_all(part)?;
            n += part.len() as u64;
        }
        Ok(n)
    }
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<()> {
    let mut templates = Vec::new();
    for path in expand_inputs(&args.inputs)? {
        let bytes = read_maybe_gz(&path)?;
        let records = split_records(&bytes).with_context(|| format!("reading {}", path.display()))?;
        for rec in records {
            templates.push(template(rec).with_context(|| format!("a record in {}", path.display()))?);
        }
    }
    if templates.is_empty() {
        bail!("no <PubmedArticle> records in the inputs");
    }
    let file = File::create(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let gz = args.out.extension().is_some_and(|e| e == "gz");
    let (records, bytes) = if gz {
        let mut w = GzEncoder::new(BufWriter::with_capacity(1 << 20, file), Compression::new(args.level));
        let counts = write_set(&templates, &args, &mut w)?;
        w.finish()?.flush()?;
        counts
    } else {
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let counts = write_set(&templates, &args, &mut w)?;
        w.flush()?;
        counts
    };
    eprintln!(
        "gen-corpus: wrote {} records ({} distinct, PMIDs {}..={}), {bytes} bytes of XML to {}",
        records,
        templates.len(),
        args.first_pmid,
        args.first_pmid + records - 1,
        args.out.display()
    );
    Ok(())
}

/// Writes copies round-robin until the uncompressed size reaches `args.size`; returns
/// (records, bytes).
fn write_set(templates: &[Template], args: &Args, out: &mut impl Write) -> Result<(u64, u64)> {
    out.write_all(HEADER.as_bytes())?;
    let mut bytes = (HEADER.len() + FOOTER.len()) as u64;
    let mut records = 0u64;
    while bytes < args.size {
        let t = &templates[(records % templates.len() as u64) as usize];
        bytes += t.write_with(args.first_pmid + records, out)?;
        out.write_all(b"\n")?;
        bytes += 1;
        records += 1;
    }
    out.write_all(FOOTER.as_bytes())?;
    Ok((records, bytes))
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("--size {s:?} has an unknown unit (use B, KB, MB, GB, KiB, MiB, GiB)")),
    };
    match num.parse::<f64>() {
        Ok(n) if n > 0.0 => Ok((n * mult) as u64),
        _ => Err(format!("--size {s:?} is not a positive size such as 200MB")),
    }
}

/// Files as given, and for a folder its `*.xml` / `*.xml.gz` files in name order.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("listing {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f.to_string_lossy();
                    name.ends_with(".xml") || name.ends_with(".xml.gz")
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        MultiGzDecoder::new(file).read_to_end(&mut bytes)
    } else {
        io::BufReader::new(file).read_to_end(&mut bytes)
    }
    .with_context(|| format!("reading {}", path.display()))?;
    Ok(bytes)
}

/// The byte ranges of each `<PubmedArticle>` element directly under the root.
fn split_records(xml: &[u8]) -> Result<Vec<&[u8]>> {
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut start = None;
    let mut out = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().with_context(|| format!("XML error near byte {before}"))? {
            Event::Start(e) => {
                if depth == 1 && e.name().0 == b"PubmedArticle" {
                    start = Some(before);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    if let Some(s) = start.take() {
                        out.push(&xml[s..reader.buffer_position() as usize]);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Cuts a record at its own PMID: the first `<PMID>` text and every
/// `<ArticleId IdType="pubmed">` holding the same value.
fn template(rec: &[u8]) -> Result<Template> {
    let open = find(rec, b"<PMID", 0).context("record without <PMID>")?;
    let text_start = find(rec, b">", open).context("unterminated <PMID>")? + 1;
    let text_end = find(rec, b"</PMID>", text_start).context("unterminated <PMID>")?;
    let pmid = &rec[text_start..text_end];
    let mut holes = vec![(text_start, text_end)];
    let mut needle = b"IdType=\"pubmed\">".to_vec();
    needle.extend_from_slice(pmid);
    needle.extend_from_slice(b"</ArticleId>");
    let mut from = text_end;
    while let Some(at) = find(rec, &needle, from) {
        let s = at + b"IdType=\"pubmed\">".len();
        holes.push((s, s + pmid.len()));
        from = s + pmid.len();
    }
    let mut parts = Vec::with_capacity(holes.len() + 1);
    let mut prev = 0;
    for (s, e) in holes {
        parts.push(rec[prev..s].to_vec());
        prev = e;
    }
    parts.push(rec[prev..].to_vec());
    Ok(Template { parts })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = "<PubmedArticle><MedlineCitation><PMID Version=\"1\">123</PMID>\
<CommentsCorrectionsList><CommentsCorrections><PMID Version=\"1\">999</PMID>\
</CommentsCorrections></CommentsCorrectionsList></MedlineCitation><PubmedData><ArticleIdList>\
<ArticleId IdType=\"pubmed\">123</ArticleId><ArticleId IdType=\"doi\">10.1/123</ArticleId>\
</ArticleIdList><ReferenceList><Reference><ArticleIdList>\
<ArticleId IdType=\"pubmed\">555</ArticleId></ArticleIdList></Reference></ReferenceList>\
</PubmedData></PubmedArticle>";

    fn render(rec: &str, pmid: u64) -> String {
        let mut out = Vec::new();
        template(rec.as_bytes()).unwrap().write_with(pmid, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn own_pmid_is_rewritten_and_other_ids_are_kept() {
        let cases = [
            ("<PMID Version=\"1\">77</PMID>", true),
            ("<ArticleId IdType=\"pubmed\">77</ArticleId>", true),
            ("<PMID Version=\"1\">999</PMID>", true),
            ("<ArticleId IdType=\"pubmed\">555</ArticleId>", true),
            ("<ArticleId IdType=\"doi\">10.1/123</ArticleId>", true),
            (">123<", false),
        ];
        let out = render(REC, 77);
        for (needle, present) in cases {
            assert_eq!(out.contains(needle), present, "{needle} in {out}");
        }
        assert_eq!(out.len(), REC.len() - 2, "only the two own-PMID texts change length");
    }

    #[test]
    fn records_are_found_directly_under_the_root_only() {
        let xml = format!("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n{REC}\n{REC}\n</PubmedArticleSet>");
        let recs = split_records(xml.as_bytes()).unwrap();
        assert_eq!(recs.len(), 2);
        assert!(recs.iter().all(|r| r == &REC.as_bytes()));
        let none = split_records(b"<PubmedArticleSet><DeleteCitation><PMID>1</PMID></DeleteCitation></PubmedArticleSet>");
        assert!(none.unwrap().is_empty());
    }

    #[test]
    fn sizes_parse_in_decimal_and_binary_units() {
        let cases = [
            ("200MB", Ok(200_000_000)),
            ("1GB", Ok(1_000_000_000)),
            ("1.5GB", Ok(1_500_000_000)),
            ("512MiB", Ok(512 * 1024 * 1024)),
            ("4096", Ok(4096)),
            ("0MB", Err(())),
            ("12XB", Err(())),
            ("MB", Err(())),
        ];
        for (s, want) in cases {
            assert_eq!(parse_size(s).map_err(|_| ()), want, "{s}");
        }
    }

    #[test]
    fn the_set_reaches_the_target_size_and_counts_up_pmids() {
        let args = Args::parse_from(["gen-corpus", "--size", "5KB", "--out", "x.xml", "--first-pmid", "10", "in.xml"]);
        let templates = vec![template(REC.as_bytes()).unwrap()];
        let mut out = Vec::new();
        let (records, bytes) = write_set(&templates, &args, &mut out).unwrap();
        assert_eq!(bytes, out.len() as u64);
        assert!(bytes >= 5000 && bytes < 5000 + REC.len() as u64 + 1);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(split_records(text.as_bytes()).unwrap().len() as u64, records);
        let last = format!("<PMID Version=\"1\">{}</PMID>", 10 + records - 1);
        assert!(text.contains("<PMID Version=\"1\">10</PMID>") && text.contains(&last));
    }
}
