//! A small typed column store for building tables row by row, turned into two polars frames:
//! one for CSV (lists `;`-joined, text cells made safe for spreadsheets) and one for Parquet
//! (lists as list columns, text verbatim).

use std::borrow::Cow;

use polars::prelude::*;

/// One column's values, in row order.
#[derive(Debug, Clone)]
pub enum Values {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<bool>),
    List(Vec<Vec<String>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::List(v) => v.len(),
        }
    }

    fn clear(&mut self) {
        match self {
            Values::Text(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Bool(v) => v.clear(),
            Values::List(v) => v.clear(),
        }
    }
}

/// The kind of a column, for declaring a table's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    Bool,
    List,
}

/// Rows accumulated column by column. Each `push_*` call fills the next column of the current
/// row, in declaration order; `end_row` checks that every column got a value.
#[derive(Debug, Clone)]
pub struct Columns {
    names: Vec<&'static str>,
    values: Vec<Values>,
    cursor: usize,
}

impl Columns {
    pub fn new(schema: &[(&'static str, Kind)]) -> Self {
        let values = schema
            .iter()
            .map(|(_, k)| match k {
                Kind::Text => Values::Text(Vec::new()),
                Kind::Int => Values::Int(Vec::new()),
                Kind::Float => Values::Float(Vec::new()),
                Kind::Bool => Values::Bool(Vec::new()),
                Kind::List => Values::List(Vec::new()),
            })
            .collect();
        Columns {
            names: schema.iter().map(|(n, _)| *n).collect(),
            values,
            cursor: 0,
        }
    }

    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    pub fn rows(&self) -> usize {
        self.values.first().map_or(0, Values::len)
    }

    fn next(&mut self) -> &mut Values {
        let i = self.cursor;
        assert!(
            i < self.values.len(),
            "row has more cells than the {} columns",
            self.values.len()
        );
        self.cursor += 1;
        &mut self.values[i]
    }

    fn mismatch(&self, want: &str) -> ! {
        panic!(
            "column {} does not hold {want}",
            self.names[self.cursor - 1]
        )
    }

    pub fn text<S: Into<String>>(&mut self, v: Option<S>) -> &mut Self {
        match self.next() {
            Values::Text(c) => c.push(v.map(Into::into)),
            _ => self.mismatch("text"),
        }
        self
    }

    pub fn int<I: Into<i64>>(&mut self, v: Option<I>) -> &mut Self {
        match self.next() {
            Values::Int(c) => c.push(v.map(Into::into)),
            _ => self.mismatch("int"),
        }
        self
    }

    pub fn float(&mut self, v: Option<f64>) -> &mut Self {
        match self.next() {
            Values::Float(c) => c.push(v.filter(|x| x.is_finite())),
            _ => self.mismatch("float"),
        }
        self
    }

    pub fn bool(&mut self, v: bool) -> &mut Self {
        match self.next() {
            Values::Bool(c) => c.push(v),
            _ => self.mismatch("bool"),
        }
        self
    }

    pub fn list<I, S>(&mut self, v: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let items: Vec<String> = v.into_iter().map(Into::into).collect();
        match self.next() {
            Values::List(c) => c.push(items),
            _ => self.mismatch("list"),
        }
        self
    }

    pub fn end_row(&mut self) {
        assert_eq!(
            self.cursor,
            self.values.len(),
            "row filled {} of {} columns",
            self.cursor,
            self.values.len()
        );
        self.cursor = 0;
    }

    pub fn clear(&mut self) {
        self.values.iter_mut().for_each(Values::clear);
        self.cursor = 0;
    }

    /// The frame for CSV: lists joined by `;`, text cells made spreadsheet-safe.
    pub fn csv_frame(&self) -> PolarsResult<DataFrame> {
        self.frame(true)
    }

    /// The frame for Parquet: list columns, text verbatim.
    pub fn parquet_frame(&self) -> PolarsResult<DataFrame> {
        self.frame(false)
    }

    fn frame(&self, for_csv: bool) -> PolarsResult<DataFrame> {
        let cols = self
            .names
            .iter()
            .zip(&self.values)
            .map(|(name, v)| column(name, v, for_csv))
            .collect::<PolarsResult<Vec<Column>>>()?;
        DataFrame::new(self.rows(), cols)
    }
}

fn column(name: &str, v: &Values, for_csv: bool) -> PolarsResult<Column> {
    let name: PlSmallStr = name.into();
    let s = match v {
        Values::Text(c) if for_csv => {
            let safe: Vec<Option<String>> = c
                .iter()
                .map(|x| x.as_deref().map(|s| spreadsheet_safe(s).into_owned()))
                .collect();
            Series::new(name, safe)
        }
        Values::Text(c) => Series::new(name, c.as_slice()),
        Values::Int(c) => Series::new(name, c.as_slice()),
        Values::Float(c) => Series::new(name, c.as_slice()),
        Values::Bool(c) => Series::new(name, c.as_slice()),
        Values::List(c) if for_csv => {
            let joined: Vec<String> = c
                .iter()
                .map(|items| spreadsheet_safe(&items.join(";")).into_owned())
                .collect();
            Series::new(name, joined)
        }
        Values::List(c) => {
            let mut b = ListStringChunkedBuilder::new(name, c.len(), c.iter().map(Vec::len).sum());
            for items in c {
                b.append_values_iter(items.iter().map(String::as_str));
            }
            b.finish().into_series()
        }
    };
    Ok(s.into())
}

/// A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// at the start) gets a leading apostrophe, as OWASP recommends for CSV injection. Numbers in
/// numeric columns are never touched; only text cells pass through here.
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_safe_prefixes_only_formula_starts() {
        let cases = [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-0.5 points", "'-0.5 points"),
            ("@cmd", "'@cmd"),
            ("Ketamine 0.5 mg/kg", "Ketamine 0.5 mg/kg"),
            ("a=b", "a=b"),
            (" =x", " =x"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(spreadsheet_safe(input), want, "{input:?}");
        }
    }

    #[test]
    fn csv_and_parquet_frames_differ_only_in_lists_and_safety() {
        let mut c = Columns::new(&[("pmid", Kind::Text), ("n", Kind::Int), ("tags", Kind::List)]);
        c.text(Some("1")).int(Some(3i64)).list(["a", "b"]).end_row();
        c.text(Some("=2"))
            .int(None::<i64>)
            .list(Vec::<String>::new())
            .end_row();
        let csv = c.csv_frame().unwrap();
        assert_eq!(csv.height(), 2);
        let tags = csv.column("tags").unwrap().str().unwrap();
        assert_eq!(tags.get(0), Some("a;b"));
        assert_eq!(
            csv.column("pmid").unwrap().str().unwrap().get(1),
            Some("'=2")
        );
        let pq = c.parquet_frame().unwrap();
        assert!(matches!(
            pq.column("tags").unwrap().dtype(),
            DataType::List(_)
        ));
        assert_eq!(pq.column("pmid").unwrap().str().unwrap().get(1), Some("=2"));
    }

    #[test]
    #[should_panic(expected = "column n does not hold text")]
    fn a_cell_of_the_wrong_kind_is_a_bug() {
        let mut c = Columns::new(&[("n", Kind::Int)]);
        c.text(Some("x"));
    }
}
