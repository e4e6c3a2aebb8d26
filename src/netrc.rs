//! netrc parsing.
