//! PubMed XML → `Article`: a streaming reader over `PubmedArticleSet` files. Pure: takes bytes,
//! returns records and rejects; never touches the network or the file system itself.

mod article;

pub use article::*;
