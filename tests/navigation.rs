//! Browsing a handbook from any page, in plain HTML: every top-level section is linked from
//! every page, the sidebar shows the current section's tree, views are linked only where they
//! have content, the contents page lists everything, the handbook's title heads the
//! breadcrumbs, `extra_css`/`extra_js` come after the theme's files, and a page's weight stays
//! flat as the handbook grows.

mod common;

use std::fs;

use common::{walkdir, Handbook};

/// A handbook of `documents` documents in 8 top-level sections, each with 3 folders of 2
/// folders (three folders deep), the documents dealt round the 48 deepest folders.
fn layered(documents: usize) -> Handbook {
    let handbook = Handbook::new();
    handbook.write("northstar.yaml", "title: Layered Handbook\n");
    for s in 0..8 {
        handbook.write(
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: Section {s}\nweight: {}\n---\n", 8 - s),
        );
        for a in 0..3 {
            handbook.write(
                &format!("content/s{s}/a{a}/_index.md"),
                &format!("---\ntitle: Folder {s}.{a}\n---\n"),
            );
        }
    }
    for d in 0..documents {
        let leaf = d % 48;
        let (s, a, b) = (leaf / 6, (leaf % 6) / 2, leaf % 2);
        handbook.write(
            &format!("content/s{s}/a{a}/b{b}/doc-{d:05}.md"),
            &format!("---\ntitle: Document {d:05}\nweight: {d}\n---\nText of document {d}.\n"),
        );
    }
    handbook
}

/// Every HTML page of the built site but the theme's files, with its way to the site root.
fn pages(handbook: &Handbook) -> Vec<(String, String, String)> {
    let public = handbook.public();
    walkdir(&public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|path| {
            let relative = path
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let root = "../".repeat(relative.matches('/').count());
            (relative, root, fs::read_to_string(&path).unwrap())
        })
        .filter(|(relative, _, _)| relative != "404.html" && !relative.starts_with("northstar/"))
        .collect()
}

#[test]
fn every_page_links_to_every_top_level_section_and_marks_its_own() {
    let handbook = layered(96);
    handbook.run(&["build"]).assert_code(0);
    let pages = pages(&handbook);
    assert!(pages.len() > 150, "{} pages", pages.len());
    for (path, root, html) in &pages {
        for s in 0..8 {
            let link = format!("<a href=\"{root}s{s}/index.html\"");
            assert!(html.contains(&link), "{path} has no link to section {s}");
        }
    }
    // In weight order (Section 7 first), the page's own section marked.
    let deep = handbook.page("s2/a1/b0/doc-00014.html");
    let tabs = &deep[deep.find("class=\"site-tabs\"").unwrap()..];
    let first = tabs.find(">Section 7<").unwrap();
    assert!(first < tabs.find(">Section 0<").unwrap());
    assert!(
        tabs.contains("<a href=\"../../../s2/index.html\" aria-current=\"true\">Section 2</a>"),
        "{tabs}"
    );
    // Phones get the same links in a menu that opens without script.
    assert!(deep.contains("<details class=\"site-menu\">\n      <summary>Sections</summary>"));
}

#[test]
fn the_sidebar_shows_the_tree_of_the_current_section_with_the_path_open() {
    let handbook = layered(96);
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("s2/a1/b0/doc-00014.html");
    let sidebar = &page[page.find("<nav id=\"sidebar\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    assert!(sidebar.contains(
        "<p class=\"nav-tree-title\"><a href=\"../../../s2/index.html\">Section 2</a></p>"
    ));
    // The path down to the page is open, its sibling folders closed but there.
    for open in ["s2/a1/index.html", "s2/a1/b0/index.html"] {
        let at = sidebar
            .find(&format!("<a href=\"../../../{open}\">"))
            .unwrap();
        assert!(
            sidebar[at..]
                .split("</a>")
                .nth(1)
                .unwrap()
                .starts_with("<details open>"),
            "{open}"
        );
    }
    for closed in [
        "s2/a0/index.html",
        "s2/a2/index.html",
        "s2/a1/b1/index.html",
    ] {
        let at = sidebar
            .find(&format!("<a href=\"../../../{closed}\">"))
            .unwrap();
        assert!(
            sidebar[at..]
                .split("</a>")
                .nth(1)
                .unwrap()
                .starts_with("<details><summary>"),
            "{closed}"
        );
    }
    assert!(sidebar.contains("<a href=\"../../../s2/a1/b0/doc-00014.html\" aria-current=\"page\">"));
    // A document of a closed folder is in the page, one click away.
    assert!(sidebar.contains("<a href=\"../../../s2/a0/b1/doc-00013.html\">Document 00013</a>"));
    // Other sections' documents are not: the header links to them.
    assert!(!sidebar.contains("s3/a0"));
    assert!(sidebar.contains("<a href=\"../../../contents.html\">"));
}

