//! shell/batch tests (being written)
