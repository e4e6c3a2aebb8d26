# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ftps_global_optspecs
    string join \n u/user= ca-file= insecure timeout= q/quiet v/verbose tls-max= h/help V/version
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
complete -c ftps -n "__fish_ftps_needs_command" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_needs_command" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_needs_command" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_needs_command" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_needs_command" -s h -l help -d 'Print help'
complete -c ftps -n "__fish_ftps_needs_command" -s V -l version -d 'Print version'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "ls" -d 'List a remote directory (or one file)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "get" -d 'Download remote files; a glob (* ? [..]) in the last path segment selects several'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "put" -d 'Upload local files (globs expanded); a URL ending in / is a directory'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "generate-assets" -d 'Write shell completions and the man page (for packagers and the repo)'
complete -c ftps -n "__fish_ftps_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l json -d 'Print a JSON array of {name, type, size, modified} instead'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand ls" -s h -l help -d 'Print help'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s o -l output -d 'Local file name, or directory when several files are fetched' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand get" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand get" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand get" -s f -l force -d 'Overwrite existing local files'
complete -c ftps -n "__fish_ftps_using_subcommand get" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand get" -s h -l help -d 'Print help'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand put" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand put" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand put" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand put" -s h -l help -d 'Print help'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s u -l user -d 'User name (or user:password); overrides the URL\'s' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l ca-file -d 'Extra trusted CA certificates (PEM); may be repeated' -r -F
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l timeout -d 'Seconds to wait for any network step before giving up' -r
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l tls-max -d 'Highest TLS version to offer' -r -f -a "1.2\t''
1.3\t''"
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -l insecure -d 'Do not verify the server certificate (dangerous: prints a warning)'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s q -l quiet -d 'Print only errors'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s v -l verbose -d 'Print the protocol dialogue (PASS redacted) and TLS details on stderr'
complete -c ftps -n "__fish_ftps_using_subcommand generate-assets" -s h -l help -d 'Print help'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put generate-assets help" -f -a "ls" -d 'List a remote directory (or one file)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put generate-assets help" -f -a "get" -d 'Download remote files; a glob (* ? [..]) in the last path segment selects several'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put generate-assets help" -f -a "put" -d 'Upload local files (globs expanded); a URL ending in / is a directory'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put generate-assets help" -f -a "generate-assets" -d 'Write shell completions and the man page (for packagers and the repo)'
complete -c ftps -n "__fish_ftps_using_subcommand help; and not __fish_seen_subcommand_from ls get put generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
