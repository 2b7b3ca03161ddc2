//! The claim check: does a study in the evidence table support a sentence a writer wants to publish?
