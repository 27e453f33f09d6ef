//! Search relevance, measured through the real search box in headless Chromium: the handbook
//! of tests/fixtures/relevance (pages of our own, in English, Chinese and Japanese) and its
//! queries (`queries.tsv`: exact words, other forms of a word, typing slips, several words,
//! heading words, phrases, CJK text, accents, the start of a word), each with the page it
//! should find. Every expected page must be among the first five results; the mean
//! reciprocal rank is printed (bench/pagefind.py compares it with Pagefind's). Also holds the
//! theme's English stemmer to the build's (rust-stemmers) on every word of the manual.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::webdriver::{browser_available, chromedriver, open_browser, static_server, wait_until};
use common::{copy_tree, Handbook};
use fantoccini::{Client, Locator};
use serde_json::json;

/// A query, the page it should find, and what kind of match it tests.
struct Query {
    text: String,
    page: String,
    kind: String,
}

fn queries() -> Vec<Query> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/relevance/queries.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Query {
                text: fields[0].into(),
                page: fields[1].into(),
                kind: fields[2].into(),
            }
        })
        .collect()
}

/// The pages the header box lists for `query`, in order, as paths under `base`.
async fn results(client: &Client, query: &str) -> Vec<String> {
    let input = client
        .find(Locator::Css("#site-search-input"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    // The "All results" link is written with the results of the query typed last.
    let encoded = client
        .execute(
            "return encodeURIComponent(arguments[0])",
            vec![json!(query)],
        )
        .await
        .unwrap();
    let done = format!(
        "var a = document.querySelector('.search-results .search-all a'); \
         return !!a && a.href.endsWith('?q=' + {encoded})"
    );
    wait_until(client, &format!("the results for {query:?}"), &done).await;
    let found = client
        .execute(
            "return Array.from(document.querySelectorAll('.search-results [role=option] a'))\
             .map(a => new URL(a.href).pathname.replace(/^\\/handbook\\//, ''))",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_query_finds_its_page_in_the_top_five() {
    if !browser_available() {
        return;
    }
    let handbook = Handbook::fixture("relevance");
    handbook.run(&["build"]).assert_code(0);
    let served = tempfile::tempdir().unwrap();
    let under: PathBuf = served.path().join("handbook");
    copy_tree(&handbook.public(), &under);
    let server = static_server(served.path());
    let base = format!("http://127.0.0.1:{}/handbook", server.port);
    let driver = chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let client = open_browser(&driver, profile.path(), "1200,800").await;
    client.goto(&format!("{base}/index.html")).await.unwrap();
    wait_until(
        &client,
        "the search box",
        "return document.querySelector('.site-search[data-search=ready]') !== null",
    )
    .await;

    let queries = queries();
    assert!(queries.len() >= 30, "{} queries", queries.len());
    let kinds: BTreeSet<&str> = queries.iter().map(|q| q.kind.as_str()).collect();
    let mut missed = Vec::new();
    let mut reciprocal = 0.0;
    for query in &queries {
        let found = results(&client, &query.text).await;
        let rank = found.iter().position(|page| *page == query.page);
        match rank {
            Some(rank) if rank < 5 => reciprocal += 1.0 / (rank + 1) as f64,
            _ => missed.push(format!(
                "{:?} ({}): expected {} in the top 5, got {found:?}",
                query.text, query.kind, query.page
            )),
        }
    }
    let mrr = reciprocal / queries.len() as f64;
    println!(
        "search relevance: {} queries ({}), mean reciprocal rank {mrr:.3}",
        queries.len(),
        kinds.into_iter().collect::<Vec<_>>().join(", ")
    );
    assert!(missed.is_empty(), "{}", missed.join("\n"));

    highlights(&client).await;
    stemmer_agrees_with_the_build(&client).await;
    results_page_is_as_wide_as_the_page(&client, &base).await;
    let _ = client.close().await;
}

/// Snippets keep list items apart and mark the word that matched, in whatever form.
async fn highlights(client: &Client) {
    results(client, "invoicing").await;
    let marked = client
        .execute(
            "return Array.from(document.querySelectorAll('.search-results [role=option]')[0]\
             .querySelectorAll('mark')).map(m => m.textContent)",
            vec![],
        )
        .await
        .unwrap();
    let marked: Vec<String> = serde_json::from_value(marked).unwrap();
    assert!(
        marked.iter().any(|m| m == "invoices" || m == "Invoices"),
        "{marked:?}"
    );
    results(client, "dashbords").await;
    let first = client
        .execute(
            "return document.querySelector('.search-results [role=option] .search-result-snippet').innerHTML",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        first.as_str().unwrap().contains("<mark>dashboard</mark>"),
        "{first}"
    );
    results(client, "approval limits").await;
    let snippet = client
        .execute(
            "return document.querySelector('.search-results [role=option] .search-result-snippet').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        snippet
            .as_str()
            .unwrap()
            .contains("Amount · Who approves · up to 5,000"),
        "{snippet}"
    );
}

/// The results page is not held to the measure of a document's text: it fills its column.
async fn results_page_is_as_wide_as_the_page(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/search/index.html?q=invoices"))
        .await
        .unwrap();
    wait_until(
        client,
        "the results page",
        "return document.querySelector('[data-search-page][data-search=done]') !== null",
    )
    .await;
    let widths = client
        .execute(
            "var page = document.querySelector('.search-page'); \
             return [page.getBoundingClientRect().width, page.parentElement.clientWidth]",
            vec![],
        )
        .await
        .unwrap();
    let (page, column) = (widths[0].as_f64().unwrap(), widths[1].as_f64().unwrap());
    assert!(
        page >= column * 0.9 && page > 900.0,
        "the results page is {page}px wide in a column of {column}px"
    );
}

/// The theme's stem-en.js gives rust-stemmers' English stem for every word of the manual.
async fn stemmer_agrees_with_the_build(client: &Client) {
    let mut words = BTreeSet::new();
    let manual = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content");
    for file in common::walkdir(&manual) {
        if file.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&file).unwrap().to_lowercase();
            for word in text.split(|c: char| !c.is_ascii_lowercase()) {
                if word.len() >= 3 {
                    words.insert(word.to_string());
                }
            }
        }
    }
    assert!(words.len() > 2000, "{} words", words.len());
    let words: Vec<String> = words.into_iter().collect();
    client
        .execute(
            "var s = document.createElement('script'); s.src = arguments[0]; \
             document.head.appendChild(s); return true",
            vec![json!("northstar/stem-en.js")],
        )
        .await
        .unwrap();
    wait_until(
        client,
        "the stemmer",
        "return !!(window.NorthstarStem && window.NorthstarStem.en)",
    )
    .await;
    let stems = client
        .execute(
            "return arguments[0].map(w => window.NorthstarStem.en(w))",
            vec![json!(words)],
        )
        .await
        .unwrap();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let differ: Vec<String> = words
        .iter()
        .zip(stems.as_array().unwrap())
        .filter(|(word, stem)| stem.as_str() != Some(stemmer.stem(word).as_ref()))
        .map(|(word, stem)| format!("{word}: {stem} against {}", stemmer.stem(word)))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
