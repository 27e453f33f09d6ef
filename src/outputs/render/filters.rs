//! Template filters the default theme's badges use: a status's key, tone and label, and a
//! kind's label; and `count`, a number with its noun ("1 risk", "3 risks"). Working these out in a template meant building lists of strings for every
//! badge, which took a tenth of a build's time on a large handbook.

use tera::{Kwargs, State, Tera};

/// Statuses by tone; a status not listed has the tone `neutral`. The tones are CSS classes
/// (`tone-positive` …) in the default theme's style.css.
#[rustfmt::skip]
const TONES: [(&str, &[&str]); 5] = [
    (
        "positive",
        &[
            "approved", "accepted", "active", "adopted", "adopt", "published", "current",
            "final", "effective", "in-force", "enforced", "done", "complete", "completed",
            "implemented", "live", "ratified", "stable", "mitigated", "resolved",
        ],
    ),
    (
        "progress",
        &[
            "proposed", "proposal", "in-review", "review", "under-review", "trial",
            "in-progress", "planned", "open", "rfc", "consultation", "pilot", "wip", "next",
            "now", "later", "mitigating", "monitoring",
        ],
    ),
    (
        "caution",
        &[
            "draft", "assess", "pending", "on-hold", "at-risk", "needs-review", "expiring",
            "overdue", "experimental", "exception",
        ],
    ),
    (
        "critical",
        &["hold", "rejected", "withdrawn", "blocked", "expired", "revoked", "breached"],
    ),
    (
        "inactive",
        &[
            "deprecated", "superseded", "retired", "archived", "obsolete", "sunset",
            "replaced", "inactive", "cancelled", "canceled", "closed",
        ],
    ),
];

/// Kinds written as acronyms: their label is upper-cased.
const ACRONYMS: [&str; 7] = ["adr", "rfc", "okr", "sla", "slo", "kpi", "raci"];

/// Adds `status_key`, `status_tone`, `status_label`, `kind_label` and `count` to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("status_key", |s: &str, _: Kwargs, _: &State| status_key(s));
    tera.register_filter("status_tone", |s: &str, _: Kwargs, _: &State| {
        status_tone(&status_key(s))
    });
    tera.register_filter("status_label", |s: &str, _: Kwargs, _: &State| {
        label(s.trim())
    });
    tera.register_filter("kind_label", |s: &str, _: Kwargs, _: &State| kind_label(s));
    // `{{ n | count(one="risk") }}`: "1 risk", "3 risks" (`many=` for an irregular plural).
    tera.register_filter("count", |n: u64, kwargs: Kwargs, _: &State| {
        let one: String = kwargs.must_get("one")?;
        let many: Option<String> = kwargs.get("many")?;
        let many = many.unwrap_or_else(|| crate::util::words::plural(&one));
        tera::TeraResult::Ok(crate::util::words::count(n as usize, &one, &many))
    });
    tera.register_filter("safe", safe);
}

/// Tera's `safe`, without copying a string: the built-in one copies its text into a new
/// value, which for `page.content` is the whole body of every page. A string is marked safe
/// as it is (its text is shared); anything else is printed and marked, as Tera does.
fn safe(value: tera::Value, _: Kwargs, _: &State) -> tera::Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// `In Review` → `in-review`: lower case, spaces and underscores as hyphens.
pub fn status_key(status: &str) -> String {
    status.trim().to_lowercase().replace([' ', '_'], "-")
}

/// The tone of a status key: `positive`, `progress`, `caution`, `critical`, `inactive` or
/// `neutral`.
pub fn status_tone(key: &str) -> &'static str {
    TONES
        .iter()
        .find(|(_, statuses)| statuses.contains(&key))
        .map_or("neutral", |(tone, _)| tone)
}

/// `tech-radar` → `Tech radar`, `adr` → `ADR`; a label with capitals is kept as written.
pub fn kind_label(kind: &str) -> String {
    let text = kind.replace(['-', '_'], " ");
    if ACRONYMS.contains(&text.to_lowercase().as_str()) {
        text.to_uppercase()
    } else {
        label(kind)
    }
}

/// Hyphens and underscores as spaces; all lower case gets a capital first letter.
pub fn label(text: &str) -> String {
    let text = text.replace(['-', '_'], " ");
    if text != text.to_lowercase() {
        return text;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_get_a_key_a_tone_and_a_label() {
        assert_eq!(status_key(" In Review "), "in-review");
        assert_eq!(status_tone("in-review"), "progress");
        assert_eq!(status_tone("approved"), "positive");
        assert_eq!(status_tone("on-hold"), "caution");
        assert_eq!(status_tone("revoked"), "critical");
        assert_eq!(status_tone("sunset"), "inactive");
        assert_eq!(status_tone("made-up"), "neutral");
        assert_eq!(label("in-progress"), "In progress");
        assert_eq!(label("Under Review"), "Under Review");
    }

    #[test]
    fn safe_prints_strings_as_written_and_other_values_as_tera_does() {
        let render = |register: bool| {
            let mut tera = Tera::default();
            tera.autoescape_on(vec![".html"]);
            if register {
                super::register(&mut tera);
            }
            let template = "{{ html | safe }} {{ html }} {{ number | safe }} {{ list | safe }} {{ map | safe }}";
            tera.add_raw_template("t.html", template).unwrap();
            let mut context = tera::Context::new();
            context.insert("html", "<b>bold</b> & more");
            context.insert("number", &4.5);
            context.insert("list", &["<a>", "b"]);
            context.insert("map", &std::collections::BTreeMap::from([("k", "<v>")]));
            tera.render("t.html", &context).unwrap()
        };
        let ours = render(true);
        assert_eq!(ours, render(false), "the same output as Tera's own filter");
        assert!(ours.starts_with("<b>bold</b> & more &lt;b&gt;"), "{ours}");
    }

    #[test]
    fn kinds_get_a_label() {
        assert_eq!(kind_label("tech-radar"), "Tech radar");
        assert_eq!(kind_label("adr"), "ADR");
        assert_eq!(kind_label("Slo"), "SLO");
        assert_eq!(kind_label("Decision"), "Decision");
        assert_eq!(kind_label("éclair"), "Éclair");
    }
}
