//! The command-line definition. Completions and the man page are generated
//! from it, so help texts here are the documentation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "ftps",
    version,
    about = "A secure-by-default FTPS client: TLS always, certificates verified, sessions reused",
    after_help = "URLs: ftps://host (implicit TLS, port 990), ftp://host or ftpes://host (explicit AUTH TLS, port 21).\n\
                  Paths are relative to the login directory; use // for an absolute path (ftp://host//srv/x).\n\
                  Password sources, in order: URL, -u user:pass, FTPS_PASSWORD, netrc ($NETRC or ~/.netrc), terminal prompt.\n\
                  Exit codes: 0 ok, 2 usage, 3 connection, 4 TLS/certificate, 5 authentication,\n\
                  6 remote file not found or permission denied, 7 transfer failed, 8 local file problem, 9 protocol error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// User name (or user:password); overrides the URL's.
    #[arg(short, long, global = true, value_name = "USER")]
    pub user: Option<String>,
    /// Extra trusted CA certificates (PEM); may be repeated.
    #[arg(long, global = true, value_name = "PEM")]
    pub ca_file: Vec<PathBuf>,
    /// Do not verify the server certificate (dangerous: prints a warning).
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Seconds to wait for any network step before giving up.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub timeout: u64,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the protocol dialogue (PASS redacted) and TLS details on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Highest TLS version to offer.
    #[arg(long, global = true, value_enum, default_value_t = TlsMax::V13, value_name = "VERSION")]
    pub tls_max: TlsMax,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsMax {
    #[value(name = "1.2")]
    V12,
    #[value(name = "1.3")]
    V13,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List a remote directory (or one file).
    Ls {
        /// ftps://host/dir/
        url: String,
        /// Print a JSON array of {name, type, size, modified} instead.
        #[arg(long)]
        json: bool,
    },
    /// Download remote files; a glob (* ? [..]) in the last path segment selects several.
    Get {
        /// One or more remote files.
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Local file name, or directory when several files are fetched.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Overwrite existing local files.
        #[arg(short, long)]
        force: bool,
    },
    /// Upload local files (globs expanded); a URL ending in / is a directory.
    Put {
        /// Local files to upload.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Remote file, or directory when it ends in / or several files are given.
        #[arg(required = true, value_name = "URL")]
        url: String,
    },
    /// Write shell completions and the man page (for packagers and the repo).
    #[command(hide = true)]
    GenerateAssets {
        /// Directory receiving completions/ and man/.
        dir: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_app() {
        super::Cli::command().debug_assert();
    }
}
