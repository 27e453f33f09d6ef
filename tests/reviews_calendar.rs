//! `reviews.ics`, as a calendar application reads it: the lines of the file are taken apart
//! by RFC 5545's own rules (CRLF line ends, folding at 75 octets, `name;params:value`, TEXT
//! escapes), and the events are those of the build's audience.

mod common;

use common::Handbook;

/// A handbook with an overdue review whose title and owner need escaping and folding, a
/// review due soon, a confidential document with a review and a page without one.
fn handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: Platform handbook\nbase_url: https://handbook.example.com/\n",
    );
    handbook.write("content/policies/backup.md", "---\ntitle: 'Backup, restore; and \\ recovery: données sauvegardées chaque nuit, gardées trente jours'\nkind: policy\nowner: 'platform, infra'\neffective: 2025-01-01\nreview_by: 2026-01-01\n---\nText.\n");
    handbook.write("content/policies/fresh.md", "---\ntitle: Fresh policy\nkind: policy\nowner: legal\neffective: 2025-01-01\nreview_by: 2026-12-31\n---\n");
    handbook.write("content/policies/secret.md", "---\ntitle: Merger plan\nkind: policy\nowner: cfo\nclassification: confidential\neffective: 2025-01-01\nreview_by: 2027-02-01\n---\n");
    handbook.write("content/about.md", "---\ntitle: About\n---\nNo review.\n");
    handbook
}

/// One content line: its name, parameters and raw (still escaped) value.
#[derive(Debug)]
struct ContentLine {
    name: String,
    params: Vec<String>,
    value: String,
}

/// Splits the file into physical lines (each ending in CRLF, none over 75 octets), unfolds
/// them (a line starting with a space or tab continues the one before, less that character)
/// and parses each as `name *(";" param) ":" value`. Also says whether any line was folded.
fn content_lines(calendar: &str) -> (Vec<ContentLine>, bool) {
    assert!(calendar.ends_with("\r\n"), "the last line ends in CRLF");
    let physical: Vec<&str> = calendar[..calendar.len() - 2].split("\r\n").collect();
    let mut unfolded: Vec<String> = Vec::new();
    let mut folded = false;
    for line in physical {
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        if let Some(rest) = line.strip_prefix([' ', '\t']) {
            unfolded
                .last_mut()
                .expect("a continuation follows a line")
                .push_str(rest);
            folded = true;
        } else {
            unfolded.push(line.to_string());
        }
    }
    let lines = unfolded
        .iter()
        .map(|line| {
            let (head, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("no `:` in {line:?}"));
            let mut parts = head.split(';');
            let name = parts.next().unwrap().to_string();
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "a property name is letters, digits and dashes: {name:?}"
            );
            ContentLine {
                name,
                params: parts.map(str::to_string).collect(),
                value: value.to_string(),
            }
        })
        .collect();
    (lines, folded)
}

/// A TEXT value read back: `\\`, `\;`, `\,`, `\n`/`\N`; a `,` or `;` not escaped is a list
/// separator, which a single text must not have.
fn unescape_text(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(escaped @ ('\\' | ';' | ',')) => out.push(escaped),
                other => panic!("`\\{other:?}` is no TEXT escape in {raw:?}"),
            },
            ',' | ';' => panic!("an unescaped `{c}` in the TEXT {raw:?}"),
            c => out.push(c),
        }
    }
    out
}

/// The events of the calendar, each as its content lines.
fn events(lines: &[ContentLine]) -> Vec<&[ContentLine]> {
    assert_eq!(
        (lines[0].name.as_str(), lines[0].value.as_str()),
        ("BEGIN", "VCALENDAR")
    );
    let last = lines.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.value.as_str()),
        ("END", "VCALENDAR")
    );
    assert!(lines
        .iter()
        .any(|l| l.name == "VERSION" && l.value == "2.0"));
    assert!(lines.iter().any(|l| l.name == "PRODID"));
    let mut events = Vec::new();
    let mut start = None;
    for (index, line) in lines.iter().enumerate() {
        match (line.name.as_str(), line.value.as_str(), start) {
            ("BEGIN", "VEVENT", None) => start = Some(index + 1),
            ("END", "VEVENT", Some(from)) => {
                events.push(&lines[from..index]);
                start = None;
            }
            ("BEGIN" | "END", "VEVENT", _) => panic!("VEVENTs are not nested"),
            _ => {}
        }
    }
    events
}

fn property<'a>(event: &'a [ContentLine], name: &str) -> &'a ContentLine {
    let found: Vec<&ContentLine> = event.iter().filter(|l| l.name == name).collect();
    assert_eq!(found.len(), 1, "{name} once in {event:?}");
    found[0]
}

