//! Random-effects meta-analysis of one effect per study: REML τ² by Fisher scoring,
//! Hartung–Knapp–Sidik–Jonkman (HKSJ) confidence interval and a t-based prediction interval.
//! Pure arithmetic on `(yi, vi)` pairs; knows nothing of tables or outcomes.
//!
//! The choices follow R metafor `rma(yi, vi, method = "REML", test = "knha")`, so results can be
//! checked against it: the HKSJ variance factor is not truncated at 1, the prediction interval
//! uses the same `t(k − 1)` quantile as the CI (metafor's `predict()` under `test = "knha"`), and
//! I² is metafor's τ²-based `100 · τ² / (τ² + s²)` with the "typical" within-study variance s².

use super::dist::t_quantile;

/// One study's effect on the analysis scale and its sampling variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub yi: f64,
    pub vi: f64,
}

/// A pooled estimate on the analysis scale (logit or raw), with its spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    pub k: usize,
    pub estimate: f64,
    /// HKSJ standard error.
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pi_low: f64,
    pub pi_high: f64,
    pub tau2: f64,
    /// Percent, 0..100.
    pub i2: f64,
    /// Cochran's Q (fixed-effect weights) and its df, k − 1.
    pub q: f64,
    /// Fisher-scoring iterations REML took.
    pub iterations: u32,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetaError {
    #[error("pooling needs at least two studies, got {0}")]
    TooFew(usize),
    #[error("study {index} has an unusable effect (yi {yi}, vi {vi}); variances must be positive")]
    BadEffect { index: usize, yi: f64, vi: f64 },
    #[error("REML did not converge in {0} iterations")]
    NoConvergence(u32),
}

const MAX_ITER: u32 = 500;
const TOL: f64 = 1e-12;

/// Pools `effects` by REML random effects with an HKSJ interval (95%).
pub fn random_effects(effects: &[Effect]) -> Result<Pooled, MetaError> {
    let k = effects.len();
    if k < 2 {
        return Err(MetaError::TooFew(k));
    }
    for (index, e) in effects.iter().enumerate() {
        if !(e.yi.is_finite() && e.vi.is_finite() && e.vi > 0.0) {
            return Err(MetaError::BadEffect {
                index,
                yi: e.yi,
                vi: e.vi,
            });
        }
    }
    let (tau2, iterations) = reml_tau2(effects)?;
    let w: Vec<f64> = effects.iter().map(|e| 1.0 / (e.vi + tau2)).collect();
    let sw: f64 = w.iter().sum();
    let mu = weighted_mean(effects, &w);
    let df = (k - 1) as f64;
    let spread: f64 = effects
        .iter()
        .zip(&w)
        .map(|(e, wi)| wi * (e.yi - mu).powi(2))
        .sum();
    let se = (spread / df / sw).sqrt();
    let crit = t_quantile(0.975, df);
    let pi_half = crit * (se * se + tau2).sqrt();
    let (q, i2) = heterogeneity(effects, tau2);
    Ok(Pooled {
        k,
        estimate: mu,
        se,
        ci_low: mu - crit * se,
        ci_high: mu + crit * se,
        pi_low: mu - pi_half,
        pi_high: mu + pi_half,
        tau2,
        i2,
        q,
        iterations,
    })
}

fn weighted_mean(effects: &[Effect], w: &[f64]) -> f64 {
    let sw: f64 = w.iter().sum();
    effects.iter().zip(w).map(|(e, wi)| wi * e.yi).sum::<f64>() / sw
}

/// REML τ² by Fisher scoring from the DerSimonian–Laird start, truncated at zero.
/// For the intercept-only model, with P = W − W11ᵀW / ΣW, the score step is
/// (yᵀPPy − tr P) / tr PP, all of which reduce to sums over studies.
fn reml_tau2(effects: &[Effect]) -> Result<(f64, u32), MetaError> {
    let mut tau2 = dersimonian_laird(effects);
    for iter in 1..=MAX_ITER {
        let w: Vec<f64> = effects.iter().map(|e| 1.0 / (e.vi + tau2)).collect();
        let (s1, s2, s3) = w.iter().fold((0.0, 0.0, 0.0), |(a, b, c), wi| {
            (a + wi, b + wi * wi, c + wi * wi * wi)
        });
        let mu = weighted_mean(effects, &w);
        let ypy: f64 = effects
            .iter()
            .zip(&w)
            .map(|(e, wi)| (wi * (e.yi - mu)).powi(2))
            .sum();
        let tr_p = s1 - s2 / s1;
        let tr_pp = s2 - 2.0 * s3 / s1 + (s2 / s1).powi(2);
        let next = (tau2 + (ypy - tr_p) / tr_pp).max(0.0);
        let change = (next - tau2).abs();
        tau2 = next;
        if change < TOL * tau2.max(1.0) {
            return Ok((tau2, iter));
        }
    }
    Err(MetaError::NoConvergence(MAX_ITER))
}

fn dersimonian_laird(effects: &[Effect]) -> f64 {
    let w: Vec<f64> = effects.iter().map(|e| 1.0 / e.vi).collect();
    let (q, _) = heterogeneity(effects, 0.0);
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let df = (effects.len() - 1) as f64;
    ((q - df) / (sw - sw2 / sw)).max(0.0)
}

/// Cochran's Q and metafor's I² for a given τ².
fn heterogeneity(effects: &[Effect], tau2: f64) -> (f64, f64) {
    let w: Vec<f64> = effects.iter().map(|e| 1.0 / e.vi).collect();
    let mu_fe = weighted_mean(effects, &w);
    let q = effects
        .iter()
        .zip(&w)
        .map(|(e, wi)| wi * (e.yi - mu_fe).powi(2))
        .sum();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let s2 = (effects.len() - 1) as f64 * sw / (sw * sw - sw2);
    (q, 100.0 * tau2 / (tau2 + s2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(yi: f64, vi: f64) -> Effect {
        Effect { yi, vi }
    }

    #[test]
    fn one_study_is_not_pooled() {
        assert_eq!(random_effects(&[e(0.1, 0.2)]), Err(MetaError::TooFew(1)));
    }

    #[test]
    fn zero_variance_is_rejected() {
        assert!(matches!(
            random_effects(&[e(0.1, 0.2), e(0.3, 0.0)]),
            Err(MetaError::BadEffect { index: 1, .. })
        ));
    }

    #[test]
    fn identical_studies_have_no_heterogeneity() {
        let p = random_effects(&[e(0.5, 0.1), e(0.5, 0.1), e(0.5, 0.1)]).unwrap();
        assert_eq!(p.tau2, 0.0);
        assert_eq!(p.i2, 0.0);
        assert!((p.estimate - 0.5).abs() < 1e-12);
        // HKSJ: no spread around the mean gives a zero-width interval.
        assert!(p.se.abs() < 1e-12);
    }

    #[test]
    fn heterogeneous_studies_get_positive_tau2_and_wider_pi() {
        let p = random_effects(&[e(-1.0, 0.05), e(0.0, 0.05), e(1.0, 0.05), e(2.0, 0.05)]).unwrap();
        assert!(p.tau2 > 0.5, "{p:?}");
        assert!(p.i2 > 90.0);
        assert!(p.pi_high - p.pi_low > p.ci_high - p.ci_low);
    }
}
