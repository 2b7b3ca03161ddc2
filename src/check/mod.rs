//! The claim check: does a study in the evidence table support a sentence a writer wants to publish?
//! `load_claims` reads the claims file, `check_claims` matches it against the findings (pure),
//! `write_claims` writes `claims.csv` and `claims.md`. No polars here: the table is built by
//! `tables::text_frame` and written by `report`.

use std::path::{Path, PathBuf};

pub mod claims;
pub mod matching;

pub use claims::{CheckError, Claim, Relation, Target, load_claims, parse_claims};
pub use matching::{ClaimVerdict, Found, Verdict, check_claims};

use crate::report::{Format, ReportError, write_frame_stamped};

/// One row per claim: verdict, PMIDs, the numbers found and their quotes (`" | "`-joined, in the
/// same order as the PMIDs), and the near misses of a claim that is not supported.
pub fn write_claims(
    out_dir: &Path,
    verdicts: &[ClaimVerdict],
    stamp: Option<&str>,
) -> Result<Vec<PathBuf>, CheckError> {
    let col = |g: &dyn Fn(&ClaimVerdict) -> String| verdicts.iter().map(|v| Some(g(v))).collect();
    let join = |v: &ClaimVerdict, g: fn(&Found) -> String, sep: &str| {
        v.evidence.iter().map(g).collect::<Vec<_>>().join(sep)
    };
    let df = crate::tables::text_frame(vec![
        ("id", col(&|v| v.id.clone())),
        ("verdict", col(&|v| v.verdict.as_str().to_string())),
        ("sentence", col(&|v| v.sentence.clone())),
        ("pmids", col(&|v| join(v, |f| f.pmid.to_string(), ";"))),
        ("studies", col(&|v| join(v, |f| f.study.clone(), "; "))),
        ("found", col(&|v| join(v, |f| f.found.clone(), " | "))),
        ("quotes", col(&|v| join(v, |f| f.quote.clone(), " | "))),
        (
            "near_misses",
            col(&|v| {
                v.near_misses
                    .iter()
                    .map(|f| format!("{} {}: {}", f.pmid, f.study, f.found))
                    .collect::<Vec<_>>()
                    .join(" | ")
            }),
        ),
    ])
    .map_err(ReportError::Tables)?;
    Ok(write_frame_stamped(
        &df,
        out_dir,
        "claims",
        &[Format::Csv, Format::Markdown],
        stamp,
    )?)
}
