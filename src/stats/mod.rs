//! Pure statistics for the summary tables: random-effects pooling of proportions and contrasts.
//! No polars, no I/O: numbers in, numbers out, so the maths is tested on its own.

pub mod dist;
pub mod effect;
pub mod meta;
#[cfg(test)]
mod worked_example;

pub use effect::{
    Summary, ci_effect, expit, logit_effect, pool_contrasts, pool_proportions, wilson,
};
pub use meta::{Effect, MetaError, Pooled, random_effects};
