//! The manual's reference pages are held true to the program: the command-line page describes
//! every command, flag, value, default and exit code that `--help` and the source have; the
//! diagnostic-codes page has a section for every code the source reports; the configuration
//! page lists every key `northstar.yaml` accepts.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::manual::{northstar, northstar_in, read, repository};

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

/// One option as `--help` lists it.
#[derive(Debug)]
struct HelpOption {
    /// `--port`, and `-p` when it has a short form.
    spellings: Vec<String>,
    /// The values it accepts, when `--help` lists them.
    values: Vec<String>,
    default: Option<String>,
}

/// What `northstar [COMMAND] --help` says.
#[derive(Debug, Default)]
struct Help {
    commands: Vec<String>,
    arguments: Vec<String>,
    options: Vec<HelpOption>,
}

/// Reads clap's help text, short or long form.
fn help_of(command: Option<&str>) -> Help {
    let mut args: Vec<&str> = command.into_iter().collect();
    args.push("--help");
    let run = northstar(&args);
    run.assert_code(0);
    let option_line = regex::Regex::new(r"^\s+(?:(-[A-Za-z]), )?(--[a-z][a-z-]*)").unwrap();
    let argument_line = regex::Regex::new(r"^\s+[<\[]([A-Z]+)[>\]]").unwrap();
    let command_line = regex::Regex::new(r"^  ([a-z]+)\s").unwrap();
    let default = regex::Regex::new(r"\[default: ([^\]]+)\]").unwrap();
    let listed_values = regex::Regex::new(r"\[possible values: ([^\]]+)\]").unwrap();
    let described_value = regex::Regex::new(r"^\s+- ([a-z]+):").unwrap();
    let mut help = Help::default();
    let mut part = "";
    for line in run.stdout.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            part = line;
            continue;
        }
        match part {
            "Commands:" => {
                if let Some(found) = command_line.captures(line) {
                    help.commands.push(found[1].to_string());
                }
            }
            "Arguments:" => {
                if let Some(found) = argument_line.captures(line) {
                    help.arguments.push(found[1].to_string());
                }
            }
            "Options:" => {
                if let Some(found) = option_line.captures(line) {
                    let spellings = [found.get(1), found.get(2)]
                        .into_iter()
                        .flatten()
                        .map(|m| m.as_str().to_string())
                        .collect();
                    help.options.push(HelpOption {
                        spellings,
                        values: Vec::new(),
                        default: None,
                    });
                }
                let Some(option) = help.options.last_mut() else {
                    continue;
                };
                if let Some(found) = default.captures(line) {
                    option.default = Some(found[1].to_string());
                }
                if let Some(found) = listed_values.captures(line) {
                    option
                        .values
                        .extend(found[1].split(", ").map(str::to_string));
                }
                if let Some(found) = described_value.captures(line) {
                    option.values.push(found[1].to_string());
                }
            }
            _ => {}
        }
    }
    help
}

/// The sections of a Markdown page, by their heading of `level` (`## `, `### `): each
/// heading's text with everything up to the next heading of that level or above.
fn sections(page: &str, level: &str) -> Vec<(String, String)> {
    let depth = level.trim_end().len();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_fence = false;
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        let is_heading = !in_fence && hashes > 0 && line[hashes..].starts_with(' ');
        if is_heading && hashes == depth {
            out.push((line[hashes..].trim().to_string(), String::new()));
        } else if is_heading && hashes < depth {
            out.push((String::new(), String::new()));
        } else if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out.retain(|(title, _)| !title.is_empty());
    out
}

/// Whether `text` writes `token` as code: `` `--port` ``, `` `--port PORT` ``, `` `--a=b` ``.
fn writes_as_code(text: &str, token: &str) -> bool {
    let opening = format!("`{token}");
    text.match_indices(&opening).any(|(at, _)| {
        matches!(
            text[at + opening.len()..].chars().next(),
            Some('`' | ' ' | '=')
        )
    })
}

/// What `section` fails to describe of `option`.
fn undescribed(option: &HelpOption, section: &str) -> Vec<String> {
    let mut missing: Vec<String> = option
        .spellings
        .iter()
        .filter(|spelling| !writes_as_code(section, spelling))
        .cloned()
        .collect();
    let name = &option.spellings[option.spellings.len() - 1];
    for value in &option.values {
        if !section.contains(&format!("`{value}`")) {
            missing.push(format!("{name}'s value `{value}`"));
        }
    }
    if let Some(default) = &option.default {
        if !section.contains(&format!("`{default}`")) {
            missing.push(format!("{name}'s default `{default}`"));
        }
    }
    missing
}

