//! The stem of each indexed word, by the handbook's `language:` (the Snowball stemmers of
//! rust-stemmers): the shards group a word with the other words of its stem, so that the
//! search box finds `invoices` for `invoicing`. For English the theme's `stem-en.js` stems
//! what is typed the same way (tests/search_stemmer.rs holds the two together); for the other
//! languages the search box finds the forms of a word that the handbook itself uses.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer as Snowball};

use super::text::is_cjk;

/// The stemmer of one language, or none (Chinese, Japanese, Korean).
pub struct Stemmer {
    snowball: Option<Snowball>,
    /// English: only words of the letters a–z are stemmed, as `stem-en.js` does.
    ascii_only: bool,
    /// The language's code when the theme has its stemmer as a script (`stem-<code>.js`).
    script: Option<&'static str>,
}

impl Stemmer {
    /// The stemmer for `language`, a code of [`crate::model::config::LANGUAGES`].
    pub fn for_language(language: &str) -> Stemmer {
        let algorithm = match language {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "en" => Some(Algorithm::English),
            "es" => Some(Algorithm::Spanish),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "nl" => Some(Algorithm::Dutch),
            "no" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        let english = language == "en";
        Stemmer {
            snowball: algorithm.map(Snowball::create),
            ascii_only: english,
            script: english.then_some("en"),
        }
    }

    /// The stem of `word` (lower-cased and folded, as the index keeps it): itself when it
    /// is shorter than three letters, holds a digit or a CJK character, or the language
    /// has no stemmer.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let Some(snowball) = &self.snowball else {
            return Cow::Borrowed(word);
        };
        let letters = if self.ascii_only {
            word.bytes().all(|b| b.is_ascii_lowercase())
        } else {
            word.chars().all(|c| c.is_alphabetic() && !is_cjk(c))
        };
        if !letters || word.chars().nth(2).is_none() {
            return Cow::Borrowed(word);
        }
        match snowball.stem(word) {
            // A stem of one letter would sit above the shards' first split: keep the word.
            Cow::Owned(stem) if stem.chars().nth(1).is_none() => Cow::Borrowed(word),
            Cow::Owned(stem) => Cow::Owned(stem),
            Cow::Borrowed(_) => Cow::Borrowed(word),
        }
    }

    /// The theme's stemmer script for this language (`northstar/stem-<code>.js`), if any.
    pub fn script(&self) -> Option<&'static str> {
        self.script
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_stemmed_and_others_kept() {
        let en = Stemmer::for_language("en");
        assert_eq!(en.stem("invoicing"), "invoic");
        assert_eq!(en.stem("invoices"), "invoic");
        assert_eq!(en.stem("deployed"), en.stem("deploying"));
        assert_eq!(en.stem("x86"), "x86");
        assert_eq!(en.stem("数据"), "数据");
        assert_eq!(en.stem("as"), "as");
        assert_eq!(en.script(), Some("en"));
        let zh = Stemmer::for_language("zh");
        assert_eq!(zh.stem("invoicing"), "invoicing");
        assert_eq!(zh.script(), None);
        let fr = Stemmer::for_language("fr");
        assert_eq!(fr.stem("continuellement"), fr.stem("continuel"));
    }
}
