//! mirror engine (being written)