const COMMAND_LINE_PAGE: &str = "docs/content/reference/command-line.md";

/// Every command, argument, flag, accepted value and default that `northstar --help` and
/// each command's `--help` print is described on the command-line page, in the section of
/// its command (global options in "Global options"); and every flag the page names exists.
#[test]
fn the_command_line_page_describes_every_command_and_flag() {
    let page = read(COMMAND_LINE_PAGE);
    let sections = sections(&page, "## ");
    let section = |title: &str| -> &str {
        sections
            .iter()
            .find(|(heading, _)| heading == title)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("{COMMAND_LINE_PAGE} has no section `## {title}`"))
    };
    let top = help_of(None);
    let commands: Vec<&String> = top.commands.iter().filter(|c| *c != "help").collect();
    assert!(
        commands.len() >= 6,
        "commands read from --help: {commands:?}"
    );
    assert!(top.options.len() >= 5, "options read from --help: {top:?}");

    let mut missing = Vec::new();
    let globals = section("Global options");
    for option in &top.options {
        missing.extend(
            undescribed(option, globals)
                .into_iter()
                .map(|m| format!("Global options: {m}")),
        );
    }
    let global_spellings: BTreeSet<&String> =
        top.options.iter().flat_map(|o| &o.spellings).collect();
    let mut every_spelling: BTreeSet<String> =
        global_spellings.iter().map(|s| s.to_string()).collect();
    for command in &commands {
        let title = format!("`northstar {command}`");
        let text = section(&title);
        let help = help_of(Some(command));
        for argument in &help.arguments {
            if !text.contains(&format!("`{argument}`")) {
                missing.push(format!("{title}: the argument `{argument}`"));
            }
        }
        for option in &help.options {
            every_spelling.extend(option.spellings.iter().cloned());
            if option
                .spellings
                .iter()
                .any(|s| global_spellings.contains(s))
            {
                continue;
            }
            missing.extend(
                undescribed(option, text)
                    .into_iter()
                    .map(|m| format!("{title}: {m}")),
            );
        }
    }
    assert!(
        missing.is_empty(),
        "{COMMAND_LINE_PAGE} does not describe:\n{}",
        missing.join("\n")
    );

    let documented_commands: BTreeSet<&str> = sections
        .iter()
        .filter_map(|(heading, _)| heading.strip_prefix("`northstar "))
        .map(|rest| rest.trim_end_matches('`'))
        .collect();
    let real_commands: BTreeSet<&str> = commands.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        documented_commands, real_commands,
        "commands with a section"
    );
    let flag = regex::Regex::new(r"`(--[a-z][a-z-]*)").unwrap();
    let unknown: BTreeSet<&str> = flag
        .captures_iter(&page)
        .map(|found| found.get(1).unwrap().as_str())
        .filter(|spelling| !every_spelling.contains(*spelling))
        .collect();
    assert!(
        unknown.is_empty(),
        "{COMMAND_LINE_PAGE} names flags northstar does not have: {unknown:?}"
    );
}

/// The exit codes of the source (`EXIT_*` in src/cli/mod.rs) are the rows of the page's
/// table of exit codes, no more and no fewer.
#[test]
fn the_command_line_page_lists_every_exit_code() {
    let source = read("src/cli/mod.rs");
    let constant = regex::Regex::new(r"pub const EXIT_[A-Z_]+: u8 = (\d+);").unwrap();
    let in_source: BTreeSet<String> = constant
        .captures_iter(&source)
        .map(|found| found[1].to_string())
        .collect();
    assert!(
        in_source.len() >= 3,
        "exit codes in the source: {in_source:?}"
    );
    let page = read(COMMAND_LINE_PAGE);
    let (_, table) = sections(&page, "## ")
        .into_iter()
        .find(|(heading, _)| heading == "Exit codes")
        .expect("a section `## Exit codes`");
    let row = regex::Regex::new(r"(?m)^\| (\d+) \|").unwrap();
    let documented: BTreeSet<String> = row
        .captures_iter(&table)
        .map(|found| found[1].to_string())
        .collect();
    assert_eq!(
        documented, in_source,
        "exit codes documented and in src/cli/mod.rs"
    );
}

// ---------------------------------------------------------------------------------------------
// Diagnostic codes
// ---------------------------------------------------------------------------------------------

