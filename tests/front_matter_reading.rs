//! The quick front-matter reader (`frontmatter::simple`) gives exactly what the YAML library
//! gives whenever it answers: on tricky lines written here, on generated front matter, and on
//! every file of the sample handbook and the public corpora in ../shared/corpora. It must
//! also answer for most real files, or it saves nothing.

mod common;

use northstar::stages::frontmatter::{self, simple, Value};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// `Ok(true)` when the quick reader answered and agrees with the library, `Ok(false)` when
/// it left the text to the library, `Err` when it answered something else.
fn agrees(yaml: &str) -> Result<bool, String> {
    let Some(quick) = simple::mapping(yaml) else {
        return Ok(false);
    };
    let library: Result<Value, _> = serde_yaml::from_str(yaml);
    match library {
        Ok(value) if value == Value::Mapping(quick.clone()) => Ok(true),
        Ok(value) => Err(format!(
            "{yaml:?}\n  quick:   {quick:?}\n  library: {value:?}"
        )),
        Err(error) => Err(format!(
            "{yaml:?}\n  quick:   {quick:?}\n  library refused it: {error}"
        )),
    }
}

#[test]
fn reads_the_usual_front_matter() {
    let yaml = "title: \"Vendor Selection Policy\"\ndate: 2024-11-28\nweight: 464\n\
        summary: 'Who may buy what, and how.'\ntags: [ai, governance, vendor]\nkind: policy\n\
        status: approved\nowner: infra-team\nreview_by: 2025-11-28\nsupports: []\n\
        supersedes:\n  - old-policy\n  - \"Older policy\"\nreplaces:\n- a\n- b\n\
        # a comment line\n\nnotes:\ntitle_fr: Politique de sélection\n";
    assert_eq!(agrees(yaml), Ok(true));
    let map = simple::mapping(yaml).unwrap();
    assert_eq!(map.get("weight"), Some(&Value::Number(464.into())));
    assert_eq!(map.get("date"), Some(&Value::String("2024-11-28".into())));
    assert_eq!(map.get("notes"), Some(&Value::Null));
    assert_eq!(map.len(), 14);
}

#[test]
fn leaves_what_it_is_not_sure_of_to_the_library() {
    for yaml in [
        "title: a # comment",
        "title: \"a \\\" b\"",
        "title: 'it''s'",
        "nested:\n  key:\n    deeper: value",
        "nested:\n  key: value\n    deeper: value",
        "weight: -5",
        "weight: 1.5",
        "weight: 0755",
        "weight: 1_000",
        "title: &anchor a\nother: *anchor",
        "title: !tag a",
        "body: |\n  text",
        "summary: a long\n  continued line",
        "title: a\ntitle: b",
        "true: yes",
        "Null: x",
        "\"quoted key\": a",
        "tags: [a, [b]]",
        "tags: [\"a,b\"]",
        "tags: [a, ]",
        "tags:\n  - a\n    - b",
        "tags:\n  - a\n - b",
        "tags:\n  -a",
        "title:\ta",
        "key:value",
        "# only a comment",
        "title: \"never closed\n  still\"",
        "title: a\u{2028}b",
    ] {
        assert_eq!(agrees(yaml), Ok(false), "{yaml:?}");
    }
}

#[test]
fn resolves_words_and_numbers_as_the_library_does() {
    for yaml in [
        "a: yes\nb: no\nc: on\nd: off\ne: y",
        "a: inf\nb: nan\nc: infra-team\nd: Infinity\ne: NaN",
        "a: 0\nb: 18446744073709551615\nc: 2024-1-2\nd: 1-\ne: 12--3",
        "a: True",
        "a: ~",
        "a:\nb: c",
        "a: \"\"\nb: ''\nc: []\nd: [ ]",
        "a: café au lait\nb: Ünïcödé\nc: \"日本語 — «quotes»\"",
        "a: x  y\nb: [x y, z]\nc: a, b, c\nd: (draft) v2 / 2024",
        "a: e5\nb: E\nc: x1e5",
        "a: 12 months\nb: 1x\nc: 0x1G\nd: 1e5 z\ne: 10:30\nf: https://example.com",
        "a: it's \"here\"\nb: a & b | c > d\nc: x [y] {z}\nd: a@b `c` 50% !\ne: C:\\dir",
    ] {
        let read = agrees(yaml);
        assert!(read.is_ok(), "{}", read.unwrap_err());
    }
    // The word lists above are all read quickly except for the null and boolean spellings.
    assert_eq!(agrees("a: yes\nb: no\nc: on\nd: off\ne: y"), Ok(true));
    assert_eq!(
        agrees("a: inf\nb: nan\nc: infra-team\nd: Infinity\ne: NaN"),
        Ok(true)
    );
    let map = simple::mapping("a: True\nb: NULL\nc: tRUE\nd: false").unwrap();
    let values: Vec<&Value> = map.values().collect();
    assert_eq!(
        values,
        [
            &Value::Bool(true),
            &Value::Null,
            &Value::String("tRUE".into()),
            &Value::Bool(false)
        ]
    );
    assert_eq!(agrees("a: True\nb: NULL\nc: tRUE\nd: false"), Ok(true));
    // As keys, those spellings are not text: left to the library.
    assert_eq!(agrees("True: a"), Ok(false));
}

