//! The command line as clap sees it: the derived definition (`args.rs`)
//! completed with a `--no-X` for every on/off option, and the check that
//! `--X` and `--no-X` are not both typed.

use super::args::Cli;

/// The whole definition: the derived one plus a `--no-X` for every on/off
/// option `--X`, so that a config file's `X = true` can be switched off for
/// one run (a typed `--no-X` keeps the config's `X` off the command line).
/// Typing both is refused rather than resolved by order: a global option
/// may stand on either side of the subcommand, where "last" means little.
/// Built here rather than as fields so no flag can be added without one.
pub fn command() -> clap::Command {
    use clap::{Arg, ArgAction, CommandFactory};
    fn negate(cmd: clap::Command) -> clap::Command {
        let flags: Vec<(String, String, bool)> = cmd
            .get_arguments()
            .filter(|a| matches!(a.get_action(), ArgAction::SetTrue))
            .filter_map(|a| Some((a.get_id().to_string(), a.get_long()?.to_string(), a.is_global_set())))
            .filter(|(_, long, _)| !long.starts_with("no-") && long != "help" && long != "version")
            .collect();
        let mut cmd = cmd;
        for (id, long, global) in flags {
            let no = format!("no-{long}");
            cmd = cmd.arg(
                Arg::new(no.clone())
                    .long(no)
                    .action(ArgAction::SetTrue)
                    .global(global)
                    .conflicts_with(id)
                    .hide_short_help(true)
                    .help(format!("Turn --{long} off (e.g. when the config file sets it)")),
            );
        }
        let subs: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
        for name in subs {
            cmd = cmd.mut_subcommand(name, negate);
        }
        cmd
    }
    negate(Cli::command())
}

/// Refuses `--X` typed together with `--no-X`. clap checks conflicts within
/// one level only, and a global option may be typed on either side of the
/// subcommand, so the whole chain of levels is looked at here.
pub fn check_negations(cmd: &clap::Command, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
    use clap::parser::ValueSource::CommandLine;
    let mut typed = Vec::new();
    let (mut level_cmd, mut level) = (Some(cmd), Some(matches));
    while let (Some(c), Some(m)) = (level_cmd, level) {
        for arg in c.get_arguments() {
            let id = arg.get_id().as_str();
            if m.try_contains_id(id).unwrap_or(false) && m.value_source(id) == Some(CommandLine) {
                typed.extend(arg.get_long().map(str::to_string));
            }
        }
        let sub = m.subcommand();
        level_cmd = sub.and_then(|(name, _)| c.find_subcommand(name));
        level = sub.map(|(_, m)| m);
    }
    match typed.iter().find(|l| l.strip_prefix("no-").is_some_and(|x| typed.iter().any(|t| t == x))) {
        Some(no) => Err(cmd.clone().error(
            clap::error::ErrorKind::ArgumentConflict,
            format!("--{no} and --{} contradict each other; give one of them", &no[3..]),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    #[test]
    fn verify_app() {
        super::command().debug_assert();
    }

    #[test]
    fn every_flag_has_its_negation_and_both_together_are_refused() {
        let parse = |words: &[&str]| {
            let cmd = super::command();
            let m = cmd.clone().try_get_matches_from(words)?;
            super::check_negations(&cmd, &m)?;
            super::Cli::from_arg_matches(&m)
        };
        let cli = parse(&["ftps", "--no-insecure", "--no-compress", "mirror", "a", "b", "--no-delete"]).unwrap();
        let super::super::args::Cmd::Mirror(m) = cli.command else { panic!() };
        assert!(!m.delete && !cli.global.compress && !cli.global.insecure);
        let cli = parse(&["ftps", "put", "x", "ftp://h/", "--no-remove-source-files", "--no-active"]).unwrap();
        let super::super::args::Cmd::Put { remove_source_files, .. } = cli.command else { panic!() };
        assert!(!remove_source_files && !cli.global.active);
        for both in [
            &["ftps", "--insecure", "ls", "ftp://h/", "--no-insecure"][..],
            &["ftps", "--insecure", "--no-insecure", "ls", "ftp://h/"],
            &["ftps", "ls", "--no-insecure", "ftp://h/", "--insecure"],
            &["ftps", "mirror", "a", "b", "--delete", "--no-delete"],
        ] {
            let e = parse(both).map(|_| ()).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::ArgumentConflict, "{both:?}: {e}");
        }
    }
}
