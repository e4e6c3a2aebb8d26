//! Turning config entries into the command-line words they stand for.
//! The keys are not listed anywhere: any global long option of the clap
//! definition is a key under its own name, checked by its own value parser,
//! so an option added to `args.rs` is settable from the config with no
//! change here.

use std::ffi::{OsStr, OsString};

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Command};

use super::file::{ConfigFile, Entry};
use crate::error::Error;

/// Keys that are not options: they describe the site itself or its password.
pub const SITE_KEYS: &[&str] = &["url", "password"];

/// Who to log in as, with which secret, and whom to trust: a site's values
/// for these go to that site's server only (see `SiteScope`).
const SCOPED: &[&str] = &[
    "user",
    "password",
    "password-file",
    "password-command",
    "insecure",
    "pin",
    "ca-file",
    "crl-file",
    "cert",
    "key",
    "key-password-file",
    "key-password-command",
];

/// The scoped keys `[defaults]` may still hold: a user name is no secret,
/// and an extra CA or CRL only adds checks. A password source, a client
/// identity, a pin or `insecure` there would apply to every server any
/// command names, so they belong in a site.
const OPEN_IN_DEFAULTS: &[&str] = &["user", "ca-file", "crl-file"];

pub fn is_scoped(key: &str) -> bool {
    SCOPED.contains(&key)
}

/// Refuses `[defaults]` entries that would hand a secret or a trust
/// exception to whatever server a command line names.
pub fn check_defaults(config: &ConfigFile) -> Result<(), Error> {
    let bad = config.defaults.iter().find(|e| is_scoped(&e.key) && !OPEN_IN_DEFAULTS.contains(&e.key.as_str()));
    match bad {
        Some(e) => Err(Error::InvalidArgument(format!(
            "{}: {}: not allowed in [defaults], where it would apply to every server a command names; \
             move it into the [sites.NAME] table of the server it is for (with that server's url)",
            config.at(e.line),
            e.key
        ))),
        None => Ok(()),
    }
}

/// Options that only make sense together or exclude each other. When the
/// command line sets one member, no member comes from the config; when a
/// site sets one, none comes from `[defaults]`. Otherwise a defaults
/// `password-file` would beat a site `password`, or a config `quiet` would
/// clash with a typed `-v`.
const GROUPS: &[&[&str]] =
    &[&["password", "password-file", "password-command"], &["quiet", "verbose"], &["cert", "key"]];

/// Options of the config machinery itself, which a config cannot set.
const NOT_IN_CONFIG: &[&str] = &["config", "no-config", "help", "version"];

fn group_of(key: &str) -> &'static [&'static str] {
    GROUPS.iter().find(|g| g.contains(&key)).copied().unwrap_or(&[])
}

/// Long names of the options the user typed (anywhere on the line): the
/// global ones and those of the subcommand that runs.
pub fn typed(matches: &ArgMatches, cmd: &Command) -> Vec<String> {
    let typed_in = |m: &ArgMatches, args: &mut dyn Iterator<Item = &clap::Arg>, out: &mut Vec<String>| {
        for arg in args {
            let id = arg.get_id().as_str();
            if m.try_contains_id(id).unwrap_or(false)
                && m.value_source(id) == Some(ValueSource::CommandLine)
                && let Some(long) = arg.get_long()
            {
                out.push(long.to_string());
                // A typed `--no-X` overrides the config's `X` as a typed `--X` would.
                if let Some(negated) = long.strip_prefix("no-") {
                    out.push(negated.to_string());
                }
            }
        }
    };
    let mut out = Vec::new();
    let mut level = Some(matches);
    while let Some(m) = level {
        typed_in(m, &mut cmd.get_arguments().filter(|a| a.is_global_set()), &mut out);
        level = m.subcommand().map(|(_, sub)| sub);
    }
    if let Some((name, m)) = matches.subcommand()
        && let Some(sub) = cmd.find_subcommand(name)
    {
        typed_in(m, &mut sub.get_arguments(), &mut out);
    }
    out
}

/// `[defaults]` overlaid with the site, minus what the command line says.
pub fn merge<'a>(defaults: &'a [Entry], site: &'a [Entry], typed: &[String]) -> Vec<&'a Entry> {
    let blocked = |key: &str, by: &[&str]| {
        let group = group_of(key);
        by.iter().any(|k| *k == key || group.contains(k))
    };
    let in_site: Vec<&str> = site.iter().map(|e| e.key.as_str()).collect();
    let on_line: Vec<&str> = typed.iter().map(String::as_str).collect();
    let from_defaults = defaults.iter().filter(|d| !blocked(&d.key, &in_site));
    from_defaults.chain(site.iter()).filter(|e| e.key != "url" && !blocked(&e.key, &on_line)).collect()
}

