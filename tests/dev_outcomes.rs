//! Developer harness (ignored): reads articles as JSON from `KE_DEV_JSON` and writes
//! `outcomes.csv` and a bare `studies.csv` to `KE_DEV_OUT`, so outcome rules can be scored before
//! the XML parser lands. Skips with a message when the variables are absent.

use std::io::Write;

use ketamine_evidence::extract::outcomes::extract_outcomes;
use ketamine_evidence::pubmed::Article;

#[test]
#[ignore]
fn write_dev_outcomes() {
    let (Ok(input), Ok(out)) = (std::env::var("KE_DEV_JSON"), std::env::var("KE_DEV_OUT")) else {
        eprintln!("skipped: set KE_DEV_JSON and KE_DEV_OUT");
        return;
    };
    let articles: Vec<Article> =
        serde_json::from_str(&std::fs::read_to_string(input).unwrap()).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let mut s = std::fs::File::create(format!("{out}/studies.csv")).unwrap();
    writeln!(s, "pmid,design,blinding,population,age_group,n_total,n_studies,drugs,routes,comparators,scales").unwrap();
    let mut o = std::fs::File::create(format!("{out}/outcomes.csv")).unwrap();
    writeln!(o, "pmid,kind,arm,scale,timepoint,value,ci_low,ci_high,p_value,events,n,evidence,rule,confidence").unwrap();
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let optu = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    let debug = std::env::var("KE_DEBUG_PMID").ok();
    for a in &articles {
        writeln!(s, "{},,,,,,,,,,", a.pmid).unwrap();
        if debug.as_deref() == Some(a.pmid.to_string().as_str()) {
            let arms = ketamine_evidence::extract::outcomes::study_arms(&a.abstract_text());
            eprintln!("{arms:#?}");
            for st in ketamine_evidence::extract::text::sentences(a) {
                eprintln!(
                    "{:?} {:?}",
                    st.text,
                    ketamine_evidence::extract::outcomes::arm_mentions(st.text, &arms)
                );
            }
        }
        for r in extract_outcomes(a) {
            writeln!(
                o,
                "{},{},{},{},\"{}\",{},{},{},{},{},{},\"{}\",{},{}",
                r.pmid,
                r.kind,
                r.arm,
                r.scale.unwrap_or_default(),
                r.timepoint.unwrap_or_default().replace('"', "\"\""),
                r.value,
                opt(r.ci_low),
                opt(r.ci_high),
                opt(r.p_value),
                optu(r.events),
                optu(r.n),
                r.evidence.text.replace('"', "\"\""),
                r.rule,
                r.confidence
            )
            .unwrap();
        }
    }
}

/// Developer probe (ignored): `KE_PROBE` names a file of "methods ||| result sentence" lines;
/// prints the rows each result sentence yields.
#[test]
#[ignore]
fn probe_sentences() {
    use ketamine_evidence::pubmed::{AbstractSection, Pmid};
    let Ok(path) = std::env::var("KE_PROBE") else {
        eprintln!("skipped: set KE_PROBE");
        return;
    };
    for line in std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.contains("|||"))
    {
        let (methods, result) = line.split_once("|||").unwrap();
        let mut a = Article::new(Pmid(1));
        a.abstract_sections = vec![
            AbstractSection {
                label: Some("METHODS".into()),
                nlm_category: None,
                text: methods.trim().into(),
            },
            AbstractSection {
                label: Some("RESULTS".into()),
                nlm_category: None,
                text: result.trim().into(),
            },
        ];
        eprintln!("\n# {}", result.trim());
        for r in extract_outcomes(&a) {
            eprintln!(
                "   {}/{} {} scale={:?} t={:?} p={:?} e/n={:?}/{:?} [{}]",
                r.kind, r.arm, r.value, r.scale, r.timepoint, r.p_value, r.events, r.n, r.rule
            );
        }
    }
}
