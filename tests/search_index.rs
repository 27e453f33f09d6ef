//! The search index a build writes: what it finds, what it leaves out, the filters' values,
//! and how a handbook turns search off. Lookups follow the same steps as the theme's script.

mod common;

use serde_json::Value;

use common::Handbook;

/// A built site's index, read the way `search.js` reads it.
struct Index<'a> {
    handbook: &'a Handbook,
}

/// One result: the document's title, its URL with the section, and its filter values.
#[derive(Debug)]
struct Hit {
    title: String,
    link: String,
    doc: Value,
}

impl Index<'_> {
    fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.handbook.page(&format!("search/{path}"))).unwrap()
    }

    /// The shard holding the stems that start with `word`.
    fn shard(&self, word: &str) -> Value {
        let manifest = self.json("manifest.json");
        let has =
            |list: &str, key: &str| manifest[list].as_array().unwrap().iter().any(|k| k == key);
        let chars: Vec<char> = word.chars().collect();
        for n in 0..=chars.len() {
            let key: String = chars[..n].iter().collect();
            let file: String = key.bytes().map(|b| format!("{b:02x}")).collect();
            if has("leaves", &key) {
                return self.json(&format!("t/x{file}.json"));
            }
            if !has("split", &key) {
                break;
            }
            if n == chars.len() {
                return self.json(&format!("s/x{file}.json"));
            }
        }
        Value::Object(Default::default())
    }

    /// The documents with a word starting with `word`, best first.
    fn find(&self, word: &str) -> Vec<Hit> {
        let shard = self.shard(word);
        let mut best: Vec<(u64, u64, u64)> = Vec::new();
        // A stem holds its postings when its only word is itself, else its words'.
        let words =
            shard
                .as_object()
                .unwrap()
                .iter()
                .flat_map(|(stem, value)| match value.as_object() {
                    Some(words) => words.iter().map(|(w, p)| (w.clone(), p)).collect(),
                    None => vec![(stem.clone(), value)],
                });
        for (term, postings) in words {
            if !term.starts_with(word) {
                continue;
            }
            let postings: Vec<u64> = postings
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            for p in postings.chunks(3) {
                match best.iter_mut().find(|b| b.0 == p[0]) {
                    Some(b) if b.2 < p[2] => *b = (p[0], p[1], p[2]),
                    Some(_) => {}
                    None => best.push((p[0], p[1], p[2])),
                }
            }
        }
        best.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        best.into_iter()
            .map(|(doc, section, _)| {
                let doc = self.json(&format!("d/{}/{doc}.json", doc / 100));
                let part = &doc["p"][section as usize];
                let id = part[0].as_str().unwrap();
                let mut link = doc["u"].as_str().unwrap().to_string();
                if !id.is_empty() {
                    link = format!("{link}#{id}");
                }
                Hit {
                    title: doc["t"].as_str().unwrap().to_string(),
                    link,
                    doc,
                }
            })
            .collect()
    }

    fn titles(&self, word: &str) -> Vec<String> {
        self.find(word).into_iter().map(|h| h.title).collect()
    }
}

fn handbook() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write(
            "content/policies/retention.md",
            "---\ntitle: Data retention\nkind: policy\nstatus: active\nowner: security-office\n\
             tags: [privacy, data]\neffective: 2026-01-01\nreview_by: 2027-06-01\n---\n\n\
             We keep records for seven years.\n\n## Deletion of backups\n\n\
             Backups are purged with the zanzibarite procedure.\n",
        )
        .write(
            "content/ferries.md",
            "---\ntitle: Harbour ferries\n---\n\nThe timetable of the boats.\n",
        )
        .write(
            "content/notes.md",
            "---\ntitle: Notes\n---\n\nHarbour harbour harbour harbour harbour, mentioned often.\n",
        )
        .write(
            "content/plans/next.md",
            "---\ntitle: Next year\ndraft: true\n---\n\nThe quixotically secret plan.\n",
        )
        .write(
            "content/private.md",
            "---\ntitle: Board minutes\nsearch: false\n---\n\nThe flibbertigibbet discussion.\n",
        );
    handbook
}

#[test]
fn a_unique_word_is_found_and_links_to_its_heading() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    let hits = index.find("zanzibarite");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "Data retention");
    assert_eq!(hits[0].link, "policies/retention.html#deletion-of-backups");
    // As typed, before the word is complete.
    assert_eq!(index.titles("zanzi"), ["Data retention"]);
    // The results page is there, and every page has the search box.
    assert!(handbook
        .page("search/index.html")
        .contains("data-search-page"));
    assert!(handbook
        .page("ferries.html")
        .contains(r#"action="search/index.html""#));
    assert!(handbook
        .page("policies/retention.html")
        .contains(r#"action="../search/index.html""#));
}

#[test]
fn titles_rank_above_body_text() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    assert_eq!(index.titles("harbour"), ["Harbour ferries", "Notes"]);
}

#[test]
fn drafts_are_indexed_only_when_built() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    assert!(index.find("quixotically").is_empty());
    handbook.run(&["build", "--drafts"]).assert_code(0);
    assert_eq!(index.titles("quixotically"), ["Next year"]);
}

#[test]
fn search_false_leaves_a_document_out_of_the_index_only() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    assert!(index.find("flibbertigibbet").is_empty());
    assert!(index.find("board").is_empty());
    assert!(handbook.page("private.html").contains("flibbertigibbet"));
}

