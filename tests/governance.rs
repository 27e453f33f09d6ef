//! Kinds, references and reviews: each governance problem has its message, line and exit code.

mod common;

use common::Handbook;

fn with(path: &str, text: &str) -> Handbook {
    let handbook = Handbook::new();
    handbook.write(path, text);
    handbook
}

const POLICY: &str = "---\ntitle: Retention\nkind: policy\nowner: dpo\neffective: 2026-01-01\nreview_by: 2027-06-01\n";

#[test]
fn a_wrong_status_lists_the_allowed_ones() {
    let run = with("content/p.md", &format!("{POLICY}status: aproved\n---\n")).run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/p.md:7:1: error: `aproved` is not a status of a policy")
        .assert_stderr(
            "did you mean `status: approved`? The statuses are: draft, approved, active, retired",
        );
}

#[test]
fn required_fields_of_the_kind_are_required() {
    let run = with(
        "content/p.md",
        "---\ntitle: Retention\nkind: policy\nreview_by: 2027-06-01\n---\n",
    )
    .run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/p.md:1:1: error: a policy needs `owner`")
        .assert_stderr("content/p.md:1:1: error: a policy needs `effective` (a date (YYYY-MM-DD))");
}

#[test]
fn kind_fields_are_type_checked() {
    let text = "---\ntitle: Move to EKS\nkind: initiative\nowner: platform\nstart: 2027-Q5\nend: 2027-Q3\nlane: platform\nprogress: 140\n---\n";
    let run = with("content/i.md", text).run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/i.md:5:1: error: `start` should be a date (YYYY-MM-DD) or a quarter (YYYY-Q1 … YYYY-Q4)")
        .assert_stderr("content/i.md:8:1: error: `progress` should be a whole number from 0 to 100");
    let radar =
        "---\ntitle: Rust\nkind: technology\nring: adoptt\nquadrant: languages-frameworks\n---\n";
    with("content/t.md", radar)
        .run(&["build"])
        .assert_code(1)
        .assert_stderr(
            "content/t.md:4:1: error: `ring` should be one of: adopt, trial, assess, hold",
        );
}

#[test]
fn unknown_fields_are_judged_per_kind() {
    let text =
        "---\ntitle: Rust\nkind: technology\nring: adopt\nquadrant: tools\nprogres: 10\n---\n";
    let run = with("content/t.md", text).run(&["build"]);
    run.assert_code(0).assert_stderr(
        "content/t.md:6:1: warning: unknown front-matter field `progres` for a technology",
    );
}

#[test]
fn references_must_resolve_to_documents_and_objectives() {
    let handbook = with(
        "content/strategy/cloud.md",
        "---\ntitle: Cloud\nkind: strategy\nowner: cto\nobjectives:\n  - {id: cut-cost, title: Cut cost}\n---\n",
    );
    handbook.write(
        "content/i.md",
        "---\ntitle: I\nkind: initiative\nowner: p\nstart: 2027-Q1\nend: 2027-Q2\nlane: platform\nsupports: [strategy/cloud.md#cut-cost, strategy/cloud.md#grow, strategy/clod.md]\n---\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/i.md:8:1: error: `supports` refers to objective `grow`, which content/strategy/cloud.md does not declare")
        .assert_stderr("its objectives are: cut-cost")
        .assert_stderr("`supports` refers to content/strategy/clod.md, which does not exist")
        .assert_stderr("did you mean `strategy/cloud.md`?");
}

