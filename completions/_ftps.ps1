
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ftps' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ftps'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ftps' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a remote directory (or one file)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download remote files; a glob (* ? [..]) in the last path segment selects several')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload local files (globs expanded); a URL ending in / is a directory')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Synchronise a directory tree: URL SRC downloads into local DST; local SRC uploads to URL DST')
            [CompletionResult]::new('shell', 'shell', [CompletionResultType]::ParameterValue, 'Interactive prompt (reads a script from stdin when stdin is not a terminal)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Run commands from a script file (or - for stdin), one per line')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete remote files (-r: directory trees, asking first at a terminal)')
            [CompletionResult]::new('mkdir', 'mkdir', [CompletionResultType]::ParameterValue, 'Create remote directories')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename or move a remote file or directory on the same server')
            [CompletionResult]::new('chmod', 'chmod', [CompletionResultType]::ParameterValue, 'Change permissions of remote files (SITE CHMOD)')
            [CompletionResult]::new('stat', 'stat', [CompletionResultType]::ParameterValue, 'Show what the server says about one path (MLST, else SIZE and MDTM)')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Write remote files to standard output, byte for byte')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Show a server''s certificate chain and remember it in known_hosts (asks at a terminal; elsewhere needs --expect); `trust list` shows remembered servers, `trust remove HOST[:PORT]` forgets one')
            [CompletionResult]::new('sites', 'sites', [CompletionResultType]::ParameterValue, 'List the sites of the config file (name, URL, user, where the password comes from; never the password)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write shell completions and the man page (for packagers and the repo)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ftps;ls' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of {name, type, size, modified} instead')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Local file name, or directory when several files are fetched; - writes the file to standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Local file name, or directory when several files are fetched; - writes the file to standard output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Control connections used in parallel when several files are transferred')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Control connections used in parallel when several files are transferred')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Overwrite existing local files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite existing local files')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Resume from an existing NAME.part file')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume from an existing NAME.part file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With several files: print a machine-readable summary on stdout')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;put' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Control connections used in parallel when several files are transferred')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Control connections used in parallel when several files are transferred')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Resume a partial upload from the remote file''s current size')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume a partial upload from the remote file''s current size')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With several files: print a machine-readable summary on stdout')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;mirror' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Control connections used in parallel')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Control connections used in parallel')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Only paths matching this glob (relative to SRC); may be repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching this glob (wins over --include); may be repeated')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Deepest remote directory level listed; deeper ones are reported and left alone (bounds endless or looping trees)')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Most remote entries one run reads before it stops with an error (bounds memory)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove destination entries that are absent from the source')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the plan (create / transfer / delete, with reasons) and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (create / transfer / delete, with reasons) and change nothing')
            [CompletionResult]::new('--only-newer', '--only-newer', [CompletionResultType]::ParameterName, 'Transfer only when the source is newer than the destination')
            [CompletionResult]::new('--size-only', '--size-only', [CompletionResultType]::ParameterName, 'Compare by size only, ignoring modification times')
            [CompletionResult]::new('--no-times', '--no-times', [CompletionResultType]::ParameterName, 'Do not set modification times on transferred files (files are then compared by size only)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a machine-readable summary on stdout')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;shell' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;batch' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Connect to this server before the first line')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--keep-going', '--keep-going', [CompletionResultType]::ParameterName, 'Run the remaining commands after a failure (exit non-zero at the end)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per command on stdout')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;rm' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Remove directories and everything in them (never following symlinks)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Remove directories and everything in them (never following symlinks)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Do not ask before removing a tree, even at a terminal')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask before removing a tree, even at a terminal')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;mkdir' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Create missing parents too; an existing directory is no error')
            [CompletionResult]::new('--parents', '--parents', [CompletionResultType]::ParameterName, 'Create missing parents too; an existing directory is no error')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;mv' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;chmod' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;stat' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"path": ..., "facts": {"type": ..., "size": ..., "modify": ...}} (values as the server sent them)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;cat' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;trust' {
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Remember it without asking, only if the certificate or its public key has this SHA-256 fingerprint (obtained out of band, e.g. from the server''s administrator)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List remembered servers: host:port, fingerprint kind, fingerprint')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ftps;trust;list' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;trust;remove' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;trust;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List remembered servers: host:port, fingerprint kind, fingerprint')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ftps;trust;help;list' {
            break
        }
        'ftps;trust;help;remove' {
            break
        }
        'ftps;trust;help;help' {
            break
        }
        'ftps;sites' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;generate-assets' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after transient failures (connection loss, timeouts, 4xx), with backoff')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Accept only a server certificate (or public key) with this SHA-256 fingerprint, instead of CA checks; may be repeated for a rotation (any one matching passes)')
            [CompletionResult]::new('--crl-file', '--crl-file', [CompletionResultType]::ParameterName, 'Certificate revocation list (PEM) from a CA; a listed server certificate is refused. May be repeated')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (which only you may read or write)')
            [CompletionResult]::new('--password-command', '--password-command', [CompletionResultType]::ParameterName, 'Run CMD (no shell; split like a shell would) and use the first line it prints as the password')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for servers that require mutual TLS')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) for --cert')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Exit at once (code 11) if another ftps run holds this lock file')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--tls-min', '--tls-min', [CompletionResultType]::ParameterName, 'Lowest TLS version to accept (1.3: never offer TLS 1.2, even to servers short of TLS 1.3 tickets)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with [defaults] and [sites.NAME] tables [default: $XDG_CONFIG_HOME/ftps/config.toml]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file (no defaults, no named sites)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a remote directory (or one file)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download remote files; a glob (* ? [..]) in the last path segment selects several')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload local files (globs expanded); a URL ending in / is a directory')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Synchronise a directory tree: URL SRC downloads into local DST; local SRC uploads to URL DST')
            [CompletionResult]::new('shell', 'shell', [CompletionResultType]::ParameterValue, 'Interactive prompt (reads a script from stdin when stdin is not a terminal)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Run commands from a script file (or - for stdin), one per line')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete remote files (-r: directory trees, asking first at a terminal)')
            [CompletionResult]::new('mkdir', 'mkdir', [CompletionResultType]::ParameterValue, 'Create remote directories')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename or move a remote file or directory on the same server')
            [CompletionResult]::new('chmod', 'chmod', [CompletionResultType]::ParameterValue, 'Change permissions of remote files (SITE CHMOD)')
            [CompletionResult]::new('stat', 'stat', [CompletionResultType]::ParameterValue, 'Show what the server says about one path (MLST, else SIZE and MDTM)')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Write remote files to standard output, byte for byte')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Show a server''s certificate chain and remember it in known_hosts (asks at a terminal; elsewhere needs --expect); `trust list` shows remembered servers, `trust remove HOST[:PORT]` forgets one')
            [CompletionResult]::new('sites', 'sites', [CompletionResultType]::ParameterValue, 'List the sites of the config file (name, URL, user, where the password comes from; never the password)')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write shell completions and the man page (for packagers and the repo)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ftps;help;ls' {
            break
        }
        'ftps;help;get' {
            break
        }
        'ftps;help;put' {
            break
        }
        'ftps;help;mirror' {
            break
        }
        'ftps;help;shell' {
            break
        }
        'ftps;help;batch' {
            break
        }
        'ftps;help;rm' {
            break
        }
        'ftps;help;mkdir' {
            break
        }
        'ftps;help;mv' {
            break
        }
        'ftps;help;chmod' {
            break
        }
        'ftps;help;stat' {
            break
        }
        'ftps;help;cat' {
            break
        }
        'ftps;help;trust' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List remembered servers: host:port, fingerprint kind, fingerprint')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a remembered server (every port when PORT is left out); exit 6 when nothing matched')
            break
        }
        'ftps;help;trust;list' {
            break
        }
        'ftps;help;trust;remove' {
            break
        }
        'ftps;help;sites' {
            break
        }
        'ftps;help;generate-assets' {
            break
        }
        'ftps;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
