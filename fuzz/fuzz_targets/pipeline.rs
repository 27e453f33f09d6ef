//! Fuzz target: front matter + Markdown + link resolution on a handbook made of the input.
//!
//! The input is read as text: its first line is `northstar.yaml` (with `\t` for new lines),
//! then files follow, each introduced by a line `=== PATH`. Any input must load without a
//! panic; a sanitized body must not hold a `<script` element.
#![no_main]

use libfuzzer_sys::fuzz_target;
use northstar::pipeline::in_memory;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (config, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let config = config.replace('\t', "\n");
    let mut files = Vec::new();
    for chunk in rest.split("=== ").filter(|c| !c.is_empty()) {
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        files.push((path.trim().to_string(), body.to_string()));
    }
    let outcome = in_memory::run(&config, &files);
    if !config.contains("allow") {
        for body in &outcome.bodies {
            assert!(!body.contains("<script"), "a script survived: {body}");
        }
    }
});
