//! How numbers are shown to people in every table, page and claim verdict (one place, so the
//! Markdown, HTML and claims agree). Pure.

/// At most three decimals, trailing zeros dropped: 33.3333 → "33.333", 1.0 → "1".
pub fn short_float(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_float_trims() {
        for (x, want) in [
            (1.0, "1"),
            (33.333333, "33.333"),
            (-0.0001, "0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(short_float(x), want);
        }
    }
}
