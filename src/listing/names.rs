//! Server-supplied names are data, never paths: validation before use.
