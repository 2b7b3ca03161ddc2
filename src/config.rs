//! The one resolved configuration, built once from flags and environment.
