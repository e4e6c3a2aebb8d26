# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ftps_global_optspecs
    string join \n u/user= ca-file= insecure timeout= q/quiet v/verbose retries= pin= crl-file= password-file= password-command= cert= key= key-password-file= key-password-command= lock= tls-max= tls-min= verify= receipt= receipt-key= limit-rate= limit-rate-up= limit-rate-down= proxy= noproxy= active active-address= port-range= ascii compress config= no-config no-insecure no-quiet no-verbose no-active no-ascii no-compress h/help V/version
end

function __fish_ftps_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ftps_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ftps_using_subcommand
    set -l cmd (__fish_ftps_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ftps -n "__fish_ftps_needs_command" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_needs_command" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_needs_command" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_needs_command" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_needs_command" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_needs_command" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_needs_command" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_needs_command" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_needs_command" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_needs_command" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_needs_command" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_needs_command" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_needs_command" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_needs_command" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_needs_command" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_needs_command" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_needs_command" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_needs_command" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_needs_command" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_needs_command" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_needs_command" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_needs_command" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_needs_command" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_needs_command" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_needs_command" -s V -l version -d 'Print version'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "ls" -d 'List a remote directory (or one file)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "get" -d 'Download remote files; a glob (* ? [..]) in the last path segment selects several'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "put" -d 'Upload local files (globs expanded); a URL ending in / is a directory'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "mirror" -d 'Synchronise a directory tree: URL SRC downloads into local DST; local SRC uploads to URL DST'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "watch" -d 'Hot folders: local SRC is an outbox (its finished files are uploaded to URL DST), URL SRC an inbox (its finished files are downloaded into local DST); each file complete, once, never lost'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "shell" -d 'Interactive prompt (reads a script from stdin when stdin is not a terminal)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "batch" -d 'Run commands from a script file (or - for stdin), one per line'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "rm" -d 'Delete remote files (-r: directory trees, asking first at a terminal)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "mkdir" -d 'Create remote directories'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "mv" -d 'Rename or move a remote file or directory on the same server'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "chmod" -d 'Change permissions of remote files (SITE CHMOD)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "stat" -d 'Show what the server says about one path (MLST, else SIZE and MDTM)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "cat" -d 'Write remote files to standard output, byte for byte'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "probe" -d 'Diagnose a server step by step (TCP, mode, TLS versions, certificate, login, FEAT, PROT P, a listing, pipelining, the passive address, TLS 1.3 tickets), each timed; exit 0 when listings work (and, with --write, uploads), else the first blocking failure\'s code with its next step. Without credentials it stops after TLS (exit 0)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "trust" -d 'Show a server\'s certificate chain and remember it in known_hosts (asks at a terminal; elsewhere needs --expect); `trust list` shows remembered servers, `trust remove HOST[:PORT]` forgets one'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "sites" -d 'List the sites of the config file (name, URL, user, where the password comes from; never the password)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "receipt" -d 'Make the --receipt signing key, check a receipt, print its head'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "generate-assets" -d 'Write shell completions and the man page (for packagers and the repo)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l json -d 'Print a JSON array of {name, type, size, modified} instead'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s o -l output -d 'Local file name, or directory when several files are fetched; - writes the file to standard output' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l segments -d 'Fetch a file over N connections at once, each reading a byte range (1 = never split) [default: files from 64 MiB start on one connection and add more while that speeds them up, up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -s P -l parallel -d 'Control connections used in parallel when several files are transferred [default: chosen from what the run measures, up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand get" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand get" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand get" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -s f -l force -d 'Overwrite existing local files'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s c -l continue -d 'Resume from an existing NAME.part file'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l remove-source-files -d 'Delete each remote file once its download was checked (size, and digest where the server has one)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l json -d 'Print a machine-readable summary on stdout: each file with its digests and how many connections moved it (and why), or why it failed'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-force -d 'Turn --force off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-continue -d 'Turn --continue off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-remove-source-files -d 'Turn --remove-source-files off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l segments -d 'Upload one file of at least 2 MiB over N connections at once, each writing a byte range into the temporary file, where the server is measured to allow it (else one) [default: files from 64 MiB to a server that is not near and takes ranged writes start on one connection and add more while that speeds them up, up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -s P -l parallel -d 'Control connections used in parallel when several files are transferred [default: chosen from what the run measures, up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand put" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand put" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand put" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -s c -l continue -d 'Resume a partial upload (the temporary file an earlier run left, or with --no-temp the remote file)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-temp -d 'Store directly under the final name, instead of a temporary name renamed into place when complete (for servers that refuse renames)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l remove-source-files -d 'Delete each local file once its upload was checked and renamed into place'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l json -d 'Print a machine-readable summary on stdout: each file with its digests and how many connections moved it (and why), or why it failed'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-continue -d 'Turn --continue off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-remove-source-files -d 'Turn --remove-source-files off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s P -l parallel -d 'Control connections used in parallel [default: chosen from what the run measures (round trips, files left, throughput, server limits), up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l segments -d 'Files from 64 MiB over N connections each: downloads read byte ranges, uploads write them where the server is measured to take that (see put --segments) [default: add connections while that speeds a file up, up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l include -d 'Only paths matching this glob (relative to SRC); may be repeated' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l exclude -d 'Skip paths matching this glob (wins over --include); may be repeated' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l max-depth -d 'Deepest remote directory level listed; deeper ones are reported and left alone (bounds endless or looping trees)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l max-entries -d 'Most remote entries one run reads before it stops with an error (bounds memory)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l delete -d 'Remove destination entries that are absent from the source'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s n -l dry-run -d 'Print the plan (create / transfer / delete, with reasons) and change nothing'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l only-newer -d 'Transfer only when the source is newer than the destination'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l size-only -d 'Compare by size only, ignoring modification times'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l checksum -d 'Compare same-size files by digest (the server\'s HASH/XSHA256 against a local hash) instead of time, for trees whose times cannot be trusted; files without a digest fall back to size and time'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-times -d 'Do not set modification times on transferred files (files are then compared by size only)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l json -d 'Print a machine-readable summary on stdout'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-temp -d 'Uploads: store directly under the final names, instead of temporary names renamed into place when complete'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l remove-source-files -d 'Delete each transferred file\'s source once the copy was checked (and, for uploads, renamed into place)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-delete -d 'Turn --delete off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-dry-run -d 'Turn --dry-run off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-only-newer -d 'Turn --only-newer off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-size-only -d 'Turn --size-only off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-checksum -d 'Turn --checksum off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-remove-source-files -d 'Turn --remove-source-files off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mirror" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l settle -d 'A file is ready once its size and time stayed the same this long (remote: in listings this far apart)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l ready-suffix -d 'A file is ready only when NAME+SUFFIX exists beside it (the trigger is then moved or deleted with it)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l interval -d 'Seconds between listings of a server folder, and between rescans of a local one' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l sent -d 'After a verified transfer, move the source into DIR (local for an outbox; on the server, relative to the login directory, for an inbox)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l failed -d 'Outbox: move a file that failed for good into DIR, with NAME.reason beside it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l give-up-after -d 'Give up on a file that keeps failing after this long (e.g. 90s, 30m, 2h, 1d)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l include -d 'Only names matching this glob; may be repeated' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l exclude -d 'Skip names matching this glob (wins over --include); may be repeated' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s P -l parallel -d 'Files delivered at once, each on its own control connection [default: chosen from what the run measures (round trips, files waiting, throughput, server limits), up to 16]' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l state -d 'The journal of what was delivered [default: one per SRC and DST under $XDG_STATE_HOME/ftps/watch/]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l on-success -d 'Run CMD (a program and its arguments, no shell) after each delivered file, with FTPS_WATCH_FILE, FTPS_WATCH_REMOTE, FTPS_WATCH_SIZE, FTPS_WATCH_SHA256 and FTPS_WATCH_STATUS set; bounded by --timeout' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l on-failure -d 'Run CMD (no shell) for each file that failed for good, with FTPS_WATCH_FILE, FTPS_WATCH_REMOTE and FTPS_WATCH_ERROR set; bounded by --timeout' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l once -d 'Take what is ready now, then exit (for cron): 0 when everything was delivered, 10 when some failed'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l remove-source-files -d 'After a verified transfer, delete the source (only if unchanged since it was read)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s r -l recursive -d 'Subfolders too (hidden ones and the --sent/--failed folders excepted), made on the other side as needed'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l json -d 'Print one JSON object per file on stdout, and a summary at the end'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-once -d 'Turn --once off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-remove-source-files -d 'Turn --remove-source-files off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-recursive -d 'Turn --recursive off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand shell" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l url -d 'Connect to this server before the first line' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l keep-going -d 'Run the remaining commands after a failure (exit non-zero at the end)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l json -d 'Print one JSON object per command on stdout'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-keep-going -d 'Turn --keep-going off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s r -l recursive -d 'Remove directories and everything in them (never following symlinks)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s f -l force -d 'Do not ask before removing a tree, even at a terminal'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-recursive -d 'Turn --recursive off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-force -d 'Turn --force off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -s p -l parents -d 'Create missing parents too; an existing directory is no error'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-parents -d 'Turn --parents off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mkdir" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand mv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand chmod" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l json -d 'Print {"path": ..., "facts": {"type": ..., "size": ..., "modify": ...}} (values as the server sent them)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand stat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand cat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l json -d 'Print one JSON object (fields documented in the README, section "Probing a server")'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l write -d 'Also test uploads: store a small scratch file in the URL\'s directory under a temporary name, rename it, check it and delete it. Without it nothing is written'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-json -d 'Turn --json off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-write -d 'Turn --write off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l expect -d 'Remember it without asking, only if the certificate or its public key has this SHA-256 fingerprint (obtained out of band, e.g. from the server\'s administrator)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -a "list" -d 'List remembered servers: host:port, fingerprint kind, fingerprint'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -a "remove" -d 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and not __fish_seen_subcommand_from list remove help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "list" -d 'List remembered servers: host:port, fingerprint kind, fingerprint'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched'
complete -c ftps -n "__fish_ftps_using_subcommand trust; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand sites" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -f -a "keygen" -d 'Create the key that signs --receipt records (owner-only file; never replaces one) and its public half (FILE.pub); prints the public key and its fingerprint to keep where this machine cannot change them'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -f -a "verify" -d 'Check signatures, order and chain; exit 0 only when they hold (12 names the first bad line). Without --public-key or --fingerprint it proves only internal consistency (and says so)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -f -a "head" -d 'Print the hash of the last record (after checking the chain), to store elsewhere and give to `receipt verify --head` later'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and not __fish_seen_subcommand_from keygen verify head help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l out -d 'Where to write the key [default: $XDG_DATA_HOME/ftps/receipt-key]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l public-key -d 'The signer\'s public key: ed25519:HEX, or a file holding it (the .pub that keygen wrote)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l fingerprint -d 'The signer\'s key fingerprint, as keygen printed it' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l head -d 'A head printed earlier by `ftps receipt head` (stored elsewhere): fail if that record is gone, i.e. records were removed from the end' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l files -d 'Also check that every recorded local file still has its recorded SHA-256'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-files -d 'Turn --files off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from head" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from help" -f -a "keygen" -d 'Create the key that signs --receipt records (owner-only file; never replaces one) and its public half (FILE.pub); prints the public key and its fingerprint to keep where this machine cannot change them'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check signatures, order and chain; exit 0 only when they hold (12 names the first bad line). Without --public-key or --fingerprint it proves only internal consistency (and says so)'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from help" -f -a "head" -d 'Print the hash of the last record (after checking the chain), to store elsewhere and give to `receipt verify --head` later'
complete -c ftps -n "__fish_ftps_using_subcommand receipt; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l retries -d 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l pin -d 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l crl-file -d 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l password-file -d 'Read the password from the first line of FILE (which only you may read or write)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l password-command -d 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l cert -d 'Client certificate for servers that require mutual TLS: a PEM chain (with --key), or a PKCS#12 bundle (.p12/.pfx, told by content too) holding chain and key' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l key -d 'Private key (PEM, plain or encrypted PKCS#8) for a PEM --cert' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l key-password-file -d 'Read the passphrase of an encrypted --key or --cert bundle from this file\'s first line (only its owner may read it). Without this or --key-password-command, a terminal is asked' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l key-password-command -d 'Run this command (no shell) and take its first output line as the key passphrase' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l lock -d 'Exit at once (code 11) if another ftps run holds this lock file' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l tls-min -d 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l verify -d 'Checksum verification after each transfer: auto (when the server offers HASH or XSHA256/XSHA512/XSHA1), require (fail transfers the server cannot vouch for), off' -r -f -a "auto\t''
require\t''
off\t''"
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l receipt -d 'Append one signed, hash-chained JSON line per transferred file to FILE (see `ftps receipt verify`); needs a signing key (--receipt-key, made by `ftps receipt keygen`)' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l receipt-key -d 'The private key that signs --receipt records [default: $XDG_DATA_HOME/ftps/receipt-key, i.e. ~/.local/share/ftps/receipt-key]. Only its owner may read it' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l limit-rate -d 'Most bytes per second for all data connections of this run together, both directions (e.g. 500K, 2M; K, M, G are powers of 1024)' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l limit-rate-up -d 'Most bytes per second uploaded (all connections together); replaces --limit-rate for uploads' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l limit-rate-down -d 'Most bytes per second downloaded, listings included; replaces --limit-rate for downloads' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l proxy -d 'Connect (control and every data connection) through this proxy: socks5://, socks5h:// (the proxy resolves names) or http:// (CONNECT), with [user:password@]host[:port] (port 1080 by default). Without a password in it, a netrc machine entry for the proxy host supplies the credentials. Without --proxy, FTPS_PROXY or ALL_PROXY is used. Either way, hosts that NO_PROXY (or --noproxy) lists are reached directly, as in curl' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l noproxy -d 'Hosts reached directly, not through the proxy (from --proxy or the environment); replaces NO_PROXY. Read as curl reads it: names with their subdomains, addresses, CIDR blocks, host:port, * for all; "" exempts no host' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l active-address -d 'With --active: announce this address instead of the local one (a NAT\'s public address that forwards --port-range to this machine); IPv4 or IPv6, the control connection\'s family' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l port-range -d 'With --active: listen only on ports MIN-MAX (what a firewall or NAT lets in)' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l config -d 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l active -d 'Active mode: the server connects to us for each transfer (EPRT, IPv4 or IPv6, or PORT for IPv4 servers without EPRT), on the control connection\'s local address; only the server\'s own address may connect'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l ascii -d 'ASCII mode (TYPE A): line ends become CRLF on the wire and LF locally. Sizes and server digests then describe the server\'s copy, so only TLS close_notify tells a complete transfer; no -c'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l compress -d 'Compress data connections (MODE Z, deflate) where the server offers it, else say so once and transfer uncompressed. Pays on slow links and text; sizes, digests and -c offsets stay those of the uncompressed file, --limit-rate counts the compressed bytes on the wire'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-config -d 'Ignore the config file (no defaults, no named sites)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-insecure -d 'Turn --insecure off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-quiet -d 'Turn --quiet off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-verbose -d 'Turn --verbose off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-active -d 'Turn --active off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-ascii -d 'Turn --ascii off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l no-compress -d 'Turn --compress off (e.g. when the config file sets it)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "ls" -d 'List a remote directory (or one file)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "get" -d 'Download remote files; a glob (* ? [..]) in the last path segment selects several'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "put" -d 'Upload local files (globs expanded); a URL ending in / is a directory'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "mirror" -d 'Synchronise a directory tree: URL SRC downloads into local DST; local SRC uploads to URL DST'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "watch" -d 'Hot folders: local SRC is an outbox (its finished files are uploaded to URL DST), URL SRC an inbox (its finished files are downloaded into local DST); each file complete, once, never lost'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "shell" -d 'Interactive prompt (reads a script from stdin when stdin is not a terminal)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "batch" -d 'Run commands from a script file (or - for stdin), one per line'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "rm" -d 'Delete remote files (-r: directory trees, asking first at a terminal)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "mkdir" -d 'Create remote directories'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "mv" -d 'Rename or move a remote file or directory on the same server'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "chmod" -d 'Change permissions of remote files (SITE CHMOD)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "stat" -d 'Show what the server says about one path (MLST, else SIZE and MDTM)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "cat" -d 'Write remote files to standard output, byte for byte'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "probe" -d 'Diagnose a server step by step (TCP, mode, TLS versions, certificate, login, FEAT, PROT P, a listing, pipelining, the passive address, TLS 1.3 tickets), each timed; exit 0 when listings work (and, with --write, uploads), else the first blocking failure\'s code with its next step. Without credentials it stops after TLS (exit 0)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "trust" -d 'Show a server\'s certificate chain and remember it in known_hosts (asks at a terminal; elsewhere needs --expect); `trust list` shows remembered servers, `trust remove HOST[:PORT]` forgets one'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "sites" -d 'List the sites of the config file (name, URL, user, where the password comes from; never the password)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "receipt" -d 'Make the --receipt signing key, check a receipt, print its head'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "generate-assets" -d 'Write shell completions and the man page (for packagers and the repo)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put mirror watch shell batch rm mkdir mv chmod stat cat probe trust sites receipt generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "list" -d 'List remembered servers: host:port, fingerprint kind, fingerprint'
complete -c ftps -n "__fish_ftps_using_subcommand help; and __fish_seen_subcommand_from trust" -f -a "remove" -d 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched'
complete -c ftps -n "__fish_ftps_using_subcommand help; and __fish_seen_subcommand_from receipt" -f -a "keygen" -d 'Create the key that signs --receipt records (owner-only file; never replaces one) and its public half (FILE.pub); prints the public key and its fingerprint to keep where this machine cannot change them'
complete -c ftps -n "__fish_ftps_using_subcommand help; and __fish_seen_subcommand_from receipt" -f -a "verify" -d 'Check signatures, order and chain; exit 0 only when they hold (12 names the first bad line). Without --public-key or --fingerprint it proves only internal consistency (and says so)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and __fish_seen_subcommand_from receipt" -f -a "head" -d 'Print the hash of the last record (after checking the chain), to store elsewhere and give to `receipt verify --head` later'