/// The words an entry stands for, and where they go: global options
/// before what the user typed, options of the subcommand that runs after
/// it (clap takes options after positionals).
#[derive(Debug, Default)]
pub struct Words {
    pub before: Vec<OsString>,
    pub after: Vec<OsString>,
}

/// The words (`--timeout`, `5`) for `entries`, each checked first so that a
/// bad one is reported with its file and line, not as if typed. An option
/// of another subcommand (`parallel` while `ls` runs) is left out.
pub fn to_argv(config: &ConfigFile, entries: &[&Entry], cmd: &Command, sub: Option<&str>) -> Result<Words, Error> {
    let mut words = Words::default();
    let own = sub.and_then(|name| cmd.find_subcommand(name));
    for e in entries.iter().filter(|e| !SITE_KEYS.contains(&e.key.as_str())) {
        let bad = |why: String| Error::InvalidArgument(format!("{}: {}: {why}", config.at(e.line), e.key));
        let key = Some(e.key.as_str());
        let global = cmd.get_arguments().find(|a| a.is_global_set() && a.get_long() == key);
        let (arg, argv, probe) = match (global, own.and_then(|c| c.get_arguments().find(|a| a.get_long() == key))) {
            _ if NOT_IN_CONFIG.contains(&e.key.as_str()) => return Err(bad(unknown(cmd))),
            (Some(arg), _) => (arg, &mut words.before, None),
            (None, Some(arg)) => (arg, &mut words.after, sub),
            (None, None) if cmd.get_subcommands().any(|c| c.get_arguments().any(|a| a.get_long() == key)) => continue,
            (None, None) => return Err(bad(unknown(cmd))),
        };
        let flag = OsString::from(format!("--{}", e.key));
        match arg.get_action() {
            ArgAction::SetTrue => match e.value {
                toml::Value::Boolean(true) => argv.push(flag),
                toml::Value::Boolean(false) => {}
                _ => return Err(bad("expected true or false".into())),
            },
            ArgAction::Append => {
                let values = match &e.value {
                    toml::Value::Array(items) => items.iter().collect(),
                    one => vec![one],
                };
                for v in values {
                    argv.push(flag.clone());
                    argv.push(checked(cmd, probe, arg, v).map_err(bad)?);
                }
            }
            _ => {
                argv.push(flag);
                argv.push(checked(cmd, probe, arg, &e.value).map_err(bad)?);
            }
        }
    }
    Ok(words)
}

fn unknown(cmd: &Command) -> String {
    format!(
        "unknown key; known keys: {}, and the long options of the commands (e.g. parallel)",
        known_keys(cmd).join(", ")
    )
}

/// One value as its option would receive it, run through that option's
/// parser. `~/` starts a path in the home directory (no shell expands it).
fn checked(cmd: &Command, sub: Option<&str>, arg: &clap::Arg, value: &toml::Value) -> Result<OsString, String> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => return Err(format!("expected a string or a number, found {}", other.type_str())),
    };
    let parser = arg.get_value_parser();
    let is_path = parser.type_id() == clap::builder::ValueParser::path_buf().type_id();
    let word: OsString = match (is_path, text.strip_prefix("~/"), dirs::home_dir()) {
        (true, Some(rest), Some(home)) => home.join(rest).into_os_string(),
        _ => text.clone().into(),
    };
    // The option's own parser decides, run as clap runs it (its parse
    // method is not public): this option alone, before a command without
    // arguments. Complaints about other options (`--cert` requires `--key`)
    // are not about this value.
    use clap::error::ErrorKind::{InvalidUtf8, InvalidValue, ValueValidation};
    let long = format!("--{}", arg.get_long().unwrap_or_default());
    let probe = match sub {
        Some(sub) => vec![OsStr::new("ftps"), OsStr::new(sub), OsStr::new(&long), OsStr::new(&word)],
        None => vec![OsStr::new("ftps"), OsStr::new(&long), OsStr::new(&word), OsStr::new("sites")],
    };
    match cmd.clone().try_get_matches_from(probe) {
        Err(e) if matches!(e.kind(), InvalidValue | ValueValidation | InvalidUtf8) => {
            let why = e.to_string();
            let first = why.lines().next().unwrap_or_default().trim_start_matches("error: ");
            Err(first.to_string())
        }
        _ => Ok(word),
    }
}

