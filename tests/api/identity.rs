//! HTTP-level tests of the Identity API.
//! HTTP-level tests of the Management API.
