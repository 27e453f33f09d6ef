//! The default theme checked with real tools on the sample handbook (`content/`): every page
//! passes the Nu Html Checker (vnu) with no errors; every page type passes axe-core in headless
//! Chromium, in light and dark mode, with no serious or critical violation; and each page type
//! is photographed at 375 and 1440 px in both modes into `target/theme-screenshots/`, for a
//! person to look at.
//!
//! The tools are the pinned npm packages of `tests/tools/` (`npm ci` there) and the machine's
//! Java and Chromium. Without them the tests are skipped with a message, except in CI (`CI`
//! set), where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::webdriver;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::Value;

/// One page of each type the theme renders, by output path.
const PAGE_TYPES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("section", "policies/index.html"),
    ("policy", "policies/data-privacy.html"),
    ("strategy", "vision/technology-strategy.html"),
    ("roadmap", "roadmap/roadmap-2027.html"),
    (
        "initiative",
        "roadmap/initiatives/kubernetes-migration.html",
    ),
    ("decision", "decisions/adr-0003-kafka-event-backbone.html"),
    ("technology", "radar/opentelemetry.html"),
    ("radar", "radar/edition-2026-11.html"),
    ("risk", "risk/register/r-001-privileged-access-sprawl.html"),
    ("standard", "architecture/standards/api-design.html"),
    ("diagram", "architecture/system-context.html"),
    ("vendor", "vendors/aws-enterprise-agreement.html"),
    ("traceability", "traceability.html"),
    ("roadmap-timeline", "roadmap-timeline.html"),
    ("tech-radar", "tech-radar.html"),
    ("decision-log", "decision-log.html"),
    ("risk-register", "risk-register.html"),
    ("reviews", "reviews.html"),
    ("board-pack", "board-pack.html"),
    ("print", "print.html"),
    ("owners", "owners/index.html"),
    ("contents", "contents.html"),
    ("tag", "tags/compliance.html"),
    ("search", "search/index.html?q=cloud"),
    ("not-found", "404.html"),
];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A tool of `tests/tools/`, or `None` (with a message) when it is not installed; in CI a
/// missing tool fails the test.
fn tool(relative: &str) -> Option<PathBuf> {
    let path = manifest().join("tests/tools/node_modules").join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: .ci/run must run `npm ci` in tests/tools",
        path.display()
    );
    eprintln!(
        "\n*** SKIPPED: {} is missing; run `npm ci --prefix tests/tools` to check the theme with vnu and axe ***\n",
        path.display()
    );
    None
}

fn java() -> Option<&'static str> {
    let found = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("java");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "java is missing: .ci/run must install a Java runtime for the Nu Html Checker"
    );
    eprintln!("\n*** SKIPPED: no `java` on PATH, needed by the Nu Html Checker ***\n");
    None
}

/// The sample handbook built into a temporary folder, as of a fixed date.
fn build_sample() -> common::SampleBuild {
    let build = common::SampleBuild::new(&[]);
    assert_eq!(build.run.code, 0, "{}", build.run.stderr);
    build
}

