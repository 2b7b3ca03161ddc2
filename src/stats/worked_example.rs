//! The pooled numbers checked to three decimals against a worked example.
//!
//! Where the expected values come from, honestly: R and metafor cannot be installed on the build
//! machine, so they were computed by `tests/stats/reference.py`, a separate numpy/scipy
//! implementation that shares no code with this crate (it maximises the REML likelihood with
//! `scipy.optimize` instead of Fisher scoring, and takes t quantiles from `scipy.stats`). It
//! follows `metafor::rma(measure = "PLO", method = "REML", test = "knha")` conventions; the R
//! call that should reproduce the numbers is in the script's docstring.

use super::{Summary, pool_contrasts, pool_proportions};

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < 5e-4,
        "{what}: got {got:.6}, want {want:.6}"
    );
}

fn check(s: &Summary, want: [f64; 7]) {
    close(s.estimate, want[0], "estimate");
    close(s.ci_low, want[1], "ci_low");
    close(s.ci_high, want[2], "ci_high");
    close(s.pi_low, want[3], "pi_low");
    close(s.pi_high, want[4], "pi_high");
    close(s.tau2, want[5], "tau2");
    close(s.i2, want[6], "i2");
}

/// Five single-arm response rates, one with 0 events (continuity-corrected): heterogeneous.
#[test]
fn proportions_with_a_zero_cell() {
    let s = pool_proportions(&[(12, 20), (30, 41), (8, 18), (25, 30), (0, 9)]).unwrap();
    assert_eq!(s.k, 5);
    check(
        &s,
        [
            0.600797, 0.225505, 0.886093, 0.068613, 0.968500, 0.830735, 77.119093,
        ],
    );
}

/// Three similar rates: τ² hits its zero boundary and the PI equals the CI.
#[test]
fn homogeneous_proportions() {
    let s = pool_proportions(&[(10, 20), (12, 22), (15, 30)]).unwrap();
    check(
        &s,
        [0.513844, 0.450236, 0.577006, 0.450236, 0.577006, 0.0, 0.0],
    );
}

/// Four SMDs with 95% CIs (SE from the CI width).
#[test]
fn smd_from_confidence_intervals() {
    let s = pool_contrasts(&[
        (0.8, 0.3, 1.3),
        (1.2, 0.5, 1.9),
        (0.4, -0.1, 0.9),
        (0.95, 0.2, 1.7),
    ])
    .unwrap();
    check(
        &s,
        [
            0.774632, 0.239422, 1.309843, 0.014664, 1.534601, 0.028742, 23.810172,
        ],
    );
}
