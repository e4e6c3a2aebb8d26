//! MLSD / MLST fact lines (RFC 3659).
