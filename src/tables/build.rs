//! A small column-by-column DataFrame builder, so each summary reads as a list of named columns.

use polars::prelude::{Column, DataFrame, IntoColumn, NamedFrom, PolarsResult, Series};

pub(crate) struct FrameBuilder {
    height: usize,
    cols: Vec<Column>,
}

impl FrameBuilder {
    pub fn new(height: usize) -> Self {
        FrameBuilder {
            height,
            cols: Vec::new(),
        }
    }

    fn push(mut self, s: Series) -> Self {
        self.cols.push(s.into_column());
        self
    }

    pub fn text(self, name: &str, v: Vec<Option<String>>) -> Self {
        self.push(Series::new(name.into(), v))
    }

    pub fn int(self, name: &str, v: Vec<Option<i64>>) -> Self {
        self.push(Series::new(name.into(), v))
    }

    pub fn float(self, name: &str, v: Vec<Option<f64>>) -> Self {
        self.push(Series::new(name.into(), v))
    }

    pub fn flag(self, name: &str, v: Vec<bool>) -> Self {
        self.push(Series::new(name.into(), v))
    }

    pub fn build(self) -> PolarsResult<DataFrame> {
        DataFrame::new(self.height, self.cols)
    }
}

/// `;`-joined words, `None` when empty (the tables never hold `""`).
pub(crate) fn joined<T: std::fmt::Display>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| items.iter().map(T::to_string).collect::<Vec<_>>().join(";"))
}

/// An all-text table from named columns of equal length (for callers outside `tables`, such as
/// the claim check, that must not import polars themselves).
pub fn text_frame(cols: Vec<(&str, Vec<Option<String>>)>) -> PolarsResult<DataFrame> {
    let height = cols.first().map_or(0, |c| c.1.len());
    cols.into_iter()
        .fold(FrameBuilder::new(height), |b, (name, v)| b.text(name, v))
        .build()
}
