//! Runs the stages in order; owns progress, rejects and the exit status.