#[test]
fn reviews_ics_has_an_all_day_event_per_review_that_rfc_5545_reads_back() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let calendar = std::fs::read_to_string(handbook.public().join("reviews.ics")).unwrap();
    let (lines, folded) = content_lines(&calendar);
    assert!(folded, "the long title is folded");
    let events = events(&lines);
    assert_eq!(
        events.len(),
        2,
        "two reviews for the internal audience:\n{calendar}"
    );
    let mut uids: Vec<&str> = events
        .iter()
        .map(|e| property(e, "UID").value.as_str())
        .collect();
    uids.dedup();
    assert_eq!(uids.len(), 2);

    let backup = events[0];
    assert_eq!(
        unescape_text(&property(backup, "SUMMARY").value),
        "Overdue review: Backup, restore; and \\ recovery: données sauvegardées chaque nuit, gardées trente jours"
    );
    let start = property(backup, "DTSTART");
    assert_eq!(
        (start.params.as_slice(), start.value.as_str()),
        (&["VALUE=DATE".to_string()][..], "20260101")
    );
    let end = property(backup, "DTEND");
    assert_eq!(
        (end.params.as_slice(), end.value.as_str()),
        (&["VALUE=DATE".to_string()][..], "20260102")
    );
    assert_eq!(property(backup, "DTSTAMP").value, "20261128T000000Z");
    assert_eq!(
        property(backup, "URL").value,
        "https://handbook.example.com/policies/backup.html"
    );
    let description = unescape_text(&property(backup, "DESCRIPTION").value);
    assert_eq!(
        description,
        "Owner: platform, infra\nDue: 2026-01-01\nOverdue by 331 days\nPage: https://handbook.example.com/policies/backup.html"
    );

    let fresh = events[1];
    assert_eq!(
        unescape_text(&property(fresh, "SUMMARY").value),
        "Review: Fresh policy"
    );
    assert_eq!(property(fresh, "DTSTART").value, "20261231");
    assert_eq!(
        property(fresh, "DTEND").value,
        "20270101",
        "the end of an all-day event is the next day"
    );
    assert!(
        !calendar.contains("Merger"),
        "a confidential review stays out of an internal build"
    );
}

#[test]
fn reviews_ics_follows_the_audience_of_the_build() {
    let handbook = handbook();
    handbook
        .run(&["build", "--audience", "confidential"])
        .assert_code(0);
    let calendar = std::fs::read_to_string(handbook.public().join("reviews.ics")).unwrap();
    let (lines, _) = content_lines(&calendar);
    let summaries: Vec<String> = events(&lines)
        .iter()
        .map(|e| unescape_text(&property(e, "SUMMARY").value))
        .collect();
    assert_eq!(summaries.len(), 3);
    assert_eq!(summaries[2], "Review: Merger plan");
    assert!(handbook.public().join("owners/cfo/reviews.ics").is_file());

    let public = Handbook::new();
    public.write("northstar.yaml", "title: Public\n");
    public.write("content/policies/secret.md", "---\ntitle: Merger plan\nkind: policy\nowner: cfo\nclassification: confidential\neffective: 2025-01-01\nreview_by: 2027-02-01\n---\n");
    public
        .run(&["build", "--audience", "public"])
        .assert_code(0);
    let calendar = std::fs::read_to_string(public.public().join("reviews.ics")).unwrap();
    let (lines, _) = content_lines(&calendar);
    assert!(events(&lines).is_empty(), "no event:\n{calendar}");
}

#[test]
fn each_owner_has_a_calendar_of_their_reviews_beside_their_page() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let read = |owner: &str| -> Vec<ContentLine> {
        let path = handbook
            .public()
            .join(format!("owners/{owner}/reviews.ics"));
        let calendar =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        content_lines(&calendar).0
    };
    let platform = read("platform-infra");
    assert!(handbook
        .public()
        .join("owners/platform-infra.html")
        .is_file());
    assert_eq!(
        unescape_text(&property(&platform, "X-WR-CALNAME").value),
        "Platform handbook — reviews of platform, infra"
    );
    let events_of = |lines: &[ContentLine]| -> Vec<String> {
        events(lines)
            .iter()
            .map(|e| unescape_text(&property(e, "SUMMARY").value))
            .collect()
    };
    assert_eq!(events_of(&platform).len(), 1);
    assert!(events_of(&platform)[0].starts_with("Overdue review: Backup"));
    assert_eq!(events_of(&read("legal")), ["Review: Fresh policy"]);
    assert!(
        !handbook.public().join("owners/cfo").exists(),
        "no calendar for the owner of a confidential document in an internal build"
    );
}
