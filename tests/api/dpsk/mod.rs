//! HTTP-level tests of the DPSK API.
//! HTTP-level tests of the Service API.
