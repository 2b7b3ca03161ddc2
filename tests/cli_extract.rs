//! End-to-end: the real binary's `extract` command over PubMed XML files.

use crate::common;

use std::io::Write;

use common::{column, read_csv, shared, TestEnv};

/// The bundled store's raw XML: real records, always present.
fn bundled_xml() -> std::path::PathBuf {
    let raw = std::path::Path::new(common::ROOT).join("data/raw");
    let mut files: Vec<_> = std::fs::read_dir(&raw)
        .unwrap_or_else(|e| panic!("{}: {e}", raw.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files.into_iter().next().expect("a raw XML file in data/raw")
}

fn pmids_in(xml: &str) -> Vec<String> {
    // Test-side oracle: the PMID of each MedlineCitation, by plain text search.
    xml.split("<MedlineCitation")
        .skip(1)
        .filter_map(|s| {
            let start = s.find("<PMID")? + s[s.find("<PMID")?..].find('>')? + 1;
            let end = start + s[start..].find("</PMID>")?;
            Some(s[start..end].trim().to_string())
        })
        .collect()
}

#[test]
fn extract_writes_one_article_row_per_record_with_the_promised_columns() {
    let env = TestEnv::new();
    let xml = bundled_xml();
    let out = env.path("out");
    let run = env.run(&["extract", "--xml", xml.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "stderr: {}", run.stderr());
    let (header, rows) = read_csv(&out.join("articles.csv"));
    assert_eq!(
        header,
        [
            "pmid", "title", "abstract", "journal", "year", "doi", "pmcid", "publication_types", "mesh_terms",
            "authors", "language", "nct_ids", "record_kind", "retracted"
        ]
    );
    let want = pmids_in(&std::fs::read_to_string(&xml).unwrap());
    assert!(!want.is_empty());
    assert_eq!(column(&header, &rows, "pmid"), want);
    for stem in ["studies", "outcomes"] {
        let (h, r) = read_csv(&out.join(format!("{stem}.csv")));
        assert_eq!(h[0], "pmid", "{stem}");
        if stem == "studies" {
            assert_eq!(r.len(), want.len());
        }
        assert!(out.join(format!("{stem}.parquet")).exists());
    }
    assert!(run.stderr().contains("rejected"), "a run summary on stderr: {}", run.stderr());
}

#[test]
fn gzip_and_stdin_give_the_same_articles_as_plain_xml() {
    let env = TestEnv::new();
    let xml = bundled_xml();
    let gz = env.path("in.xml.gz");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    enc.write_all(&std::fs::read(&xml).unwrap()).unwrap();
    enc.finish().unwrap();
    let plain = env.path("plain");
    let zipped = env.path("zipped");
    let piped = env.path("piped");
    assert_eq!(env.run(&["extract", "--xml", xml.to_str().unwrap(), "--out", plain.to_str().unwrap()]).code(), 0);
    assert_eq!(env.run(&["extract", "--xml", gz.to_str().unwrap(), "--out", zipped.to_str().unwrap()]).code(), 0);
    let r = env.run_with_stdin(&["extract", "--xml", "-", "--out", piped.to_str().unwrap()], Some(&xml));
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let a = std::fs::read(plain.join("articles.csv")).unwrap();
    assert_eq!(a, std::fs::read(zipped.join("articles.csv")).unwrap());
    assert_eq!(a, std::fs::read(piped.join("articles.csv")).unwrap());
}

#[test]
fn one_thread_and_two_threads_write_identical_tables() {
    let env = TestEnv::new();
    let xml = bundled_xml();
    let (one, two) = (env.path("one"), env.path("two"));
    for (dir, t) in [(&one, "1"), (&two, "2")] {
        let r = env.run(&["extract", "--threads", t, "--xml", xml.to_str().unwrap(), "--out", dir.to_str().unwrap()]);
        assert_eq!(r.code(), 0, "{}", r.stderr());
    }
    // Every file: the record tables, the summaries, the citations and report.html.
    let mut names: Vec<_> = std::fs::read_dir(&one).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert!(names.len() > 20, "{names:?}");
    for f in &names {
        assert_eq!(std::fs::read(one.join(f)).unwrap(), std::fs::read(two.join(f)).unwrap(), "{f:?}");
    }
    assert_eq!(std::fs::read_dir(&two).unwrap().count(), names.len());
}

#[test]
fn a_corrupted_record_is_rejected_with_its_offset_and_the_rest_is_written() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(bundled_xml()).unwrap();
    let all = pmids_in(&text);
    // Break the second record: an end tag that does not match.
    let second = text.match_indices("<PubmedArticle>").nth(1).unwrap().0;
    let title_end = second + text[second..].find("</ArticleTitle>").unwrap();
    let broken = format!("{}</Bogus>{}", &text[..title_end], &text[title_end..]);
    let input = env.path("broken.xml");
    std::fs::write(&input, broken).unwrap();
    let out = env.path("out");
    let run = env.run(&["extract", "--xml", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "exit 1: finished with rejects; stderr: {}", run.stderr());
    let (h, rows) = read_csv(&out.join("rejects.csv"));
    assert_eq!(h, ["pmid", "file", "byte_offset", "stage", "reason"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], all[1], "the reject names the PMID");
    let offset: usize = rows[0][2].parse().unwrap();
    assert!(offset >= second && offset <= title_end + 10, "offset {offset} inside the broken record");
    let (ah, arows) = read_csv(&out.join("articles.csv"));
    let written = column(&ah, &arows, "pmid");
    assert_eq!(written.len(), all.len() - 1);
    assert!(!written.contains(&all[1].as_str()));
}

#[test]
fn a_file_that_is_not_pubmed_xml_is_one_clear_fatal_error() {
    let env = TestEnv::new();
    let input = env.path("page.html");
    std::fs::write(&input, "<html><body>Service unavailable</body></html>").unwrap();
    let run = env.run(&["extract", "--xml", input.to_str().unwrap(), "--out", env.path("o").to_str().unwrap()]);
    assert_eq!(run.code(), 2);
    let err = run.stderr();
    assert!(err.contains("page.html") && err.contains("not PubMed XML"), "{err}");
    let missing = env.run(&["extract", "--xml", "/nonexistent/x.xml", "--out", env.path("p").to_str().unwrap()]);
    assert_eq!(missing.code(), 2);
    assert!(missing.stderr().contains("/nonexistent/x.xml"), "{}", missing.stderr());
}

#[test]
fn dev_corpus_gives_one_study_row_per_record() {
    // Uses ../shared/corpus/dev.xml; skips when ../shared is absent.
    let Some(dev) = shared("corpus/dev.xml") else { return };
    let env = TestEnv::new();
    let out = env.path("dev");
    let run = env.run(&["extract", "--xml", dev.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let want = pmids_in(&std::fs::read_to_string(&dev).unwrap());
    let (h, rows) = read_csv(&out.join("studies.csv"));
    assert_eq!(column(&h, &rows, "pmid"), want);
    let (h, rows) = read_csv(&out.join("articles.csv"));
    assert_eq!(column(&h, &rows, "pmid"), want);
}

/// The whole pipeline over real PubMed files of other topics and vintages: every record read,
/// nothing panics. The baseline-format samples are copyleft, so they are read from ../shared
/// (skipped when absent); the bundled efetch fixtures always run.
fn extract_never_panics_on(file: &std::path::Path) {
    let env = TestEnv::new();
    let out = env.path("o");
    let run = env.run(&["extract", "--xml", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(run.code() == 0 || run.code() == 1, "{}: exit {} {}", file.display(), run.code(), run.stderr());
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert!(out.join("studies.csv").exists());
}

#[test]
fn extract_reads_the_fatcat_baseline_sample() {
    if let Some(f) = shared("fixtures/pubmed/efetch/fatcat_pubmedsample_2019.xml") {
        extract_never_panics_on(&f);
    }
}

#[test]
fn extract_reads_the_netsynergy_baseline_subset() {
    if let Some(f) = shared("fixtures/pubmed/efetch/netsynergy_pubmed21n1001_subset.xml") {
        extract_never_panics_on(&f);
    }
}

#[test]
fn extract_reads_every_bundled_efetch_fixture_in_one_run() {
    let dir = std::path::Path::new(common::ROOT).join("tests/fixtures/pubmed");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() > 10, "fixtures in {}", dir.display());
    let env = TestEnv::new();
    let out = env.path("o");
    let mut args = vec!["extract", "--out", out.to_str().unwrap(), "--xml"];
    args.extend(files.iter().map(String::as_str));
    let run = env.run(&args);
    assert!(run.code() == 0 || run.code() == 1, "exit {} {}", run.code(), run.stderr());
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
}