#[test]
fn filters_carry_kind_status_owner_and_tags() {
    let handbook = handbook();
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    let hit = &index.find("zanzibarite")[0];
    assert_eq!(hit.doc["k"], "Policy");
    assert_eq!(hit.doc["s"], "active");
    assert_eq!(hit.doc["o"], "security-office");
    assert_eq!(hit.doc["g"], serde_json::json!(["privacy", "data"]));
    let facets = index.json("facets.json");
    let n = index.json("manifest.json")["docs"].as_u64().unwrap() as usize;
    let docs = decode_facets(&facets);
    assert_eq!(docs.len(), n);
    let policy = docs
        .iter()
        .find(|d| d[0] == ["Policy"])
        .expect("the policy's filter values");
    assert_eq!(policy[1], ["active"]);
    assert_eq!(policy[2], ["security-office"]);
    assert_eq!(policy[3], ["privacy", "data"]);
    // A page without kind, status or owner is a "Page" with no status or owner.
    let page = docs.iter().find(|d| d[0] == ["Page"]).unwrap();
    assert!(page[1].is_empty() && page[2].is_empty());
}

/// `facets.json` decoded as the results page decodes it: per document, the values of kind,
/// status, owner and tag.
fn decode_facets(facets: &Value) -> Vec<[Vec<String>; 4]> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let text: Vec<char> = facets["docs"].as_str().unwrap().chars().collect();
    let mut at = 0;
    let number = |at: &mut usize, width: u64| {
        let mut n = 0;
        for _ in 0..width {
            n = n * 64 + DIGITS.find(text[*at]).unwrap();
            *at += 1;
        }
        n
    };
    let width = |field: &str| facets["width"][field].as_u64().unwrap();
    let value = |field: &str, n: usize| -> Vec<String> {
        match n {
            0 => Vec::new(),
            n => vec![facets["fields"][field][n - 1].as_str().unwrap().to_string()],
        }
    };
    let mut docs = Vec::new();
    while at < text.len() {
        let kind = value("kind", number(&mut at, width("kind")));
        let status = value("status", number(&mut at, width("status")));
        let owner = value("owner", number(&mut at, width("owner")));
        let count = number(&mut at, 1);
        let mut tags = Vec::new();
        for _ in 0..count {
            tags.extend(value("tag", number(&mut at, width("tag"))));
        }
        docs.push([kind, status, owner, tags]);
    }
    docs
}

#[test]
fn search_can_be_turned_off() {
    let handbook = handbook();
    handbook.write(
        "northstar.yaml",
        "title: Test Handbook\nsearch:\n  enabled: false\n",
    );
    handbook.run(&["build"]).assert_code(0);
    assert!(!handbook.public().join("search").exists());
    assert!(!handbook.page("ferries.html").contains("site-search"));
    assert!(!handbook.page("ferries.html").contains("search.js"));
}

#[test]
fn a_mistyped_search_option_is_an_error() {
    let handbook = handbook();
    handbook.write("northstar.yaml", "search:\n  enable: false\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("unknown field `enable`");
}

#[test]
fn the_forms_of_a_word_share_their_stem_in_the_index() {
    let handbook = Handbook::new();
    handbook
        .write(
            "content/a.md",
            "---\ntitle: A\n---\n\nSupplier invoices and one invoice.\n",
        )
        .write(
            "content/b.md",
            "---\ntitle: B\n---\n\nInvoicing runs monthly.\n",
        );
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    let manifest = index.json("manifest.json");
    assert_eq!(manifest["stemmer"], "en");
    let shard = index.shard("invoic");
    let group = shard["invoic"].as_object().expect("the words of one stem");
    let words: Vec<&String> = group.keys().collect();
    assert_eq!(words, ["invoice", "invoices", "invoicing"]);
}

#[test]
fn an_unknown_language_is_an_error_that_lists_the_known_ones() {
    let handbook = Handbook::new();
    handbook
        .write("northstar.yaml", "title: T\nlanguage: klingon\n")
        .write("content/a.md", "---\ntitle: A\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("northstar.yaml:2:1")
        .assert_stderr("`language` is `klingon`")
        .assert_stderr("en (English)")
        .assert_stderr("zh (Chinese)");
    handbook.write("northstar.yaml", "title: T\nlanguage: zh\n");
    handbook.run(&["build"]).assert_code(0);
    let manifest: Value = serde_json::from_str(&handbook.page("search/manifest.json")).unwrap();
    assert_eq!(manifest["stemmer"], Value::Null);
}

#[test]
fn a_content_folder_named_search_is_refused() {
    let handbook = handbook();
    handbook.write("content/search/_index.md", "---\ntitle: Search\n---\n");
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/search is where Northstar writes its search index");
}

#[test]
fn a_large_index_is_split_into_shards_that_still_find_every_word() {
    let handbook = Handbook::new();
    for d in 0..30 {
        let words: Vec<String> = (0..100).map(|w| format!("kx{:05}", d * 100 + w)).collect();
        handbook.write(
            &format!("content/doc-{d}.md"),
            &format!("---\ntitle: Document {d}\n---\n\n{}\n", words.join(" ")),
        );
    }
    handbook.run(&["build"]).assert_code(0);
    let index = Index {
        handbook: &handbook,
    };
    let manifest = index.json("manifest.json");
    let split: Vec<&str> = manifest["split"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(split.contains(&"kx"), "the kx words were split: {split:?}");
    assert_eq!(index.titles("kx01234"), ["Document 12"]);
    assert_eq!(index.titles("kx02999"), ["Document 29"]);
    // A query that ends at a split prefix reads its most common words.
    assert!(!index.find("kx").is_empty());
}

#[test]
fn a_wrong_search_field_is_reported_on_its_line() {
    let handbook = handbook();
    handbook.write(
        "content/notes.md",
        "---\ntitle: Notes\nsearch: maybe\n---\n\nText.\n",
    );
    handbook
        .run(&["build"])
        .assert_code(1)
        .assert_stderr("content/notes.md:3:1")
        .assert_stderr("`search` should be true or false");
}