#[test]
fn every_page_of_the_sample_handbook_is_valid_html() {
    let Some(vnu) = tool("vnu-jar/build/dist/vnu.jar") else {
        return;
    };
    let Some(java) = java() else { return };
    let build = build_sample();
    let site = build.site.clone();
    let output = Command::new(java)
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&site)
        .output()
        .expect("run the Nu Html Checker");
    let report =
        String::from_utf8_lossy(&output.stderr).replace(&format!("file:{}/", site.display()), "");
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu Html Checker found errors:\n{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_in_light_and_dark_and_is_photographed() {
    let Some(axe_path) = tool("axe-core/axe.min.js") else {
        return;
    };
    if !webdriver::browser_available() {
        return;
    }
    let axe = std::fs::read_to_string(axe_path).unwrap();
    let build = build_sample();
    let site = build.site.clone();
    let server = webdriver::static_server(&site);
    let driver = webdriver::chromedriver();
    let shots = manifest().join("target/theme-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut problems = Vec::new();
    for (scheme, flags) in [("light", &[][..]), ("dark", &["--force-dark-mode"][..])] {
        let profile = tempfile::tempdir().unwrap();
        let mut all_flags = vec!["--hide-scrollbars"];
        all_flags.extend_from_slice(flags);
        let client =
            webdriver::open_browser_with(&driver, profile.path(), "1440,900", &all_flags).await;
        // axe runs as an asynchronous script, which WebDriver stops after 30 s by default; on a
        // loaded two-core CI machine it can take longer on the biggest pages (print, board
        // pack). Only the script timeout changes: the page-load and implicit waits stay.
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(120)),
                None,
                None,
            ))
            .await
            .expect("set the script timeout");
        for (name, path) in PAGE_TYPES {
            let url = format!("http://127.0.0.1:{}/{path}", server.port);
            client.goto(&url).await.unwrap();
            settle(&client, name).await;
            problems.extend(axe_problems(&client, &axe, name, scheme).await);
            for width in [375, 1440] {
                let file = shots.join(format!("{name}-{width}-{scheme}.png"));
                photograph(&client, width, &file).await;
            }
            client.set_window_size(1440, 900).await.unwrap();
        }
        client.close().await.unwrap();
    }
    eprintln!("screenshots in {}", shots.display());
    assert!(
        problems.is_empty(),
        "axe found serious or critical violations:\n{}",
        problems.join("\n")
    );
}

/// Waits until the theme's script has run (and, on a page with diagrams, Mermaid drew them).
async fn settle(client: &fantoccini::Client, name: &str) {
    webdriver::wait_until(
        client,
        &format!("the {name} page to be ready"),
        "return document.documentElement.getAttribute('data-northstar') === 'ready' \
         && !document.querySelector('pre.mermaid:not([data-processed])');",
    )
    .await;
}

/// axe-core's serious and critical violations on the current page, one line each.
async fn axe_problems(
    client: &fantoccini::Client,
    axe: &str,
    name: &str,
    scheme: &str,
) -> Vec<String> {
    client
        .execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .expect("load axe-core");
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
          done(r.violations
            .filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
            .map(function (v) {
              return v.impact + ' ' + v.id + ': ' + v.help + ' — ' +
                v.nodes.slice(0, 3).map(function (n) { return n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')'; }).join('; ');
            }));
        }, function (e) { done(['axe failed: ' + e]); });";
    let value = client.execute_async(script, vec![]).await.expect("run axe");
    let Value::Array(found) = value else {
        return vec![format!("{name} ({scheme}): axe returned {value}")];
    };
    found
        .into_iter()
        .map(|v| format!("{name} ({scheme}): {}", v.as_str().unwrap_or_default()))
        .collect()
}

/// A screenshot of the page at `width`, as tall as the page (up to 5,000 px).
async fn photograph(client: &fantoccini::Client, width: u32, file: &Path) {
    client.set_window_size(width, 900).await.unwrap();
    let height = client
        .execute(
            "return Math.ceil(document.documentElement.scrollHeight);",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 5000) as u32;
    client.set_window_size(width, height).await.unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(file, png).unwrap();
}

#[test]
fn the_vendored_mermaid_is_the_pinned_package() {
    let Some(pinned) = tool("mermaid/dist/mermaid.min.js") else {
        return;
    };
    let vendored = manifest().join("themes/default/static/northstar/vendor/mermaid");
    assert!(
        std::fs::read(&pinned).unwrap() == std::fs::read(vendored.join("mermaid.min.js")).unwrap(),
        "themes/default/static/northstar/vendor/mermaid/mermaid.min.js differs from the version pinned in tests/tools: copy it again (see its README.md)"
    );
    let licence = manifest().join("tests/tools/node_modules/mermaid/LICENSE");
    assert_eq!(
        std::fs::read(licence).unwrap(),
        std::fs::read(vendored.join("LICENSE")).unwrap()
    );
}
