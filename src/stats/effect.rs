//! Turning reported numbers into effects that can be pooled, and pooled effects back into the
//! numbers a reader wants (percent, SMD points). Pure.
//!
//! Proportions are pooled on the logit scale: `yi = ln(x / (n − x))`, `vi = 1/x + 1/(n − x)`.
//! Continuity correction: a study with 0 events or n events (all responded) has an undefined
//! logit, so 0.5 is added to both cells of THAT study only (`x + 0.5` of `n + 1`), exactly as R
//! metafor `escalc(measure = "PLO")` does by default (`add = 1/2, to = "only0"`). Other studies
//! are untouched. The correction pulls 0% and 100% rates a little toward 50%; that is the known
//! price of logit pooling and why the table also lists each study's own rate.
//!
//! Contrasts (SMD, mean differences) are pooled on their own scale with the standard error taken
//! from a reported 95% CI, `(high − low) / (2 · 1.95996)`; a CI that is not symmetric about the
//! value is used as printed (its width only).

use super::dist::Z975;
use super::meta::{Effect, MetaError, Pooled, random_effects};

/// Logit of a proportion with its variance, corrected as the module explains.
pub fn logit_effect(events: u32, n: u32) -> Option<Effect> {
    if n == 0 || events > n {
        return None;
    }
    let (x, n) = (f64::from(events), f64::from(n));
    let (x, n) = if x == 0.0 || x == n {
        (x + 0.5, n + 1.0)
    } else {
        (x, n)
    };
    Some(Effect {
        yi: (x / (n - x)).ln(),
        vi: 1.0 / x + 1.0 / (n - x),
    })
}

pub fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// A contrast with a reported 95% CI; `None` when the CI has no width or is reversed.
pub fn ci_effect(value: f64, ci_low: f64, ci_high: f64) -> Option<Effect> {
    let se = (ci_high - ci_low) / (2.0 * Z975);
    (value.is_finite() && se.is_finite() && se > 0.0).then_some(Effect {
        yi: value,
        vi: se * se,
    })
}

/// Wilson score 95% interval of one study's proportion (0..1); well-behaved at 0 and n events,
/// which is why the forest plot uses it for single studies.
pub fn wilson(events: u32, n: u32) -> Option<(f64, f64)> {
    if n == 0 || events > n {
        return None;
    }
    let (p, n) = (f64::from(events) / f64::from(n), f64::from(n));
    let z2 = Z975 * Z975;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z975 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// A pooled estimate on the reader's scale: a proportion (0..1) or contrast units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub k: usize,
    pub estimate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pi_low: f64,
    pub pi_high: f64,
    /// On the analysis scale (logit for proportions).
    pub tau2: f64,
    pub i2: f64,
}

impl Summary {
    fn mapped(p: &Pooled, f: impl Fn(f64) -> f64) -> Summary {
        Summary {
            k: p.k,
            estimate: f(p.estimate),
            ci_low: f(p.ci_low),
            ci_high: f(p.ci_high),
            pi_low: f(p.pi_low),
            pi_high: f(p.pi_high),
            tau2: p.tau2,
            i2: p.i2,
        }
    }
}

/// Pools `(events, n)` pairs on the logit scale and back-transforms to proportions.
pub fn pool_proportions(counts: &[(u32, u32)]) -> Result<Summary, MetaError> {
    let effects = counts
        .iter()
        .enumerate()
        .map(|(index, &(x, n))| {
            logit_effect(x, n).ok_or(MetaError::BadEffect {
                index,
                yi: f64::from(x),
                vi: f64::from(n),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Summary::mapped(&random_effects(&effects)?, expit))
}

/// Pools `(value, ci_low, ci_high)` contrasts on their own scale.
pub fn pool_contrasts(rows: &[(f64, f64, f64)]) -> Result<Summary, MetaError> {
    let effects = rows
        .iter()
        .enumerate()
        .map(|(index, &(v, lo, hi))| {
            ci_effect(v, lo, hi).ok_or(MetaError::BadEffect {
                index,
                yi: v,
                vi: hi - lo,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Summary::mapped(&random_effects(&effects)?, |x| x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logit_corrects_only_zero_and_full_cells() {
        let cases = [
            (5, 10, 0.0, 0.4),                                      // no correction
            (0, 10, (0.5f64 / 10.5).ln(), 1.0 / 0.5 + 1.0 / 10.5),  // 0 events
            (10, 10, (10.5f64 / 0.5).ln(), 1.0 / 10.5 + 1.0 / 0.5), // all events
        ];
        for (x, n, yi, vi) in cases {
            let e = logit_effect(x, n).unwrap();
            assert!(
                (e.yi - yi).abs() < 1e-12 && (e.vi - vi).abs() < 1e-12,
                "{x}/{n}: {e:?}"
            );
        }
        assert_eq!(logit_effect(3, 0), None);
        assert_eq!(logit_effect(4, 3), None);
    }

    #[test]
    fn ci_effect_reads_se_from_width() {
        let e = ci_effect(0.5, 0.5 - Z975, 0.5 + Z975).unwrap();
        assert!((e.vi - 1.0).abs() < 1e-12);
        assert_eq!(ci_effect(0.5, 0.6, 0.4), None);
    }

    #[test]
    fn wilson_matches_hand_computation() {
        // 0 of 10: upper bound z²/(n+z²) = 3.8415/13.8415 = 0.27753.
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(lo.abs() < 1e-12 && (hi - 0.277_53).abs() < 1e-4, "{hi}");
        let (lo, hi) = wilson(5, 10).unwrap();
        assert!((lo + hi - 1.0).abs() < 1e-12);
    }
}