#[test]
fn a_document_page_weighs_about_the_same_at_3000_documents_as_at_300() {
    let weight = |documents: usize| {
        let handbook = layered(documents);
        handbook.run(&["build"]).assert_code(0);
        let page = handbook.page("s1/a0/b0/doc-00006.html");
        // The page's branch is there either way.
        assert!(page.contains("aria-current=\"page\">Document 00006</a>"));
        (page.len(), handbook)
    };
    let (small, _) = weight(300);
    let (large, handbook) = weight(3000);
    let ratio = large as f64 / small as f64;
    assert!(
        ratio <= 1.15,
        "{small} bytes at 300, {large} at 3,000: {ratio:.2}x"
    );
    // At 3,000 the closed folders are left to the shared file, which holds them all.
    let page = handbook.page("s1/a0/b0/doc-00006.html");
    assert!(page.contains("data-tree-src=\"../../../northstar/tree.js\""));
    assert!(page.contains("<li class=\"nav-folder\" data-tree=\""));
    let shared = handbook.page("northstar/tree.js");
    assert!(shared.starts_with("window.northstarTree && northstarTree({"));
    assert!(
        shared.contains("s3/a2/b1/doc-02999.html"),
        "every document is in the shared file"
    );
}

/// Views with nothing to show are not linked from any page; with content they are.
#[test]
fn no_page_links_to_a_view_without_content() {
    let handbook = layered(48);
    handbook.run(&["build"]).assert_code(0);
    let views = [
        "traceability.html",
        "roadmap-timeline.html",
        "tech-radar.html",
        "decision-log.html",
        "risk-register.html",
        "reviews.html",
        "board-pack.html",
        "owners/index.html",
        "kinds/index.html",
        "tags/index.html",
    ];
    // The views' own pages (an owner's, a kind's) are the views themselves.
    let own = |path: &str| {
        ["owners/", "kinds/", "tags/"]
            .iter()
            .any(|f| path.starts_with(f))
    };
    for (path, root, html) in pages(&handbook).into_iter().filter(|(p, _, _)| !own(p)) {
        for view in views {
            assert!(
                !html.contains(&format!("href=\"{root}{view}\"")),
                "{path} links to the empty view {view}"
            );
        }
        assert!(!html.contains("class=\"views-menu\""), "{path}");
    }
    // The empty views are still there for whoever has their address.
    assert!(handbook.public().join("tech-radar.html").is_file());
}

#[test]
fn the_sample_handbook_links_every_view_from_the_views_menu() {
    let handbook = Handbook::sample();
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("roadmap/initiatives/zero-trust-access.html");
    let menu = &page[page.find("<details class=\"views-menu\">").unwrap()..];
    let menu = &menu[..menu.find("</details>").unwrap()];
    for (view, title) in [
        ("traceability.html", "Traceability"),
        ("roadmap-timeline.html", "Roadmap"),
        ("tech-radar.html", "Radar"),
        ("decision-log.html", "Decisions"),
        ("risk-register.html", "Risks"),
        ("reviews.html", "Reviews"),
        ("board-pack.html", "Board pack"),
        ("owners/index.html", "Owners"),
        ("kinds/index.html", "Kinds"),
        ("tags/index.html", "Tags"),
    ] {
        assert!(
            menu.contains(&format!("<a href=\"../../{view}\">{title}</a>")),
            "{view}: {menu}"
        );
        // On the view's own page, the menu marks it, and only it.
        let own = handbook.page(view);
        let own_menu = &own[own.find("<details class=\"views-menu\">").unwrap()..];
        let own_menu = &own_menu[..own_menu.find("</details>").unwrap()];
        let up = "../".repeat(view.matches('/').count());
        let marked = format!("<a href=\"{up}{view}\" aria-current=\"page\">{title}</a>");
        assert!(own_menu.contains(&marked), "{view}: {own_menu}");
        assert_eq!(own_menu.matches("aria-current").count(), 1, "{view}");
    }
    // The contents page marks its tab (and its entry in the narrow screens' menu); no other
    // page marks the contents tab.
    let contents = handbook.page("contents.html");
    assert_eq!(
        contents
            .matches("<a href=\"contents.html\" aria-current=\"page\">Contents</a>")
            .count(),
        2
    );
    assert!(!page.contains("aria-current=\"page\">Contents"));
    assert!(!handbook
        .page("index.html")
        .contains("aria-current=\"page\">Contents"));
}

#[test]
fn the_contents_page_lists_every_section_and_document_and_is_linked_from_home() {
    let handbook = layered(96);
    handbook.run(&["build"]).assert_code(0);
    let contents = handbook.page("contents.html");
    assert!(contents.contains("Everything in the handbook: 80 sections and 96 documents."));
    for d in 0..96 {
        assert!(contents.contains(&format!(">Document {d:05}</a>")), "{d}");
    }
    assert!(
        contents.contains("Section 2 › Folder 2.1 › B0"),
        "{contents}"
    );
    assert!(handbook
        .page("index.html")
        .contains("<a href=\"contents.html\">Contents: every section"));

    // The name is reserved, like the other generated pages.
    handbook.write("content/contents.md", "---\ntitle: Mine\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/contents.html is where Northstar writes its generated pages");
}

