//! In real headless Chromium: the built site works from disk (file://) and from a server
//! under a sub-path, because the theme's script and stylesheet load through relative URLs.
//! The theme's script marks `<html data-northstar="ready">` once it has run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::webdriver::static_server;
use common::{copy_tree, Handbook};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, or `None` outside CI when it is not installed (CI must have it: `.ci/run` installs it).
fn chromium() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{CHROMIUM} is missing: .ci/run must install chromium"
    );
    eprintln!("skipping: {CHROMIUM} is not installed (apt-get install chromium)");
    None
}

/// The DOM of `url` after its scripts ran. Chromium runs under coreutils' `timeout`, which
/// stops it and its helper processes (they share timeout's process group) if it hangs, so a
/// hang fails the test instead of blocking the suite. A crash or a hang fails here with
/// Chromium's exit status and stderr, rather than later as a page that lacks its text.
fn dump_dom(browser: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("timeout")
        .args(["--kill-after=10", "120", browser])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("run chromium under timeout");
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && !dom.trim().is_empty(),
        "chromium --dump-dom {url} failed ({}; 124 or 137 means it ran past 120 s) after printing {} bytes; its stderr:\n{}",
        output.status,
        dom.len(),
        String::from_utf8_lossy(&output.stderr)
    );
    dom
}

fn built_basic() -> Handbook {
    let handbook = Handbook::fixture("basic");
    handbook.run(&["build"]).assert_code(0);
    handbook
}

#[test]
fn works_from_disk() {
    let Some(browser) = chromium() else { return };
    let handbook = built_basic();
    let page = handbook
        .public()
        .join("policies/security/access-control.html");
    let dom = dump_dom(browser, &format!("file://{}", page.display()));
    assert!(
        dom.contains("Only system owners."),
        "page content shown:\n{dom}"
    );
    assert!(
        dom.contains(r#"data-northstar="ready""#),
        "the theme script loaded from disk:\n{dom}"
    );
}

#[test]
fn works_under_a_sub_path() {
    let Some(browser) = chromium() else { return };
    let handbook = built_basic();
    let served = tempfile::tempdir().unwrap();
    let under: PathBuf = served.path().join("handbook");
    copy_tree(&handbook.public(), &under);
    let server = static_server(served.path());
    let base = format!("http://127.0.0.1:{}/handbook", server.port);
    let dom = dump_dom(browser, &format!("{base}/policies/retention.html"));
    assert!(
        dom.contains("Deleting early is also a breach."),
        "page content shown:\n{dom}"
    );
    assert!(
        dom.contains(r#"data-northstar="ready""#),
        "the theme script loaded under /handbook/:\n{dom}"
    );
    let home = dump_dom(browser, &format!("{base}/index.html"));
    assert!(
        home.contains("Acme Technology Handbook") && home.contains(r#"data-northstar="ready""#)
    );
}
