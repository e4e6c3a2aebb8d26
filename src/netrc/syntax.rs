//! The netrc grammar: tokens (bare or curl-style quoted), keywords and
//! `macdef` bodies, with line numbers for errors that never quote a token.

use super::{Netrc, NetrcEntry, NetrcError};

/// Parses netrc text. Unknown keywords and stray values are errors rather
/// than skipped, since skipping could silently pair the wrong credentials.
pub fn parse(text: &str) -> Result<Netrc, NetrcError> {
    // Which entry `login` / `password` / `account` currently apply to.
    enum Current {
        Nothing,
        Machine(usize),
        Default(usize),
    }
    let mut netrc = Netrc::default();
    let mut current = Current::Nothing;
    let mut lexer = Lexer::new(text);

    while let Some(tok) = lexer.next_token()? {
        // A quoted token is always a value, never a keyword.
        let keyword = if tok.quoted { String::new() } else { tok.text.to_ascii_lowercase() };
        match keyword.as_str() {
            "machine" => {
                let host = lexer.value(tok.line, "`machine` with no host name")?;
                netrc.machines.push((host, NetrcEntry::default()));
                current = Current::Machine(netrc.machines.len() - 1);
            }
            "default" => {
                netrc.defaults.push(NetrcEntry::default());
                current = Current::Default(netrc.defaults.len() - 1);
            }
            "login" | "password" | "account" => {
                let missing = match keyword.as_str() {
                    "login" => "`login` with no value",
                    "password" => "`password` with no value",
                    _ => "`account` with no value",
                };
                let value = lexer.value(tok.line, missing)?;
                let entry = match current {
                    Current::Machine(i) => netrc.machines.get_mut(i).map(|(_, e)| e),
                    Current::Default(i) => netrc.defaults.get_mut(i),
                    Current::Nothing => None,
                };
                let Some(entry) = entry else {
                    return Err(syntax(tok.line, "credentials outside a `machine` or `default` entry"));
                };
                let slot = match keyword.as_str() {
                    "login" => &mut entry.login,
                    "password" => &mut entry.password,
                    _ => &mut entry.account,
                };
                *slot = Some(value);
            }
            "macdef" => {
                lexer.value(tok.line, "`macdef` with no macro name")?;
                lexer.skip_macro_body();
                // ftp(1) macros end an entry's keywords.
                current = Current::Nothing;
            }
            _ => {
                return Err(syntax(
                    tok.line,
                    "unexpected token; expected machine, default, login, password, account or macdef",
                ));
            }
        }
    }
    Ok(netrc)
}

fn syntax(line: usize, message: &'static str) -> NetrcError {
    NetrcError::Syntax { path: None, line, message }
}

struct Token {
    text: String,
    quoted: bool,
    line: usize,
}

