//! Findings → polars DataFrames. The only module that imports polars.
