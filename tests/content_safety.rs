//! What an author with write access to the handbook cannot turn into live code: file and folder
//! names that would read as a URL scheme, HTML and SVG files of `content/` that run scripts,
//! and addresses or a theme in `northstar.yaml` that would become script links or paths out.

mod common;

use common::{walkdir, Handbook};

/// Every `href` and `src` value of every HTML page, and every `u` of the search index.
fn every_address(handbook: &Handbook) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in walkdir(&handbook.public()) {
        let shown = path.display().to_string();
        if !(shown.ends_with(".html") || shown.ends_with(".json") || shown.ends_with(".xml")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for marker in ["href=\"", "src=\"", "\"u\":\""] {
            for piece in text.split(marker).skip(1) {
                let value = piece.split('"').next().unwrap_or("");
                out.push((shown.clone(), value.to_string()));
            }
        }
    }
    out
}

#[test]
fn file_and_folder_names_never_become_script_links() {
    let handbook = Handbook::new();
    let names = [
        "content/javascript:alert(document.cookie).md",
        "content/data:text/html,x.md",
        "content/vbscript:run/inner.md",
        "content/JaVaScRiPt:go.md",
    ];
    for name in names {
        handbook.write(name, "---\ntitle: Named oddly\n---\nBody.\n");
    }
    handbook.write(
        "content/home.md",
        "---\ntitle: Home\n---\n[a link](javascript:alert(document.cookie).md)\n",
    );
    let run = handbook.run_bounded(&["build"]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert!(handbook
        .public()
        .join("javascript:alert(document.cookie).html")
        .is_file());
    let addresses = every_address(&handbook);
    assert!(addresses
        .iter()
        .any(|(_, url)| url.contains("javascript%3A")));
    for (file, url) in addresses {
        let scheme = url.split(['/', '?', '#']).next().unwrap_or("");
        let lower = scheme.to_ascii_lowercase();
        assert!(
            !(lower.starts_with("javascript:")
                || lower.starts_with("vbscript:")
                || lower.starts_with("data:")),
            "{file} links to {url}"
        );
    }
}

#[test]
fn config_addresses_must_be_web_addresses_and_the_theme_a_folder_name() {
    let cases = [
        (
            "title: T\nrepository:\n  url: \"javascript:alert(1)//\"\n",
            3,
            "repository.url",
        ),
        (
            "title: T\nrepository:\n  url: https://forge.example/h\n  edit_url: \"javascript:x({path})\"\n",
            4,
            "repository.edit_url",
        ),
        (
            "title: T\nbase_url: \"javascript:alert(1)//\"\n",
            2,
            "base_url",
        ),
        (
            "title: T\nbase_url: //evil.example/\n",
            2,
            "base_url",
        ),
        ("theme: ../../etc\n", 1, "theme"),
        ("theme: /tmp\n", 1, "theme"),
        (
            "review:\n  warn_within_days: -100000000000\n",
            2,
            "review.warn_within_days",
        ),
    ];
    for (config, at, key) in cases {
        let handbook = Handbook::new();
        handbook.write("northstar.yaml", config);
        handbook.write("content/a.md", "---\ntitle: A\n---\nText.\n");
        for command in [&["build"][..], &["check"][..]] {
            let run = handbook.run_bounded(command);
            let said = run.said();
            assert_eq!(run.code, 1, "{config}: {said}");
            for needle in ["northstar.yaml", key, "help:"] {
                assert!(said.contains(needle), "{config}: no {needle:?} in\n{said}");
            }
            let (built, checked) = (format!("yaml:{at}:1"), format!(" {at}:1 "));
            assert!(
                said.contains(&built) || said.contains(&checked),
                "{config}: not at line {at}:\n{said}"
            );
        }
        assert!(!handbook.public().exists(), "{config}: nothing written");
    }
}

#[test]
fn web_addresses_and_a_base_path_are_accepted() {
    for base in ["https://handbook.example.com/", "/handbook/"] {
        let handbook = Handbook::new();
        handbook.write(
            "northstar.yaml",
            &format!(
                "title: T\nbase_url: {base}\nrepository:\n  url: https://forge.example/acme/h\n"
            ),
        );
        handbook.write("content/a.md", "---\ntitle: A\n---\nText.\n");
        handbook.run_bounded(&["build"]).assert_code(0);
        let page = handbook.page("a.html");
        assert!(
            page.contains("href=\"https://forge.example/acme/h/edit/main/content/a.md\""),
            "{page}"
        );
        let sitemap = handbook.public().join("sitemap.xml");
        assert_eq!(sitemap.exists(), base.starts_with("https:"), "{base}");
    }
}

/// A handbook with HTML, SVG and XML files beside its documents, some of which run scripts.
fn with_active_files() -> Handbook {
    let handbook = Handbook::new();
    handbook.write(
        "content/a.md",
        "---\ntitle: A\n---\n![diagram](files/plain.svg)\n",
    );
    handbook.write(
        "content/files/report.html",
        "<p>Report</p><script>steal()</script>\n",
    );
    handbook.write(
        "content/files/page.XHTML",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>x</body></html>\n",
    );
    handbook.write("content/files/style.xsl", "<xsl:stylesheet/>\n");
    handbook.write(
        "content/files/hostile.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"5\" height=\"5\" onload=\"steal()\"/>\n</svg>\n",
    );
    handbook.write(
        "content/files/feed.xml",
        "<root><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">steal()</h:script></root>\n",
    );
    handbook.write(
        "content/files/plain.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>\n",
    );
    handbook.write(
        "content/files/notes.txt",
        "<script>not run: served as text</script>\n",
    );
    handbook
}

#[test]
fn content_files_that_run_scripts_are_withheld_with_a_warning() {
    let handbook = with_active_files();
    let run = handbook.run_bounded(&["build"]);
    let said = run.said();
    assert_eq!(run.code, 0, "{said}");
    let files = handbook.public().join("files");
    for withheld in [
        "report.html",
        "page.XHTML",
        "style.xsl",
        "hostile.svg",
        "feed.xml",
    ] {
        assert!(!files.join(withheld).exists(), "{withheld} was published");
        assert!(
            said.contains(&format!("content/files/{withheld}")),
            "no warning for {withheld}:\n{said}"
        );
    }
    assert!(
        said.contains("content/files/hostile.svg:2:") && said.contains("onload"),
        "{said}"
    );
    assert!(said.contains("markdown.raw_html: allow"), "{said}");
    assert!(files.join("plain.svg").is_file() && files.join("notes.txt").is_file());
    for path in walkdir(&handbook.public()) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(
            !text.contains("steal()"),
            "{} holds the script",
            path.display()
        );
    }

    // A link to a withheld file says why it is not there.
    handbook.write(
        "content/b.md",
        "---\ntitle: B\n---\n[the report](files/report.html)\n",
    );
    let run = handbook.run_bounded(&["build"]);
    let said = run.said();
    assert_eq!(run.code, 1, "{said}");
    assert!(
        said.contains("content/files/report.html, which is not published"),
        "{said}"
    );

    // `allow` trusts every author: the files are published as they are.
    let handbook = with_active_files();
    handbook.write("northstar.yaml", "title: T\nmarkdown:\n  raw_html: allow\n");
    handbook.run_bounded(&["build"]).assert_code(0);
    assert!(handbook.public().join("files/report.html").is_file());
    assert!(handbook.public().join("files/hostile.svg").is_file());
}
