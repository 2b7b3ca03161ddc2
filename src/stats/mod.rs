//! Pure statistics for the summary tables: random-effects pooling of proportions and contrasts.
