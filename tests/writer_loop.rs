//! The writer's loop through the real binary: broken links that say where their target went,
//! starter text that is not published silently, values and keys with the nearest allowed
//! one, `new`'s conventions per kind, `list`'s checked filters and `build`'s summary.

mod common;

use common::Handbook;

#[test]
fn broken_links_suggest_the_nearest_documents_and_anchors() {
    let handbook = Handbook::new();
    handbook.write(
        "content/policies/retention-policy.md",
        "---\ntitle: Retention\n---\n## Scope of retention\n\n## Exceptions\n",
    );
    handbook.write(
        "content/guides/a.md",
        "---\ntitle: A\n---\n[moved](../retention-policy.md) [renamed](../policies/retention.md) \
         [anchor](../policies/retention-policy.md#scope) [lost](zzz/qqq-nothing-like-it.md)\n",
    );
    let run = handbook.run(&["check"]);
    run.assert_code(1);
    let out = run.stdout;
    assert!(
        out.contains("did you mean `../policies/retention-policy.md`?"),
        "{out}"
    );
    assert_eq!(
        out.matches("did you mean `../policies/retention-policy.md`?")
            .count(),
        2,
        "same file name elsewhere, then the closest path: {out}"
    );
    assert!(
        out.contains("the nearest anchors on that page are `#scope-of-retention`"),
        "{out}"
    );
    assert!(
        out.contains(
            "links are relative to this file's folder, e.g. `../policies/retention-policy.md`"
        ),
        "the example is a document of this handbook: {out}"
    );
    assert!(!out.contains("e.g. `../policies/retention.md`"), "{out}");
}