/// Every `.rs` file under src/, with its text and its path for messages.
fn source_files() -> Vec<(String, String)> {
    common::walkdir(&repository().join("src"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let shown = path
                .strip_prefix(repository())
                .unwrap()
                .display()
                .to_string();
            (shown, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The text from `open` (just after an opening parenthesis) to its closing parenthesis,
/// skipping string literals and nested brackets.
fn up_to_closing_parenthesis(text: &str, open: usize) -> &str {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = open;
    let mut in_string = false;
    while index < bytes.len() {
        match (in_string, bytes[index]) {
            (true, b'\\') => index += 1,
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, b'(' | b'[' | b'{') => depth += 1,
            (false, b')' | b']' | b'}') if depth == 0 => return &text[open..index],
            (false, b')' | b']' | b'}') => depth -= 1,
            _ => {}
        }
        index += 1;
    }
    panic!("no closing parenthesis after byte {open}")
}

/// The arguments of a call, split at its top-level commas.
fn arguments(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match (in_string, bytes[index]) {
            (true, b'\\') => index += 1,
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, b'(' | b'[' | b'{' | b'<') => depth += 1,
            (false, b')' | b']' | b'}' | b'>') => depth = depth.saturating_sub(1),
            (false, b',') if depth == 0 => {
                out.push(list[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    if !list[start..].trim().is_empty() {
        out.push(list[start..].trim());
    }
    out
}

/// The code-shaped string literals (`"broken-link"`) in `text`.
fn code_literals(text: &str) -> Vec<String> {
    let literal = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9]+)*)""#).unwrap();
    literal
        .captures_iter(text)
        .map(|found| found[1].to_string())
        .collect()
}

/// Every diagnostic code in the source. A diagnostic's code is set by `.code(…)` (see
/// src/model/diagnostics.rs), whose argument is a string literal or an expression of literals;
/// or it is a parameter `code: &'static str` of a helper (`fn report(&mut self, code:
/// &'static str, …)`), whose callers pass literals; or it is the default, `code: "general"`.
/// Anything else fails here, so no code can be added without this test seeing it.
fn codes_in_the_source() -> BTreeSet<String> {
    let files = source_files();
    let call = regex::Regex::new(r"\.code\(").unwrap();
    let field = regex::Regex::new(r#"\bcode: "([a-z][a-z0-9-]*)""#).unwrap();
    let function = regex::Regex::new(r"\bfn ([a-z_][a-z0-9_]*)(?:<[^>]*>)?\(").unwrap();
    let mut codes = BTreeSet::new();
    for (path, text) in &files {
        codes.extend(field.captures_iter(text).map(|found| found[1].to_string()));
        for found in call.find_iter(text) {
            let argument = up_to_closing_parenthesis(text, found.end());
            let literals = code_literals(argument);
            if !literals.is_empty() {
                codes.extend(literals);
                continue;
            }
            let line = text[..found.start()].lines().count();
            let parameter = argument.trim();
            let helper = function
                .captures_iter(&text[..found.start()])
                .last()
                .unwrap_or_else(|| panic!("{path}:{line}: `.code({parameter})` outside a fn"));
            let name = helper.get(1).unwrap().as_str();
            let parameters = up_to_closing_parenthesis(text, helper.get(0).unwrap().end());
            let position = arguments(parameters)
                .into_iter()
                .filter(|p| !p.ends_with("self"))
                .position(|p| p.replace(' ', "") == format!("{parameter}:&'staticstr"))
                .unwrap_or_else(|| {
                    panic!(
                        "{path}:{line}: `.code({parameter})`: write the code as a string literal, or \
                         take it as a `{parameter}: &'static str` parameter, so that this test finds it"
                    )
                });
            // Such helpers are private to their file: their callers are there.
            let caller = regex::Regex::new(&format!(r"[.\s(]{name}\(")).unwrap();
            let mut callers = 0;
            for call in caller.find_iter(text) {
                if text[..call.start() + 1].ends_with("fn ") {
                    continue;
                }
                let passed = arguments(up_to_closing_parenthesis(text, call.end()));
                match passed.get(position).map(|a| code_literals(a)) {
                    Some(literals) if !literals.is_empty() => codes.extend(literals),
                    _ => panic!(
                        "{path}: a call of `{name}` passes its code as {:?}: write it as a string literal",
                        passed.get(position)
                    ),
                }
                callers += 1;
            }
            assert!(
                callers > 0,
                "{path}: `{name}` sets a code but is never called"
            );
        }
    }
    codes
}

const DIAGNOSTICS_PAGE: &str = "docs/content/reference/diagnostics.md";

/// Every diagnostic code in the source has a section `### \`code\`` on the diagnostic-codes
/// page, with an example (a fenced block) and its fix (**Fix:**), and is listed in the page's
/// overview; and the page documents no code the source does not have.
#[test]
fn the_diagnostics_page_explains_every_code_in_the_source() {
    let in_source = codes_in_the_source();
    for known in [
        "broken-link",
        "excluded-link",
        "wrong-type",
        "general",
        "config",
    ] {
        assert!(in_source.contains(known), "{known} read from the source");
    }
    let page = read(DIAGNOSTICS_PAGE);
    let entries: Vec<(String, String)> = sections(&page, "### ")
        .into_iter()
        .filter_map(|(heading, text)| {
            let code = heading.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_string(), text))
        })
        .collect();
    let documented: BTreeSet<String> = entries.iter().map(|(code, _)| code.clone()).collect();
    let undocumented: Vec<&String> = in_source.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "{DIAGNOSTICS_PAGE} has no section `### \\`code\\`` for these codes of src/: {undocumented:?}"
    );
    let gone: Vec<&String> = documented.difference(&in_source).collect();
    assert!(
        gone.is_empty(),
        "{DIAGNOSTICS_PAGE} documents codes that src/ no longer reports: {gone:?}"
    );
    let overview = &page[..page.find("\n## ").expect("the page has sections")];
    for (code, text) in &entries {
        assert!(text.contains("\n```"), "`{code}` has no example");
        assert!(text.contains("**Fix:**"), "`{code}` has no **Fix:**");
        assert!(
            overview.contains(&format!("`{code}`")),
            "`{code}` is not in the page's overview table"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration keys
// ---------------------------------------------------------------------------------------------

/// The message and hint `check --format json` gives for a handbook configured by `yaml`.
fn configuration_error(yaml: &str) -> Option<String> {
    let handbook = tempfile::tempdir().unwrap();
    fs::create_dir(handbook.path().join("content")).unwrap();
    fs::write(handbook.path().join("northstar.yaml"), yaml).unwrap();
    let run = northstar_in(handbook.path(), &["check", "--format", "json"]);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).ok()?;
    let first = diagnostics.first()?;
    Some(first["message"].as_str().unwrap_or_default().to_string())
}

/// The keys an "unknown field `nosuch`, expected one of `a`, `b`" error lists.
fn keys_expected(message: &str) -> Vec<String> {
    let Some((_, expected)) = message.split_once("unknown field `nosuch`, expected ") else {
        return Vec::new();
    };
    let key = regex::Regex::new(r"`([a-z_]+)`").unwrap();
    key.captures_iter(expected)
        .map(|found| found[1].to_string())
        .collect()
}

const CONFIGURATION_PAGE: &str = "docs/content/reference/configuration.md";

/// Every key `northstar.yaml` accepts, as northstar itself names them when it meets an
/// unknown one, appears on the configuration page: `` `title` ``, `` `review.overdue` ``,
/// `` `kinds.<name>.label` ``, `` `kinds.<name>.fields.<field>.min` ``.
#[test]
fn the_configuration_page_lists_every_key() {
    let top = keys_expected(&configuration_error("nosuch: 1\n").expect("an error"));
    assert!(top.len() >= 15, "top-level keys: {top:?}");
    let mut keys: Vec<String> = top.clone();
    for key in top.iter().filter(|key| *key != "kinds") {
        // `repository` is read only with its url.
        let yaml = match key.as_str() {
            "repository" => format!("{key}: {{url: 'https://example.com', nosuch: 1}}\n"),
            _ => format!("{key}: {{nosuch: 1}}\n"),
        };
        let nested = configuration_error(&yaml)
            .map(|message| keys_expected(&message))
            .unwrap_or_default();
        keys.extend(nested.into_iter().map(|sub| format!("{key}.{sub}")));
    }
    let kind = keys_expected(&configuration_error("kinds: {x: {nosuch: 1}}\n").unwrap());
    assert!(kind.contains(&"fields".to_string()), "kind keys: {kind:?}");
    keys.extend(kind.iter().map(|sub| format!("kinds.<name>.{sub}")));
    let field = keys_expected(
        &configuration_error("kinds: {x: {fields: {f: {type: text, nosuch: 1}}}}\n").unwrap(),
    );
    assert!(field.contains(&"type".to_string()), "field keys: {field:?}");
    keys.extend(
        field
            .iter()
            .map(|sub| format!("kinds.<name>.fields.<field>.{sub}")),
    );
    for nested in [
        "review.overdue",
        "audiences.dangling",
        "repository.edit_url",
    ] {
        assert!(
            keys.contains(&nested.to_string()),
            "{nested} among {keys:?}"
        );
    }

    let page = read(CONFIGURATION_PAGE);
    let missing: Vec<&String> = keys
        .iter()
        .filter(|key| !page.contains(&format!("`{key}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "{CONFIGURATION_PAGE} does not list these keys of northstar.yaml: {missing:?}"
    );
}