/// Splits netrc text into tokens, tracking line numbers for error messages.
struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { chars: text.chars().peekable(), line: 1 }
    }

    fn next_token(&mut self) -> Result<Option<Token>, NetrcError> {
        self.skip_blanks_and_comments();
        let line = self.line;
        match self.chars.peek() {
            None => Ok(None),
            Some('"') => {
                self.chars.next();
                let text = self.quoted_rest(line)?;
                Ok(Some(Token { text, quoted: true, line }))
            }
            Some(_) => {
                let mut text = String::new();
                while let Some(c) = self.chars.next_if(|c| !c.is_whitespace()) {
                    text.push(c);
                }
                Ok(Some(Token { text, quoted: false, line }))
            }
        }
    }

    /// The token after a keyword; `missing` is the error when the file ends.
    fn value(&mut self, keyword_line: usize, missing: &'static str) -> Result<String, NetrcError> {
        match self.next_token()? {
            Some(tok) => Ok(tok.text),
            None => Err(syntax(keyword_line, missing)),
        }
    }

    fn skip_blanks_and_comments(&mut self) {
        while let Some(&c) = self.chars.peek() {
            if c == '#' {
                // Comment: up to, not including, the newline so it is counted.
                while self.chars.next_if(|&c| c != '\n').is_some() {}
            } else if c.is_whitespace() {
                self.bump();
            } else {
                break;
            }
        }
    }

    /// Body of a `"..."` token after the opening quote. curl's escapes:
    /// `\n`, `\r`, `\t`; any other escaped character stands for itself.
    fn quoted_rest(&mut self, start_line: usize) -> Result<String, NetrcError> {
        let unterminated = || syntax(start_line, "unterminated quoted string");
        let mut text = String::new();
        loop {
            match self.chars.next() {
                None | Some('\n') => return Err(unterminated()),
                Some('"') => return Ok(text),
                Some('\\') => match self.chars.next() {
                    None | Some('\n') => return Err(unterminated()),
                    Some('n') => text.push('\n'),
                    Some('r') => text.push('\r'),
                    Some('t') => text.push('\t'),
                    Some(c) => text.push(c),
                },
                Some(c) => text.push(c),
            }
        }
    }

    /// Skips the rest of the `macdef` line and the macro body, which ends
    /// at the first blank line (or the end of the file).
    fn skip_macro_body(&mut self) {
        self.skip_line();
        loop {
            let mut blank = true;
            let mut ended = false;
            while let Some(c) = self.bump() {
                if c == '\n' {
                    ended = true;
                    break;
                }
                blank &= c.is_whitespace();
            }
            if blank || !ended {
                return;
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.bump() {
            if c == '\n' {
                break;
            }
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::entry;
    use super::*;

    fn syntax_error(text: &str) -> (usize, &'static str) {
        match parse(text) {
            Err(NetrcError::Syntax { path: None, line, message }) => (line, message),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert!(parse("").unwrap().lookup("h", None).is_none());
        assert!(parse("\n\n   \t\n").unwrap().lookup("h", None).is_none());
        assert!(parse("# just a comment\n#another").unwrap().lookup("h", None).is_none());
    }

    #[test]
    fn comments() {
        let text = "# personal servers\n\
                    machine h # trailing comment login nope\n\
                    login alice # another\n\
                    password pa#not-a-comment\n";
        let n = parse(text).unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("alice"), Some("pa#not-a-comment"), None)));
        let n = parse("machine h password \"#quoted\"").unwrap();
        assert_eq!(n.lookup("h", None).unwrap().password.as_deref(), Some("#quoted"));
    }

    #[test]
    fn quoted_tokens_and_escapes() {
        let text = r#"machine h login "John Doe" password "a \"b\" c\\d\te\nf\rg\qh""#;
        let n = parse(text).unwrap();
        let e = n.lookup("h", None).unwrap();
        assert_eq!(e.login.as_deref(), Some("John Doe"));
        assert_eq!(e.password.as_deref(), Some("a \"b\" c\\d\te\nf\rgqh"));
        let n = parse(r#"machine "quoted.host" login "" password "p""#).unwrap();
        assert_eq!(n.lookup("quoted.host", None), Some(&entry(Some(""), Some("p"), None)));
    }

    #[test]
    fn quoted_keywords_are_values() {
        let n = parse(r#"machine h login "password" password "machine""#).unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("password"), Some("machine"), None)));
        // Quoted text in keyword position is not a keyword.
        assert_eq!(syntax_error(r#""machine" h"#).0, 1);
    }

    #[test]
    fn values_are_positional_even_if_keyword_like() {
        let n = parse("machine h login login password default").unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("login"), Some("default"), None)));
    }

    #[test]
    fn keywords_are_case_insensitive() {
        let n = parse("MACHINE h Login u PASSWORD p Account a").unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("u"), Some("p"), Some("a"))));
    }

    #[test]
    fn macdef_bodies_are_skipped() {
        let text = "machine h login u password p\n\
                    macdef init\n\
                    cd /pub\n\
                    machine evil login x password y\n\
                    bin\n\
                    \n\
                    machine after login a password b\n";
        let n = parse(text).unwrap();
        assert_eq!(n.lookup("h", None), Some(&entry(Some("u"), Some("p"), None)));
        assert_eq!(n.lookup("evil", None), None);
        assert_eq!(n.lookup("after", None), Some(&entry(Some("a"), Some("b"), None)));
    }

    #[test]
    fn macdef_edge_cases() {
        // Empty macro, whitespace-only terminator line, macro at end of file.
        let n = parse("macdef empty\n\nmachine h login u\n").unwrap();
        assert_eq!(n.lookup("h", None).unwrap().login.as_deref(), Some("u"));
        let n = parse("macdef m\nls\n  \t\r\nmachine h login u\n").unwrap();
        assert_eq!(n.lookup("h", None).unwrap().login.as_deref(), Some("u"));
        let n = parse("machine h login u\nmacdef last\nls\nquit").unwrap();
        assert_eq!(n.lookup("h", None).unwrap().login.as_deref(), Some("u"));
        let n = parse("machine h login u\nmacdef last").unwrap();
        assert_eq!(n.lookup("h", None).unwrap().login.as_deref(), Some("u"));
        // Line numbers keep counting through a macro body.
        assert_eq!(syntax_error("macdef m\none\ntwo\n\nlogin"), (5, "`login` with no value"));
    }

    #[test]
    fn credentials_after_macdef_need_a_new_entry() {
        assert_eq!(
            syntax_error("machine h\nmacdef m\nls\n\nlogin u"),
            (5, "credentials outside a `machine` or `default` entry")
        );
    }

    #[test]
    fn missing_values_name_the_keyword_and_line() {
        assert_eq!(syntax_error("machine h login"), (1, "`login` with no value"));
        assert_eq!(syntax_error("machine h\nlogin u\npassword\n\n"), (3, "`password` with no value"));
        assert_eq!(syntax_error("machine h account"), (1, "`account` with no value"));
        assert_eq!(syntax_error("\n\nmachine"), (3, "`machine` with no host name"));
        assert_eq!(syntax_error("macdef   # c\n"), (1, "`macdef` with no macro name"));
    }

    #[test]
    fn stray_tokens_are_errors() {
        assert_eq!(syntax_error("login u password p"), (1, "credentials outside a `machine` or `default` entry"));
        assert_eq!(
            syntax_error("machine h login u\npassword my secret\n"),
            (2, "unexpected token; expected machine, default, login, password, account or macdef")
        );
        assert_eq!(syntax_error("port 21").0, 1);
    }

    #[test]
    fn unterminated_quotes() {
        assert_eq!(syntax_error("machine h\npassword \"abc"), (2, "unterminated quoted string"));
        assert_eq!(syntax_error("machine h password \"abc\ndef\""), (1, "unterminated quoted string"));
        assert_eq!(syntax_error("machine h password \"abc\\"), (1, "unterminated quoted string"));
    }

    #[test]
    fn errors_never_contain_the_password() {
        for text in [
            "machine h login u password hunter2 extra",
            "machine h login u password hunter2 hunter2",
            "machine h login u password \"hunter2",
            "password hunter2",
        ] {
            let err = parse(text).unwrap_err();
            assert!(!err.to_string().contains("hunter2"), "{err}");
            assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
        }
    }

    #[test]
    fn syntax_error_display() {
        let err = parse("machine h login").unwrap_err();
        assert_eq!(err.to_string(), "netrc line 1: `login` with no value");
        assert!(std::error::Error::source(&err).is_none());
    }
}
