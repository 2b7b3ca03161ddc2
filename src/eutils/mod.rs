//! HTTP to NCBI E-utilities: esearch (history server) and efetch in batches, with the rate limit
//! and retry policy. Returns raw bodies; parsing and storage happen elsewhere.