/// Front matter made of lines that are each either common or a known trap.
fn front_matter() -> impl Strategy<Value = String> {
    let key =
        prop::sample::select(&["title", "tags", "weight", "date", "a_b", "x-y", "true", "k"][..]);
    let common = prop::sample::select(
        &[
            "plain words",
            "Tomasz Wróbel",
            "\"Quoted title\"",
            "[a, b c]",
            "[]",
            "464",
            "2024-11-28",
            "a.md#b",
            "https://x.y/z",
            "10:30",
            "a, b",
        ][..],
    );
    let trap = prop::sample::select(
        &[
            "",
            " ",
            "plain words",
            "\"quoted: yes\"",
            "'single'",
            "\"\"",
            "[a, b]",
            "[]",
            "[a, [b]]",
            "12",
            "012",
            "-3",
            "+4",
            "1.5",
            "1e3",
            "2024-11-28",
            "2024-11-28T10:00:00",
            "null",
            "Null",
            "~",
            "True",
            "false",
            "yes",
            "a # c",
            "a#c",
            "a: b",
            "http://x.y",
            "&a v",
            "*a",
            "!t v",
            "|",
            ">",
            "\"a\\nb\"",
            "'it''s'",
            "é",
            "\u{85}",
            "\u{a0}x",
            "a\u{2029}",
            "[\"a\", 'b']",
            "[a, ]",
            "[a,b]",
            "- a",
            "@x",
            "`x`",
            "%x",
            "{a: b}",
            "a, b",
            "0x1F",
            "0o7",
            ".inf",
            "-.inf",
            ".nan",
            "inf",
            "18446744073709551616",
            "99999999999999999999999",
            "a #b",
            "#b",
            "a:",
            "a: ",
            "12 months",
            "1 2",
            "1x",
            "0b101",
            "1e5",
            "2 e",
            "a 'b'",
            "a [b]",
            "a {b: c}",
            "a \"b\"",
            "a\\b",
            "[a:b]",
            "[a 'b']",
            "[a \"b\"]",
            "[a&b]",
            "[a#b]",
            "a:#",
            "x:y:z",
            "[a, b] # c",
            "a.md #b",
        ][..],
    );
    let value = prop_oneof![3 => common, 2 => trap];
    let line = prop_oneof![
        6 => (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k}: {v}")),
        2 => (key.clone(), value).prop_map(|(k, v)| format!("{k}:{v}")),
        2 => prop::sample::select(&["- a", "  - b", "- \"c\"", "  -", "    - d", "  key: v", "# note", "", "   ", "  more text", "\t- e", "-", "  k: v", "  k: [a]", "  k:", "    k: v", "  k: v: w", "  - a: b"][..]).prop_map(str::to_string),
        1 => key.prop_map(|k| format!("{k}:")),
    ];
    prop::collection::vec(line, 1..8).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_library_on_generated_front_matter(yaml in front_matter()) {
        if let Err(message) = agrees(&yaml) {
            prop_assert!(false, "{}", message);
        }
    }
}

#[test]
fn the_generated_front_matter_is_often_read_quickly() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = front_matter();
    let read = (0..2000)
        .filter(|_| simple::mapping(&strategy.new_tree(&mut runner).unwrap().current()).is_some())
        .count();
    eprintln!("generated: read quickly {read} of 2000");
    assert!(read > 150, "only {read} of 2000 read quickly");
}

/// The sample handbook, the corpora and any folder named by `MORE_MARKDOWN`; with
/// `SHOW_UNREAD=1` (and `--nocapture`) it prints the front matter of each file left to the
/// library, which is where to look for the next form worth reading quickly.
#[test]
fn agrees_with_the_library_on_real_handbooks() {
    let (files, sample) = common::real_markdown_files();
    let (mut with_front_matter, mut read, mut sample_read) = (0, 0, 0);
    for (index, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file)
            .unwrap_or_default()
            .replace("\r\n", "\n");
        let Some(yaml) = frontmatter::yaml_block(&text) else {
            continue;
        };
        with_front_matter += 1;
        match agrees(yaml) {
            Ok(true) => {
                read += 1;
                sample_read += usize::from(index < sample);
            }
            Ok(false) => {
                if std::env::var_os("SHOW_UNREAD").is_some() {
                    eprintln!("unread: {}\n{yaml}", file.display());
                }
            }
            Err(message) => panic!("{}: {message}", file.display()),
        }
    }
    eprintln!("read quickly: {read} of {with_front_matter} front matters");
    assert!(
        sample_read * 10 > sample * 9,
        "the quick reader reads most of the sample ({sample_read} of {sample})"
    );
}
