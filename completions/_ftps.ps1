
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
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a remote directory (or one file)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download remote files; a glob (* ? [..]) in the last path segment selects several')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload local files (globs expanded); a URL ending in / is a directory')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write shell completions and the man page (for packagers and the repo)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ftps;ls' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of {name, type, size, modified} instead')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Local file name, or directory when several files are fetched')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Local file name, or directory when several files are fetched')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Overwrite existing local files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite existing local files')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;put' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;generate-assets' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (or user:password); overrides the URL''s')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra trusted CA certificates (PEM); may be repeated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for any network step before giving up')
            [CompletionResult]::new('--tls-max', '--tls-max', [CompletionResultType]::ParameterName, 'Highest TLS version to offer')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (dangerous: prints a warning)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print the protocol dialogue (PASS redacted) and TLS details on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'ftps;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a remote directory (or one file)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download remote files; a glob (* ? [..]) in the last path segment selects several')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload local files (globs expanded); a URL ending in / is a directory')
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
