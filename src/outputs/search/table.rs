//! A document's words counted in one hash table: each word is a slice of one lower-cased,
//! padded buffer, found by its length and first eight bytes read as one integer, so a
//! common (short) word is hashed and compared without a byte loop.
//!
//! The slots outlive the document: a [`WordCounter`] is kept by each rendering thread and
//! handed to one document after another. Each slot carries the number of the document that
//! filled it, so starting the next document empties the table without touching it, and the
//! table grows once to the size of the wordiest document instead of once per document.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// Spaces after the text, so that eight bytes can be read at any word's start.
pub const PADDING: &str = "        ";

/// The slots a thread reuses from one document to the next.
pub struct WordCounter<V> {
    slots: Vec<Slot<V>>,
    /// The slots filled for the current document, in the order their words came.
    filled: Vec<u32>,
    /// The current document's number; a slot of another number is empty.
    generation: u32,
}

#[derive(Clone, Copy)]
struct Slot<V> {
    generation: u32,
    hash: u32,
    /// The word's first eight bytes (zero beyond its end).
    head: u64,
    start: u32,
    len: u32,
    value: V,
}

/// Slots a counter starts with (it doubles when half of them are filled).
const FIRST_SLOTS: usize = 1024;

impl<V: Copy + Default> Default for WordCounter<V> {
    fn default() -> Self {
        WordCounter {
            slots: vec![Slot::empty(); FIRST_SLOTS],
            filled: Vec::new(),
            generation: 0,
        }
    }
}

impl<V: Copy + Default> Slot<V> {
    fn empty() -> Self {
        Slot {
            generation: 0,
            hash: 0,
            head: 0,
            start: 0,
            len: 0,
            value: V::default(),
        }
    }
}

impl<V: Copy + Default> WordCounter<V> {
    /// An empty table for the words of `text`, which must end with [`PADDING`]; whatever
    /// the previous text counted is forgotten.
    pub fn start<'t>(&'t mut self, text: &'t str) -> WordTable<'t, V> {
        assert!(text.ends_with(PADDING), "the word buffer is padded");
        assert!(
            u32::try_from(text.len()).is_ok(),
            "the word buffer fits u32"
        );
        self.filled.clear();
        self.generation = match self.generation.checked_add(1) {
            Some(next) => next,
            None => {
                // After four billion documents: empty every slot for real, once.
                self.slots.fill(Slot::empty());
                1
            }
        };
        WordTable {
            text,
            counter: self,
        }
    }

    /// Doubles the slots and places the current document's words again.
    fn grow(&mut self) {
        let bigger = vec![Slot::empty(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for at in &mut self.filled {
            let slot = old[*at as usize];
            let mut place = slot.hash as usize & mask;
            while self.slots[place].generation == self.generation {
                place = (place + 1) & mask;
            }
            self.slots[place] = slot;
            *at = place as u32;
        }
    }
}

/// Values kept per distinct word of one padded buffer.
pub struct WordTable<'t, V> {
    /// The padded buffer every word is a slice of.
    text: &'t str,
    counter: &'t mut WordCounter<V>,
}

impl<'t, V: Copy + Default> WordTable<'t, V> {
    /// The value of `word` (a slice of this table's text), made by `make` the first time.
    #[inline]
    pub fn entry(&mut self, word: &'t str, make: impl FnOnce() -> V) -> &mut V {
        let bytes = self.text.as_bytes();
        let start = (word.as_ptr() as usize)
            .checked_sub(bytes.as_ptr() as usize)
            .filter(|start| start + word.len() + PADDING.len() <= bytes.len())
            .expect("a word of the table's text");
        let len = word.len();
        let head = chunk(bytes, start, len);
        let mut hasher = FxHasher::default();
        hasher.write_u64(head ^ len as u64);
        let mut at = 8;
        while at < len {
            hasher.write_u64(chunk(bytes, start + at, len - at));
            at += 8;
        }
        let hash = hasher.finish() as u32;
        let counter = &mut *self.counter;
        let generation = counter.generation;
        let mut mask = counter.slots.len() - 1;
        let mut place = hash as usize & mask;
        loop {
            let slot = &counter.slots[place];
            if slot.generation != generation {
                if (counter.filled.len() + 1) * 2 > counter.slots.len() {
                    counter.grow();
                    mask = counter.slots.len() - 1;
                    place = hash as usize & mask;
                    continue;
                }
                counter.slots[place] = Slot {
                    generation,
                    hash,
                    head,
                    start: start as u32,
                    len: len as u32,
                    value: make(),
                };
                counter.filled.push(place as u32);
                break;
            }
            let same = slot.hash == hash
                && slot.head == head
                && slot.len as usize == len
                && (len <= 8 || bytes[slot.start as usize..][..len] == bytes[start..][..len]);
            if same {
                break;
            }
            place = (place + 1) & mask;
        }
        &mut counter.slots[place].value
    }