#[test]
fn a_superseded_decision_needs_a_successor() {
    let handbook = with(
        "content/adr-1.md",
        "---\ntitle: ADR 1\nkind: decision\nstatus: superseded\n---\n",
    );
    handbook.run(&["build"]).assert_code(0).assert_stderr(
        "content/adr-1.md:4:1: warning: this document is superseded but names no successor",
    );
    handbook.write(
        "content/adr-2.md",
        "---\ntitle: ADR 2\nkind: decision\nstatus: accepted\nsupersedes: adr-1.md\n---\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(0);
    assert!(
        !run.stderr.contains("no successor"),
        "supersedes in the successor counts:\n{}",
        run.stderr
    );
    let page = handbook.page("adr-1.html");
    assert!(page.contains("Replaced by"), "the superseded page says so");
    assert!(
        page.contains(r#"<a href="adr-2.html">ADR 2</a>"#),
        "and links its successor:\n{page}"
    );
    assert!(
        handbook.page("adr-2.html").contains("Supersedes"),
        "the successor lists what it replaces"
    );
}

#[test]
fn reviews_are_computed_and_reported() {
    let handbook = with("content/p.md", "---\ntitle: P\nkind: policy\nowner: o\neffective: 2025-01-01\nreview_every: 6 months\nlast_reviewed: 2026-01-10\n---\n");
    handbook
        .run(&["build"])
        .assert_code(0)
        .assert_stderr("content/p.md:6:1: warning: review overdue since 2026-07-10 (141 days)");
    handbook.write("northstar.yaml", "title: T\nreview:\n  overdue: error\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("error: review overdue since 2026-07-10");
    handbook.write("northstar.yaml", "title: T\n");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("p.html");
    assert!(
        page.contains("Review overdue") && page.contains("2026-07-10"),
        "overdue banner on the page"
    );
    handbook.write("content/p.md", "---\ntitle: P\nkind: policy\nowner: o\neffective: 2025-01-01\nreview_by: 2026-12-10\n---\n");
    handbook
        .run(&["build"])
        .assert_code(0)
        .assert_stderr("warning: review due on 2026-12-10 (in 12 days)");
    assert!(handbook.page("p.html").contains("Due soon"));
}

#[test]
fn review_rules_are_checked() {
    let handbook = with(
        "content/p.md",
        "---\ntitle: P\nkind: policy\nowner: o\neffective: 2025-01-01\n---\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/p.md:1:1: error: a policy needs a review rule");
    handbook.write("content/p.md", "---\ntitle: P\nkind: policy\nowner: o\neffective: 2025-01-01\nreview_every: sometimes\nlast_reviewed: 2026-01-01\n---\n");
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "content/p.md:6:1: error: `review_every` is not a length of time: `sometimes`",
    );
    handbook.write(
        "content/p.md",
        "---\ntitle: P\nkind: policy\nowner: o\neffective: 2025-01-01\nreview_every: 1 year\n---\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("`review_every` needs `last_reviewed` to count from");
}

#[test]
fn gov_uk_review_fields_are_accepted() {
    let text = "---\ntitle: P\nkind: standard\nowner: o\nlast_reviewed_on: 2026-10-01\nreview_in: 3 months\n---\n";
    let run = with("content/s.md", text).run(&["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("unknown"), "{}", run.stderr);
    assert!(
        run.stderr.is_empty(),
        "due 2027-01-01, not yet due soon: {}",
        run.stderr
    );
}

#[test]
fn a_handbook_extends_a_built_in_kind_and_adds_its_own() {
    let handbook = Handbook::new();
    handbook.write(
        "northstar.yaml",
        "title: T\nkinds:\n  okr:\n    statuses: [on-track, off-track]\n    required: [owner]\n    fields:\n      quarter: {type: period, required: true}\n      score: {type: number}\n  policy:\n    fields:\n      approver: {type: text, required: true}\n",
    );
    handbook.write(
        "content/o.md",
        "---\ntitle: O\nkind: okr\nowner: me\nquarter: 2027-Q1\nstatus: sideways\n---\n",
    );
    handbook.write("content/p.md", &format!("{POLICY}---\n"));
    let run = handbook.run(&["build"]);
    run.assert_code(1)
        .assert_stderr("content/o.md:6:1: error: `sideways` is not a status of an okr")
        .assert_stderr("use one of: on-track, off-track")
        .assert_stderr("content/p.md:1:1: error: a policy needs `approver` (text)");
}

#[test]
fn bad_kind_definitions_in_the_config_are_errors() {
    let handbook = with("content/a.md", "A\n");
    handbook.write(
        "northstar.yaml",
        "title: T\nkinds:\n  okr:\n    fields:\n      score: {type: percentage}\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("northstar.yaml:");
}

#[test]
fn generated_pages_list_reviews_owners_kinds_statuses_and_tags() {
    let handbook = with("content/policies/p.md", "---\ntitle: Old policy\nkind: policy\nowner: Security Office\neffective: 2025-01-01\nreview_by: 2026-01-01\ntags: [privacy, Data]\n---\n");
    handbook.write("content/policies/q.md", "---\ntitle: Fresh policy\nkind: policy\nowner: Security Office\neffective: 2025-01-01\nreview_by: 2027-09-01\n---\n");
    handbook.write(
        "content/decisions/a.md",
        "---\ntitle: Some ADR\nkind: decision\nstatus: accepted\ntags: [privacy]\n---\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let reviews = handbook.main_of("reviews.html");
    assert!(
        reviews.contains("Old policy") && !reviews.contains("Fresh policy"),
        "only due reviews listed"
    );
    assert!(
        reviews.contains(r#"href="owners/security-office.html""#),
        "grouped by owner, linked"
    );
    let owner = handbook.main_of("owners/security-office.html");
    let (old, fresh) = (
        owner.find("Old policy").unwrap(),
        owner.find("Fresh policy").unwrap(),
    );
    assert!(old < fresh, "overdue documents first");
    assert!(handbook
        .page("owners/index.html")
        .contains("Security Office"));
    assert!(handbook
        .main_of("kinds/policy.html")
        .contains("Fresh policy"));
    assert!(handbook
        .main_of("statuses/accepted.html")
        .contains("Some ADR"));
    let privacy = handbook.main_of("tags/privacy.html");
    assert!(privacy.contains("Some ADR") && privacy.contains("Old policy"));
    assert!(handbook.page("tags/data.html").contains("Old policy"));
    assert!(
        handbook
            .page("tags/index.html")
            .contains(r#"href="privacy.html""#)
            || handbook
                .page("tags/index.html")
                .contains("tags/privacy.html")
    );
    assert!(
        common::broken_links(&handbook.public()).is_empty(),
        "{:?}",
        common::broken_links(&handbook.public())
    );
}

#[test]
fn tags_spelled_two_ways_share_one_page_named_as_first_met() {
    // "Cloud Cost" (in a.md, the first file) and "cloud-cost" have one slug: one page,
    // named after the spelling met first, listing both documents in title order.
    let handbook = with(
        "content/a.md",
        "---\ntitle: Zebra plan\ntags: [Cloud Cost]\n---\n",
    );
    handbook.write(
        "content/b.md",
        "---\ntitle: Alpha plan\ntags: [cloud-cost, other]\n---\n",
    );
    handbook.write(
        "content/c.md",
        "---\ntitle: Middle plan\ntags: [Cloud Cost]\n---\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.main_of("tags/cloud-cost.html");
    assert!(
        page.contains("<h1>Cloud Cost</h1>") || page.contains(">Cloud Cost<"),
        "{page}"
    );
    let at = |title: &str| {
        page.find(title)
            .unwrap_or_else(|| panic!("{title} in {page}"))
    };
    assert!(at("Alpha plan") < at("Middle plan") && at("Middle plan") < at("Zebra plan"));
    let index = handbook.main_of("tags/index.html");
    assert_eq!(index.matches("cloud-cost.html").count(), 1, "{index}");
    assert!(!index.contains(">cloud-cost<"), "{index}");
}

#[test]
fn content_cannot_take_the_names_of_generated_pages() {
    let handbook = with("content/tags/x.md", "X\n");
    handbook.run(&["build"]).assert_code(1).assert_stderr(
        "content/tags: error: content/tags is where Northstar writes its generated pages",
    );
}

#[test]
fn kind_definitions_must_make_sense() {
    let handbook = with("content/a.md", "A\n");
    handbook.write("northstar.yaml", "title: T\nkinds:\n  vendor:\n    required: [supplier]\n    review_date: renewl\n    fields:\n      supplier: text\n      renewal: date\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("northstar.yaml: error: kind `vendor`: `review_date: renewl` names no date field of the kind")
        .assert_stderr("kind `vendor`: `required` lists `supplier`, which is not a common field");
}