#[test]
fn the_breadcrumb_root_and_header_follow_the_title_in_northstar_yaml() {
    let handbook = layered(8);
    handbook.write(
        "content/_index.md",
        "---\nsummary: Home.\n---\n# Old name\n\nWelcome.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("s0/a0/b0/doc-00000.html");
    assert!(
        page.contains("<li><a href=\"../../../index.html\">Layered Handbook</a></li>"),
        "{page}"
    );
    assert!(page.contains("<span class=\"brand-title\">Layered Handbook</span>"));
    // The home page's own front matter names the handbook when it sets a title.
    handbook.write(
        "content/_index.md",
        "---\ntitle: Home Name\n---\nWelcome.\n",
    );
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("s0/a0/b0/doc-00000.html");
    assert!(page.contains("<li><a href=\"../../../index.html\">Home Name</a></li>"));
    assert!(page.contains("<span class=\"brand-title\">Home Name</span>"));
}

#[test]
fn extra_css_and_js_come_after_the_theme_s_own_and_must_exist() {
    let handbook = layered(8);
    handbook.write(
        "northstar.yaml",
        "title: Layered Handbook\nextra_css: [css/house.css]\nextra_js: [js/house.js]\n",
    );
    handbook.write("static/css/house.css", "body { color: teal }");
    handbook.write("static/js/house.js", "void 0;");
    handbook.run(&["build"]).assert_code(0);
    let page = handbook.page("s0/a0/b0/doc-00000.html");
    let theme = page.find("northstar/style.css").unwrap();
    let css = page
        .find("<link rel=\"stylesheet\" href=\"../../../css/house.css\">")
        .unwrap();
    let js = page
        .find("<script src=\"../../../js/house.js\" defer></script>")
        .unwrap();
    assert!(theme < css && page.find("northstar/main.js").unwrap() < js);
    assert_eq!(handbook.page("css/house.css"), "body { color: teal }");

    fs::remove_file(handbook.root().join("static/js/house.js")).unwrap();
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("`extra_js` names `js/house.js`, which is not in static/");
}

/// In headless Chromium: a closed folder of the sidebar opens and its documents are links
/// that work, both in a tree carried whole and in a large one whose closed folders the theme's
/// script fills from the shared file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_folder_of_the_sidebar_opens_and_its_links_work() {
    use common::webdriver;
    use fantoccini::Locator;
    if !webdriver::browser_available() {
        return;
    }
    let driver = webdriver::chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = webdriver::open_browser(&driver, &profile.path().join("p"), "1200,900").await;
    // 96 documents: each section's tree whole; 1,000: a branch, the rest from the file.
    for (documents, target) in [
        (96, "s2/a0/b1/doc-00013.html"),
        (1000, "s2/a0/b1/doc-00061.html"),
    ] {
        let handbook = layered(documents);
        handbook.run(&["build"]).assert_code(0);
        let server = webdriver::static_server(&handbook.public());
        let base = format!("http://127.0.0.1:{}", server.port);
        client
            .goto(&format!("{base}/s2/a1/b0/doc-00014.html"))
            .await
            .unwrap();
        let folder = |name: &str| {
            format!("li.nav-folder:not([data-tree]) > a[href$=\"{name}/index.html\"] + details")
        };
        let a0 = format!("#sidebar {}", folder("s2/a0"));
        webdriver::wait_until(
            &client,
            "the closed folder a0 in the sidebar",
            &format!("return !!document.querySelector('{a0}');"),
        )
        .await;
        let open = |selector: &str| format!("return document.querySelector('{selector}').open;");
        assert_eq!(client.execute(&open(&a0), vec![]).await.unwrap(), false);
        let link = Locator::Css(&format!("#sidebar a[href$=\"{target}\"]"));
        // Closed: the document's link is not shown.
        let shown = "var a = document.querySelector('#sidebar a[href$=\"TARGET\"]'); return !!a && a.checkVisibility();".replace("TARGET", target);
        assert_eq!(client.execute(&shown, vec![]).await.unwrap(), false);
        client
            .find(Locator::Css(&format!("{a0} > summary")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(client.execute(&open(&a0), vec![]).await.unwrap(), true);
        let b1 = format!("{a0} {}", folder("s2/a0/b1"));
        webdriver::wait_until(
            &client,
            "the folder b1 inside a0",
            &format!("return !!document.querySelector('{b1}');"),
        )
        .await;
        client
            .find(Locator::Css(&format!("{b1} > summary")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        webdriver::wait_until(&client, "the document's link shown", &shown).await;
        client.find(link).await.unwrap().click().await.unwrap();
        webdriver::wait_until(
            &client,
            "the document to open",
            &format!("return location.pathname.endsWith('{target}') && document.readyState === 'complete';"),
        )
        .await;
        let title = client
            .execute("return document.querySelector('h1').textContent;", vec![])
            .await
            .unwrap();
        let number = &target[target.len() - 10..target.len() - 5];
        assert_eq!(title, format!("Document {number}"));
    }
    client.close().await.unwrap();
}
