//! mirror tests (being written)
