//! Named PubMed queries kept in `queries/*.toml`.