    /// How many distinct words the table holds.
    pub fn len(&self) -> usize {
        self.counter.filled.len()
    }

    /// Each distinct word with its value, in the order the words first came.
    pub fn into_words(self) -> impl Iterator<Item = (&'t str, V)> {
        let text = self.text;
        let WordCounter { slots, filled, .. } = self.counter;
        filled.iter().map(move |&at| {
            let slot = &slots[at as usize];
            let start = slot.start as usize;
            (&text[start..start + slot.len as usize], slot.value)
        })
    }
}

/// The eight bytes of `bytes` at `at`, with those past the first `len` zeroed.
fn chunk(bytes: &[u8], at: usize, len: usize) -> u64 {
    let eight: [u8; 8] = bytes[at..at + 8].try_into().expect("eight bytes");
    let whole = u64::from_le_bytes(eight);
    match len {
        8.. => whole,
        _ => whole & ((1u64 << (8 * len)) - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(counter: &mut WordCounter<i32>, text: &str) -> Vec<(String, i32)> {
        let mut table = counter.start(text);
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            *table.entry(word, || 0) += 1;
        }
        let mut counts: Vec<(String, i32)> = table
            .into_words()
            .map(|(word, count)| (word.to_string(), count))
            .collect();
        counts.sort();
        counts
    }

    #[test]
    fn each_distinct_word_gets_one_value_however_long() {
        let long = "internationalisation";
        let text = format!("cloud clouds cloud {long} {long}x {long} a été été{PADDING}");
        let long_x = format!("{long}x");
        let expected: Vec<(String, i32)> = [
            ("a", 1),
            ("cloud", 2),
            ("clouds", 1),
            (long, 2),
            (long_x.as_str(), 1),
            ("été", 2),
        ]
        .into_iter()
        .map(|(w, n)| (w.to_string(), n))
        .collect();
        let mut counter = WordCounter::default();
        assert_eq!(counts(&mut counter, &text), expected);
        // The same counter, another text: nothing of the first is left.
        let other = format!("cloud rain{PADDING}");
        assert_eq!(
            counts(&mut counter, &other),
            [("cloud".to_string(), 1), ("rain".to_string(), 1)]
        );
    }

    #[test]
    fn a_wordy_text_grows_the_table_and_every_count_survives() {
        let mut counter = WordCounter::default();
        for round in 0..3 {
            let words: Vec<String> = (0..5000)
                .map(|n| format!("w{}x{round}", n % 2500))
                .collect();
            let text = format!("{}{PADDING}", words.join(" "));
            let found = counts(&mut counter, &text);
            assert_eq!(found.len(), 2500, "round {round}");
            assert!(found.iter().all(|(_, n)| *n == 2), "round {round}");
        }
        assert!(counter.slots.len() >= 5000);
    }

    #[test]
    #[should_panic(expected = "a word of the table's text")]
    fn a_word_from_elsewhere_is_refused() {
        let text = format!("cloud{PADDING}");
        let mut counter: WordCounter<()> = WordCounter::default();
        let mut table = counter.start(&text);
        table.entry("cloud", || ());
    }
}
