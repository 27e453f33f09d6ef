//! The work floor of a build, for the manual's performance page: read every Markdown file,
//! split off its front matter, parse the YAML, render the Markdown to HTML and write one file
//! per document, in parallel, and nothing else (no theme, links, search, views or listings).
//! Northstar's full build is compared against this with hyperfine.
//!
//! ```sh
//! cargo build --release --example work_floor
//! target/release/examples/work_floor HANDBOOK_DIR OUTPUT_DIR
//! ```

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, root, output] = &args[..] else {
        eprintln!("usage: work_floor HANDBOOK_DIR OUTPUT_DIR");
        std::process::exit(2);
    };
    let content = Path::new(root).join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let output = Path::new(output);
    let written: usize = files
        .par_iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("readable");
            let (yaml, body) = split(&text);
            let _: serde_yaml::Value =
                serde_yaml::from_str(yaml).unwrap_or(serde_yaml::Value::Null);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
            let target = output.join(
                file.strip_prefix(&content)
                    .expect("inside")
                    .with_extension("html"),
            );
            std::fs::create_dir_all(target.parent().expect("a folder")).expect("folder made");
            std::fs::write(&target, html).expect("written");
            1
        })
        .sum();
    println!("{written} documents");
}

/// The YAML between the `---` lines, and the body after them.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}
