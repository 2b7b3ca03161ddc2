//! The forest plot: each study's rate with its 95% CI, grouped by population and kind, with the
//! pooled estimate as a diamond where there is one. Drawn with plotters into an SVG string that
//! the report inlines (no files, no fonts, no network); plotters escapes all text it writes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::tables::digest::RatePoint;
use crate::tables::pooled::PooledRow;

use super::ReportError;

/// One line of the plot, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum ForestLine {
    Header(String),
    Study {
        label: String,
        percent: f64,
        low: f64,
        high: f64,
        n: u32,
    },
    Pooled {
        label: String,
        estimate: f64,
        low: f64,
        high: f64,
    },
}

/// Study rates (Wilson CIs) under a header per population × kind, then the pooled diamond.
pub fn forest_lines(rates: &[RatePoint], pooled: &[PooledRow]) -> Vec<ForestLine> {
    let mut rs: Vec<&RatePoint> = rates.iter().collect();
    rs.sort_by_key(|p| (p.rate.population, p.rate.kind, p.year, p.rate.pmid));
    let mut out = Vec::new();
    for (i, point) in rs.iter().enumerate() {
        let r = &point.rate;
        let group = (r.population, r.kind);
        if i == 0 || (rs[i - 1].rate.population, rs[i - 1].rate.kind) != group {
            out.push(ForestLine::Header(format!("{} · {}", r.population, r.kind)));
        }
        out.push(ForestLine::Study {
            label: format!("{} ({}/{})", point.label, r.events, r.n),
            percent: r.percent,
            low: r.ci_low,
            high: r.ci_high,
            n: r.n,
        });
        let last_of_group = rs
            .get(i + 1)
            .is_none_or(|n| (n.rate.population, n.rate.kind) != group);
        let p = pooled
            .iter()
            .find(|p| (p.population, p.kind) == group && p.status == "pooled");
        if let (true, Some(p), Some((low, high))) = (last_of_group, p, p.and_then(|p| p.ci)) {
            out.push(ForestLine::Pooled {
                label: format!("pooled, k = {} (REML, HKSJ)", p.k),
                estimate: p.estimate,
                low,
                high,
            });
        }
    }
    out
}

const WIDTH: u32 = 900;
const ROW: i32 = 22;
const LEFT: i32 = 360;
const RIGHT: i32 = 860;
const TOP: i32 = 40;

fn x_of(percent: f64) -> i32 {
    LEFT + ((percent.clamp(0.0, 100.0) / 100.0) * f64::from(RIGHT - LEFT)).round() as i32
}

/// The plot as an `<svg>` element.
pub fn forest_svg(lines: &[ForestLine]) -> Result<String, ReportError> {
    let height = (TOP + ROW * (lines.len() as i32 + 3)) as u32;
    let mut buf = String::new();
    draw(&mut buf, lines, height).map_err(|e| ReportError::Plot(e.to_string()))?;
    Ok(buf)
}

type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw(buf: &mut String, lines: &[ForestLine], height: u32) -> DrawResult {
    let root = SVGBackend::with_string(buf, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let styled = |size: f64, style: FontStyle, h: HPos, v: VPos| {
        ("sans-serif", size, style)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(h, v))
    };
    let left = |size| styled(size, FontStyle::Normal, HPos::Left, VPos::Center);
    let centre = styled(12.0, FontStyle::Normal, HPos::Center, VPos::Top);
    let bottom = TOP + ROW * lines.len() as i32;
    for tick in (0..=100).step_by(20) {
        let x = x_of(f64::from(tick));
        root.draw(&PathElement::new(
            vec![(x, TOP - 6), (x, bottom)],
            RGBColor(220, 220, 220),
        ))?;
        root.draw(&Text::new(
            format!("{tick}%"),
            (x, bottom + 6),
            centre.clone(),
        ))?;
    }
    root.draw(&Text::new(
        "percent of participants, 95% CI (Wilson per study; HKSJ when pooled)",
        ((LEFT + RIGHT) / 2, bottom + 26),
        centre.clone(),
    ))?;
    root.draw(&Text::new(
        "Study-level rates by population",
        (10, 16),
        left(16.0),
    ))?;
    for (i, line) in lines.iter().enumerate() {
        let y = TOP + ROW * i as i32 + ROW / 2;
        match line {
            ForestLine::Header(h) => {
                root.draw(&Text::new(
                    h.clone(),
                    (10, y),
                    styled(14.0, FontStyle::Bold, HPos::Left, VPos::Center),
                ))?;
            }
            ForestLine::Study {
                label,
                percent,
                low,
                high,
                n,
            } => {
                root.draw(&Text::new(label.clone(), (24, y), left(12.0)))?;
                root.draw(&PathElement::new(
                    vec![(x_of(*low), y), (x_of(*high), y)],
                    BLACK.stroke_width(1),
                ))?;
                let half = (2.0 + f64::from(*n).sqrt() / 2.0).min(8.0).round() as i32;
                let x = x_of(*percent);
                root.draw(&Rectangle::new(
                    [(x - half, y - half), (x + half, y + half)],
                    BLUE.filled(),
                ))?;
            }
            ForestLine::Pooled {
                label,
                estimate,
                low,
                high,
            } => {
                root.draw(&Text::new(
                    label.clone(),
                    (24, y),
                    styled(12.0, FontStyle::Italic, HPos::Left, VPos::Center),
                ))?;
                let (l, e, h) = (x_of(*low), x_of(*estimate), x_of(*high));
                let diamond = vec![(l, y), (e, y - 7), (h, y), (e, y + 7)];
                root.draw(&Polygon::new(diamond, RED.mix(0.8).filled()))?;
            }
        }
    }
    root.present()
}