fn known_keys(cmd: &Command) -> Vec<String> {
    let longs = cmd.get_arguments().filter(|a| a.is_global_set()).filter_map(|a| a.get_long());
    let mut keys: Vec<String> = longs
        .filter(|l| !NOT_IN_CONFIG.contains(l))
        .map(str::to_string)
        .chain(SITE_KEYS.iter().map(|k| k.to_string()))
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> ConfigFile {
        ConfigFile::parse(Path::new("c.toml"), text).unwrap()
    }

    fn words(text: &str, site: Option<&str>, typed: &[&str]) -> Result<Vec<String>, String> {
        let c = config(text);
        let cmd = crate::cli::command::command();
        let site = site.map(|s| c.sites[s].entries.clone()).unwrap_or_default();
        let typed: Vec<String> = typed.iter().map(|s| s.to_string()).collect();
        let merged = merge(&c.defaults, &site, &typed);
        let words = to_argv(&c, &merged, &cmd, Some("get")).map_err(|e| e.to_string())?;
        let all = words.before.into_iter().chain([OsString::from("|")]).chain(words.after);
        let mut all: Vec<String> = all.map(|w| w.into_string().unwrap()).collect();
        if all.last().map(String::as_str) == Some("|") {
            all.pop();
        }
        Ok(all)
    }

    #[test]
    fn site_beats_defaults_and_command_line_beats_both() {
        let text = "[defaults]\ntimeout = 5\nretries = 1\n[sites.a]\ntimeout = 7\n";
        assert_eq!(words(text, None, &[]).unwrap(), ["--retries", "1", "--timeout", "5"]);
        assert_eq!(words(text, Some("a"), &[]).unwrap(), ["--retries", "1", "--timeout", "7"]);
        assert_eq!(words(text, Some("a"), &["timeout"]).unwrap(), ["--retries", "1"]);
    }

    #[test]
    fn groups_move_together() {
        let text = "[defaults]\npassword-file = \"/p\"\nquiet = true\n[sites.a]\npassword-command = \"pass x\"\n";
        assert_eq!(words(text, Some("a"), &[]).unwrap(), ["--quiet", "--password-command", "pass x"]);
        assert_eq!(words(text, None, &["verbose", "password-command"]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn kinds_of_values() {
        let text = "[defaults]\ninsecure = false\nca-file = [\"/a.pem\", \"/b.pem\"]\npin = \"sha256:00\"\ntls-max = \"1.2\"\n";
        assert_eq!(
            words(text, None, &[]).unwrap(),
            ["--ca-file", "/a.pem", "--ca-file", "/b.pem", "--pin", "sha256:00", "--tls-max", "1.2"]
        );
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = words("[defaults]\n\ntimeuot = 5\n", None, &[]).unwrap_err();
        assert!(e.starts_with("c.toml:3: timeuot: unknown key; known keys:") && e.contains("timeout"), "{e}");
        let e = words("[defaults]\ntimeout = \"soon\"\n", None, &[]).unwrap_err();
        assert!(e.starts_with("c.toml:2: timeout: invalid value 'soon'"), "{e}");
        let e = words("[defaults]\ninsecure = \"yes\"\n", None, &[]).unwrap_err();
        assert!(e.contains("c.toml:2: insecure: expected true or false"), "{e}");
        let e = words("[defaults]\ntls-max = 1.1\n", None, &[]).unwrap_err();
        assert!(e.starts_with("c.toml:2: tls-max: invalid value '1.1'"), "{e}");
        let e = words("[defaults]\nconfig = \"/x\"\n", None, &[]).unwrap_err();
        assert!(e.contains("unknown key"), "{e}");
        let e = words("[defaults]\nparallel = 100\n", None, &[]).unwrap_err();
        assert!(e.starts_with("c.toml:2: parallel: invalid value '100'"), "{e}");
    }

    #[test]
    fn options_of_the_running_command_go_after_the_typed_words() {
        let text = "[defaults]\nretries = 2\nparallel = 8\ndelete = true\n";
        // get has --parallel; mirror's --delete is not get's and is left out.
        assert_eq!(words(text, None, &[]).unwrap(), ["--retries", "2", "|", "--parallel", "8"]);
        assert_eq!(words(text, None, &["parallel"]).unwrap(), ["--retries", "2"]);
    }
}
