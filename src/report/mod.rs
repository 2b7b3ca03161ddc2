//! Writers: CSV, Parquet, Markdown, HTML report, RIS and BibTeX.
