//! Handbooks written for other tools (Jekyll, Eleventy, GOV.UK tech-docs, MkDocs, Docusaurus,
//! Hugo) build unchanged: their redirects, front matter, anchors and links carry over, and
//! what needs a hand edit is said once, with the fix. Every fixture here is written for
//! these tests.

mod common;

use common::{broken_links, check_items, Handbook};

#[track_caller]
fn assert_no_broken_links(handbook: &Handbook) {
    let broken = broken_links(&handbook.public());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn an_alias_takes_the_address_of_a_folder_listing() {
    let handbook = Handbook::new();
    handbook.write(
        "content/about/team/people.md",
        "---\ntitle: Our team\nredirect_from: [/about/team/]\n---\nWho we are.\n",
    );
    handbook.write(
        "content/about/team/rota.md",
        "---\ntitle: Rota\n---\nOn call.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let items = check_items(&handbook);
    assert!(items.is_empty(), "{items:?}");
    let listing = handbook.page("about/team/index.html");
    assert!(
        listing.contains("url=people.html") && !listing.contains("Rota"),
        "the folder's address sends readers to the document: {listing}"
    );
    assert!(handbook.page("about/team/rota.html").contains("On call."));
    assert_no_broken_links(&handbook);

    // A folder index the writer wrote is a page: an alias may not replace it.
    handbook.write(
        "content/about/team/_index.md",
        "---\ntitle: Team\n---\nIndex.\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("people.md:3:1")
            && run
                .stderr
                .contains("alias `/about/team/` would be written at about/team/index.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn redirect_to_makes_the_page_a_redirect() {
    let handbook = Handbook::new();
    handbook.write(
        "content/policies/new.md",
        "---\ntitle: New policy\n---\n## Scope\n\nAll.\n",
    );
    handbook.write(
        "content/policies/old.md",
        "---\ntitle: Old policy\nredirect_to: new.md#scope\n---\nOld words nobody should read.\n",
    );
    handbook.write(
        "content/moved.md",
        "---\ntitle: Moved\nredirect_to: https://intranet.example/moved\n---\nGone.\n",
    );
    handbook.write(
        "content/index.md",
        "---\ntitle: Home\n---\nSee [the old policy](policies/old.md).\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let old = handbook.page("policies/old.html");
    assert!(
        old.contains("http-equiv=\"refresh\" content=\"0; url=new.html#scope\""),
        "{old}"
    );
    let moved = handbook.page("moved.html");
    assert!(
        moved.contains("url=https://intranet.example/moved"),
        "{moved}"
    );
    for file in common::walkdir(&handbook.public()) {
        let text = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("Old words"),
            "a redirect's text is left out, but {} has it",
            file.display()
        );
    }
    assert_no_broken_links(&handbook);

    // The target is checked like a link, at the field's line.
    handbook.write(
        "content/policies/old.md",
        "---\ntitle: Old policy\nredirect_to: newer.md\n---\nOld.\n",
    );
    handbook.write(
        "content/policies/other.md",
        "---\ntitle: Other\nredirect_to: new.md#nowhere\n---\nOld.\n",
    );
    handbook.write(
        "content/bad.md",
        "---\ntitle: Bad\nredirect_to: \"javascript:alert(1)\"\n---\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    for needle in [
        "content/policies/old.md:3:1: error: `redirect_to: newer.md` names no page or file",
        "content/policies/other.md:3:1: error: broken link `new.md#nowhere`",
        "content/bad.md:3:1: error: `redirect_to: javascript:alert(1)` is not a web address or a document",
    ] {
        assert!(run.stderr.contains(needle), "{needle}\n{}", run.stderr);
    }
}

#[test]
fn json_style_escapes_in_front_matter_load() {
    let handbook = Handbook::new();
    handbook.write(
        "content/strategy.md",
        "---\ntitle: \"Estrat\\u00e9gia \\ud83d\\ude80\"\nsummary: \"CI\\/CD\\tfirst \\U0001F680\"\ntags: [\"caf\\u00e9\", \"\\ud83d\\udcc8 growth\"]\n---\nText.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("strategy.html");
    assert!(page.contains("<title>Estratégia 🚀"), "{page}");
    assert!(page.contains("CI/CD\tfirst 🚀"), "{page}");
    assert!(page.contains("📈 growth"), "{page}");

    // A real mistake beside a surrogate pair is still reported at its own line.
    handbook.write(
        "content/strategy.md",
        "---\ntitle: \"\\ud83d\\ude80\"\nowner: x\nsummary: \"bad \\q escape\"\n---\nText.\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/strategy.md:4:"),
        "{}",
        run.stderr
    );
}

#[test]
fn other_tools_front_matter_is_mapped_or_kept_with_one_warning() {
    let handbook = Handbook::new();
    // Docusaurus, MkDocs Material, Hugo and tech-docs fields side by side.
    handbook.write(
        "content/guide/b.md",
        "---\ntitle: Second\nsidebar_position: 2\nslug: /docs/second\nid: second\ndescription: The second page.\nhide: [toc]\nicon: material/rocket\n---\nB.\n",
    );
    handbook.write(
        "content/guide/a.md",
        "---\ntitle: Zeroth\nsidebar_position: 0.6\nstatus: new\nhide: [navigation]\nlinkTitle: Zero\n---\nA.\n",
    );
    handbook.write(
        "content/guide/c.md",
        "---\ntitle: Old runbook\nurl: /runbooks/old/\nexpiryDate: 2026-01-31\nowner_slack: \"#platform-team\"\nsource_url: https://forge.example/runbook.md\n---\nC.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let items = check_items(&handbook);
    let mut codes: Vec<String> = items.iter().map(|i| format!("{} {}", i.0, i.1)).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "review-overdue content/guide/c.md:4",
            "unknown-field content/guide/a.md:5",
            "unknown-field content/guide/a.md:6",
            "unknown-field content/guide/b.md:8",
            "unknown-field content/guide/c.md:6",
        ],
        "{items:#?}"
    );
    let hide = items.iter().find(|i| i.2.contains("`hide`")).unwrap();
    assert!(
        hide.2.contains("in 2 files"),
        "one warning per field name: {hide:?}"
    );

    let listing = handbook.page("guide/index.html");
    let (a, b) = (
        listing.find("Zeroth").unwrap(),
        listing.find("Second").unwrap(),
    );
    let c = listing.find("Old runbook").unwrap();
    assert!(a < b && b < c, "sidebar_position orders the section");
    assert!(handbook.page("guide/b.html").contains("The second page."));
    assert!(handbook
        .page("docs/second/index.html")
        .contains("url=../../guide/b.html"));
    assert!(handbook
        .page("runbooks/old/index.html")
        .contains("url=../../guide/c.html"));
    assert!(handbook.page("guide/c.html").contains("#platform-team"));
    assert!(handbook.page("guide/a.html").contains("new"));
    assert_no_broken_links(&handbook);
}

#[test]
fn template_syntax_in_prose_is_warned_about_once_per_file() {
    let handbook = Handbook::new();
    handbook.write(
        "content/deploy.md",
        "---\ntitle: Deploy\n---\nIntro.\n\n# <%= current_page.data.title %>\n\n<% content_for :note do %>\n",
    );
    handbook.write(
        "content/jekyll.md",
        "---\ntitle: Jekyll\n---\nWelcome to {{ site.title }}.\n\n{% include footer.html %}\n",
    );
    handbook.write(
        "content/shown.md",
        "---\ntitle: Shown\n---\nWrite `{{ page.title }}` in a template:\n\n```liquid\n{% include x.html %}\n```\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let items = check_items(&handbook);
    let found: Vec<String> = items
        .iter()
        .filter(|i| i.0 == "template-syntax")
        .map(|i| format!("{} {}", i.1, i.2))
        .collect();
    assert_eq!(found.len(), 2, "{items:#?}");
    assert!(
        found[0].starts_with(
            "content/deploy.md:6 `<%= current_page.data.title %>` is template syntax of ERB"
        ),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/jekyll.md:4 `{{ site.title }}` is template syntax of Liquid"),
        "{found:?}"
    );
    let run = handbook.run(&["check"]);
    assert!(
        run.said().contains("front matter"),
        "the fix is named: {}",
        run.said()
    );
}

#[test]
fn a_root_absolute_link_to_a_missing_page_names_the_page_and_the_link_to_write() {
    let handbook = Handbook::new();
    handbook.write(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nSet up.\n",
    );
    handbook.write(
        "content/team/onboarding.md",
        "---\ntitle: Onboarding\n---\nFirst [setup](/docs/guide/setup/).\n\nThen [nothing](/docs/missing.html).\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    for needle in [
        "content/team/onboarding.md:4:7: error: broken link `/docs/guide/setup/`: nothing at content/docs/guide/setup (a link that starts with `/` starts at content/)",
        "help: content/guide/setup.md is there (the old site was served under `/docs/`): write `../guide/setup.md`",
        "content/team/onboarding.md:6:6: error: broken link `/docs/missing.html`: nothing at content/docs/missing.html",
        "help: write a relative link",
    ] {
        assert!(run.stderr.contains(needle), "{needle}\n{}", run.stderr);
    }
}

#[test]
fn fragments_written_for_other_generators_lead_to_the_heading() {
    let handbook = Handbook::new();
    handbook.write(
        "content/dependencies.md",
        "---\ntitle: Dependencies\n---\n## You must regularly update, replace and remove dependencies\n\n## Scope & roles\n\n## Scope & roles\n\n## 1. Introduction\n\n## Café crème\n",
    );
    handbook.write(
        "content/links.md",
        "---\ntitle: Links\n---\n\
         [Eleventy](dependencies.md#you-must-regularly-update%2C-replace-and-remove-dependencies)\n\
         [MkDocs](dependencies.md#scope-roles_1)\n\
         [Jekyll](dependencies.md#introduction)\n\
         [Hugo](dependencies.md#cafe-creme)\n\
         [case](dependencies.md#Scope--Roles)\n\
         [here](#local-heading)\n\n## Local heading!\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let items = check_items(&handbook);
    assert!(items.is_empty(), "{items:#?}");
    let page = handbook.page("links.html");
    for href in [
        "dependencies.html#you-must-regularly-update-replace-and-remove-dependencies",
        "dependencies.html#scope--roles-1",
        "dependencies.html#1-introduction",
        "dependencies.html#caf%C3%A9-cr%C3%A8me",
        "dependencies.html#scope--roles\"",
        "\"#local-heading\"",
    ] {
        assert!(page.contains(href), "{href} in {page}");
    }
    assert_no_broken_links(&handbook);

    // A fragment that names no heading by any rule is still reported.
    handbook.write(
        "content/links.md",
        "---\ntitle: Links\n---\n[gone](dependencies.md#scope-and-roles)\n",
    );
    let run = handbook.run(&["build"]);
    run.assert_code(1);
    run.assert_stderr("has no heading or anchor `#scope-and-roles`");
}
