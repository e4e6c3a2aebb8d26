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
                  NAME:PATH names a site of the config file ($XDG_CONFIG_HOME/ftps/config.toml: [defaults] and [sites.NAME]\n\
                  tables whose keys are the long options, plus url and password); typed options beat the site, the site [defaults].\n\
                  Password sources, in order: -u user:pass, the URL, --password-file, --password-command, the config's password,\n\
                  FTPS_PASSWORD, netrc ($NETRC or ~/.netrc), terminal prompt. A password in -u or a URL is visible to other local users\n\
                  (ps, shell history): ftps warns, even with --quiet.\n\
                  Exit codes: 0 ok, 2 usage, 3 connection, 4 TLS/certificate, 5 authentication,\n\
                  6 remote file not found or permission denied, 7 transfer failed, 8 local file problem, 9 protocol error,\n\
                  10 partial (some items failed, at least one succeeded), 11 another run holds the --lock file,\n\
                  12 receipt verify found a broken, forged or truncated receipt, 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
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
    /// Retries after transient failures (connection loss, timeouts, 4xx), with backoff.
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks;
    /// may be repeated for a rotation (any one matching passes).
    #[arg(long, global = true, value_name = "sha256:HEX")]
    pub pin: Vec<String>,
    /// Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated.
    #[arg(long, global = true, value_name = "PEM")]
    pub crl_file: Vec<PathBuf>,
    /// Read the password from the first line of FILE (which only you may read or write).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "password_command")]
    pub password_file: Option<PathBuf>,
    /// Run CMD (no shell; split like a shell would) and use the first line it prints as the password.
    #[arg(long, global = true, value_name = "CMD")]
    pub password_command: Option<String>,
    /// Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12
    /// bundle (.p12/.pfx, told by content too) holding chain and key.
    #[arg(long, global = true, value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert.
    #[arg(long, global = true, value_name = "PEM", requires = "cert")]
    pub key: Option<PathBuf>,
    /// Read the passphrase of an encrypted --key or --cert bundle from this file's first line
    /// (only its owner may read it). Without this or --key-password-command, a terminal is asked.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "key_password_command")]
    pub key_password_file: Option<PathBuf>,
    /// Run this command (no shell) and take its first output line as the key passphrase.
    #[arg(long, global = true, value_name = "CMD")]
    pub key_password_command: Option<String>,
    /// Exit at once (code 11) if another ftps run holds this lock file.
    #[arg(long, global = true, value_name = "FILE")]
    pub lock: Option<PathBuf>,
    /// Highest TLS version to offer.
    #[arg(long, global = true, value_enum, default_value_t = TlsVer::V13, value_name = "VERSION")]
    pub tls_max: TlsVer,
    /// Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets).
    #[arg(long, global = true, value_enum, default_value_t = TlsVer::V12, value_name = "VERSION")]
    pub tls_min: TlsVer,
    /// Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1),
    /// require (fail transfers the server cannot vouch for), off.
    #[arg(long, global = true, value_enum, default_value_t = VerifyMode::Auto, value_name = "MODE")]
    pub verify: VerifyMode,
    /// Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`);
    /// needs a signing key (--receipt-key, made by `ftps receipt keygen`).
    #[arg(long, global = true, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    /// The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e.
    /// ~/.local/share/ftps/receipt-key]. Only its owner may read it.
    #[arg(long, global = true, value_name = "FILE")]
    pub receipt_key: Option<PathBuf>,

    // --- Networks and links (rate limits, proxies, IPv6) ---
    /// Most bytes per second for all data connections of this run together, both directions
    /// (e.g. 500K, 2M; K, M, G are powers of 1024).
    #[arg(long, global = true, value_name = "RATE", value_parser = crate::ratelimit::parse_rate)]
    pub limit_rate: Option<u64>,
    /// Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads.
    #[arg(long, global = true, value_name = "RATE", value_parser = crate::ratelimit::parse_rate)]
    pub limit_rate_up: Option<u64>,
    /// Most bytes per second downloaded, listings included; replaces --limit-rate for downloads.
    #[arg(long, global = true, value_name = "RATE", value_parser = crate::ratelimit::parse_rate)]
    pub limit_rate_down: Option<u64>,
    /// Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy
    /// resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default).
    /// Without a password in it, a netrc machine entry for the proxy host supplies the credentials.
    /// Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy)
    /// lists are reached directly, as in curl.
    #[arg(long, global = true, value_name = "URL")]
    pub proxy: Option<String>,
    /// Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY.
    /// Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all;
    /// "" exempts no host.
    #[arg(long, global = true, value_name = "LIST")]
    pub noproxy: Option<String>,
    /// Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4
    /// servers without EPRT), on the control connection's local address; only the server's own address
    /// may connect.
    #[arg(long, global = true)]
    pub active: bool,
    /// With --active: announce this address instead of the local one (a NAT's public address that forwards
    /// --port-range to this machine); IPv4 or IPv6, the control connection's family.
    #[arg(long, global = true, value_name = "ADDR", requires = "active")]
    pub active_address: Option<std::net::IpAddr>,
    /// With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in).
    #[arg(long, global = true, value_name = "MIN-MAX", requires = "active",
          value_parser = crate::session::control::parse_port_range)]
    pub port_range: Option<(u16, u16)>,

    // --- Text transfers (TYPE A) ---
    /// ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests
    /// then describe the server's copy, so only TLS close_notify tells a complete transfer; no -c.
    #[arg(long, global = true)]
    pub ascii: bool,

    // --- Compression (MODE Z) ---
    /// Compress data connections (MODE Z, deflate) where the server offers it, else say so once and
    /// transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the
    /// uncompressed file, --limit-rate counts the compressed bytes on the wire.
    #[arg(long, global = true)]
    pub compress: bool,

    // --- config file (src/cli/config): kept in one block ---
    /// Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml].
    #[arg(long, global = true, value_name = "FILE", env = "FTPS_CONFIG", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore the config file (no defaults, no named sites).
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyMode {
    Auto,
    Require,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsVer {
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
        /// Local file name, or directory when several files are fetched; - writes the file to standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Overwrite existing local files.
        #[arg(short, long)]
        force: bool,
        /// Resume from an existing NAME.part file.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Delete each remote file once its download was checked (size, and digest where the server has one).
        #[arg(long)]
        remove_source_files: bool,
        /// Fetch a file over N connections at once, each reading a byte range (1 = never split) [default: files
        /// from 64 MiB start on one connection and add more while that speeds them up, up to 16].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
        #[command(flatten)]
        many: ManyArgs,
    },
    /// Upload local files (globs expanded); a URL ending in / is a directory.
    Put {
        /// Local files to upload; - uploads standard input (to a remote file name).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// Remote file, or directory when it ends in / or several files are given.
        #[arg(required = true, value_name = "URL")]
        url: String,
        /// Resume a partial upload (the temporary file an earlier run left, or with --no-temp the remote file).
        #[arg(short = 'c', long = "continue")]
        resume: bool,
        /// Store directly under the final name, instead of a temporary name renamed into place when complete
        /// (for servers that refuse renames).
        #[arg(long)]
        no_temp: bool,
        /// Delete each local file once its upload was checked and renamed into place.
        #[arg(long)]
        remove_source_files: bool,
        /// Upload one file of at least 2 MiB over N connections at once, each writing a byte range into the
        /// temporary file, where the server is measured to allow it (else one) [default: files from 64 MiB to a
        /// server that is not near and takes ranged writes start on one connection and add more while that
        /// speeds them up, up to 16].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        segments: Option<u32>,
        #[command(flatten)]
        many: ManyArgs,
    },
    /// Synchronise a directory tree: URL SRC downloads into local DST; local SRC uploads to URL DST.
    Mirror(MirrorArgs),
    /// Hot folders: local SRC is an outbox (its finished files are uploaded to URL DST), URL SRC an inbox
    /// (its finished files are downloaded into local DST); each file complete, once, never lost.
    Watch(super::watch::WatchArgs),
    /// Interactive prompt (reads a script from stdin when stdin is not a terminal).
    Shell {
        /// Server to open at start (or use `open URL` at the prompt).
        url: Option<String>,
    },
    /// Run commands from a script file (or - for stdin), one per line.
    Batch(BatchArgs),
    // --- one-shot commands (src/cli/oneshot.rs) ---
    /// Delete remote files (-r: directory trees, asking first at a terminal).
    Rm {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Remove directories and everything in them (never following symlinks).
        #[arg(short, long)]
        recursive: bool,
        /// Do not ask before removing a tree, even at a terminal.
        #[arg(short, long)]
        force: bool,
    },
    /// Create remote directories.
    Mkdir {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Create missing parents too; an existing directory is no error.
        #[arg(short, long)]
        parents: bool,
    },
    /// Rename or move a remote file or directory on the same server.
    Mv {
        /// What to rename.
        url: String,
        /// The new path, relative to the login directory as URL paths are (or a URL of the same server).
        new_path: String,
    },
    /// Change permissions of remote files (SITE CHMOD).
    Chmod {
        /// Octal mode, e.g. 644 or 0755.
        mode: String,
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
    },
    /// Show what the server says about one path (MLST, else SIZE and MDTM).
    Stat {
        url: String,
        /// Print {"path": ..., "facts": {"type": ..., "size": ..., "modify": ...}} (values as the server sent them).
        #[arg(long)]
        json: bool,
    },
    /// Write remote files to standard output, byte for byte.
    Cat {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
    },
    // --- probe (src/cli/probe/) ---
    /// Diagnose a server step by step (TCP, mode, TLS versions, certificate, login, FEAT, PROT P, a listing,
    /// pipelining, the passive address, TLS 1.3 tickets), each timed; exit 0 when listings work (and, with
    /// --write, uploads), else the first blocking failure's code with its next step. Without credentials it
    /// stops after TLS (exit 0).
    Probe {
        url: String,
        /// Print one JSON object (fields documented in the README, section "Probing a server").
        #[arg(long)]
        json: bool,
        /// Also test uploads: store a small scratch file in the URL's directory under a temporary name,
        /// rename it, check it and delete it. Without it nothing is written.
        #[arg(long)]
        write: bool,
    },
    // --- certificate trust (src/cli/trust.rs) ---
    /// Show a server's certificate chain and remember it in known_hosts (asks at a terminal; elsewhere needs --expect);
    /// `trust list` shows remembered servers, `trust remove HOST[:PORT]` forgets one.
    Trust(TrustArgs),
    /// List the sites of the config file (name, URL, user, where the password comes from; never the password).
    Sites,
    /// Make the --receipt signing key, check a receipt, print its head.
    Receipt {
        #[command(subcommand)]
        action: ReceiptCmd,
    },
    /// Write shell completions and the man page (for packagers and the repo).
    #[command(hide = true)]
    GenerateAssets {
        /// Directory receiving completions/ and man/.
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReceiptCmd {
    /// Create the key that signs --receipt records (owner-only file; never replaces one) and its public
    /// half (FILE.pub); prints the public key and its fingerprint to keep where this machine cannot change them.
    Keygen {
        /// Where to write the key [default: $XDG_DATA_HOME/ftps/receipt-key].
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check signatures, order and chain; exit 0 only when they hold (12 names the first bad line).
    /// Without --public-key or --fingerprint it proves only internal consistency (and says so).
    Verify {
        file: PathBuf,
        /// The signer's public key: ed25519:HEX, or a file holding it (the .pub that keygen wrote).
        #[arg(long, value_name = "PUB", conflicts_with = "fingerprint")]
        public_key: Option<String>,
        /// The signer's key fingerprint, as keygen printed it.
        #[arg(long, value_name = "sha256:HEX")]
        fingerprint: Option<String>,
        /// A head printed earlier by `ftps receipt head` (stored elsewhere): fail if that record is gone,
        /// i.e. records were removed from the end.
        #[arg(long, value_name = "sha256:HEX")]
        head: Option<String>,
        /// Also check that every recorded local file still has its recorded SHA-256.
        #[arg(long)]
        files: bool,
    },
    /// Print the hash of the last record (after checking the chain), to store elsewhere and give to
    /// `receipt verify --head` later.
    Head { file: PathBuf },
}

/// Options of `get` and `put` that matter when several files are moved.
#[derive(Debug, Clone, Args)]
pub struct ManyArgs {
    /// Control connections used in parallel when several files are transferred
    /// [default: chosen from what the run measures, up to 16].
    #[arg(short = 'P', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallel: Option<u32>,
    /// Print a machine-readable summary on stdout: each file with its digests and how many connections moved it
    /// (and why), or why it failed.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct MirrorArgs {
    /// Source: a URL (download) or a local directory (upload).
    pub src: String,
    /// Destination: a local directory (download) or a URL (upload).
    pub dst: String,
    /// Remove destination entries that are absent from the source.
    #[arg(long)]
    pub delete: bool,
    /// Print the plan (create / transfer / delete, with reasons) and change nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Control connections used in parallel [default: chosen from what the run
    /// measures (round trips, files left, throughput, server limits), up to 16].
    #[arg(short = 'P', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub parallel: Option<u32>,
    /// Files from 64 MiB over N connections each: downloads read byte ranges, uploads write them where the server
    /// is measured to take that (see put --segments) [default: add connections while that speeds a file up, up
    /// to 16].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
    pub segments: Option<u32>,
    /// Only paths matching this glob (relative to SRC); may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip paths matching this glob (wins over --include); may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Transfer only when the source is newer than the destination.
    #[arg(long, conflicts_with = "size_only")]
    pub only_newer: bool,
    /// Compare by size only, ignoring modification times.
    #[arg(long)]
    pub size_only: bool,
    /// Compare same-size files by digest (the server's HASH/XSHA256 against a local hash) instead of time,
    /// for trees whose times cannot be trusted; files without a digest fall back to size and time.
    #[arg(long, conflicts_with_all = ["size_only", "only_newer"])]
    pub checksum: bool,
    /// Do not set modification times on transferred files (files are then compared by size only).
    #[arg(long)]
    pub no_times: bool,
    /// Print a machine-readable summary on stdout.
    #[arg(long)]
    pub json: bool,
    /// Uploads: store directly under the final names, instead of temporary names renamed into place when complete.
    #[arg(long)]
    pub no_temp: bool,
    /// Delete each transferred file's source once the copy was checked (and, for uploads, renamed into place).
    #[arg(long)]
    pub remove_source_files: bool,
    /// Deepest remote directory level listed; deeper ones are reported and left alone (bounds endless or looping trees).
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_depth: u32,
    /// Most remote entries one run reads before it stops with an error (bounds memory).
    #[arg(long, value_name = "N", default_value_t = 2_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_entries: u64,
}

#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct TrustArgs {
    #[command(subcommand)]
    pub action: Option<TrustAction>,
    /// Server whose certificate to show and remember (ftps://host or ftp://host[:port]); no login happens.
    #[arg(required = true)]
    pub url: Option<String>,
    /// Remember it without asking, only if the certificate or its public key has this SHA-256 fingerprint
    /// (obtained out of band, e.g. from the server's administrator).
    #[arg(long, value_name = "sha256:HEX")]
    pub expect: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TrustAction {
    /// List remembered servers: host:port, fingerprint kind, fingerprint.
    List,
    /// Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched.
    Remove {
        /// host, host:port, [v6-address] or [v6-address]:port
        #[arg(value_name = "HOST[:PORT]")]
        target: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// Script file, or - for standard input.
    #[arg(default_value = "-")]
    pub script: String,
    /// Run the remaining commands after a failure (exit non-zero at the end).
    #[arg(long)]
    pub keep_going: bool,
    /// Print one JSON object per command on stdout.
    #[arg(long)]
    pub json: bool,
    /// Connect to this server before the first line.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}
