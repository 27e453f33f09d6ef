//! A document's words counted in one hash table: each word is a slice of one lower-cased,
//! padded buffer, found by its length and first eight bytes read as one integer, so a
//! common (short) word is hashed and compared without a byte loop.

use hashbrown::hash_table::{Entry, HashTable};

/// Spaces after the text, so that eight bytes can be read at any word's start.
pub const PADDING: &str = "        ";

/// Values kept per distinct word of one buffer.
pub struct WordTable<'t, V> {
    /// The padded buffer every word is a slice of.
    text: &'t str,
    slots: HashTable<Slot<V>>,
}

struct Slot<V> {
    hash: u64,
    /// The word's first eight bytes (zero beyond its end).
    head: u64,
    start: u32,
    len: u32,
    value: V,
}

impl<'t, V> WordTable<'t, V> {
    /// An empty table for words of `text`, which must end with [`PADDING`].
    pub fn new(text: &'t str, capacity: usize) -> Self {
        assert!(text.ends_with(PADDING), "the word buffer is padded");
        assert!(
            u32::try_from(text.len()).is_ok(),
            "the word buffer fits u32"
        );
        WordTable {
            text,
            slots: HashTable::with_capacity(capacity),
        }
    }

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
        let mut hash = mix(head ^ len as u64);
        let mut at = 8;
        while at < len {
            hash = mix(hash ^ chunk(bytes, start + at, len - at));
            at += 8;
        }
        let same = |slot: &Slot<V>| {
            slot.hash == hash
                && slot.head == head
                && slot.len as usize == len
                && (len <= 8 || bytes[slot.start as usize..][..len] == bytes[start..][..len])
        };
        let slot = match self.slots.entry(hash, same, |slot| slot.hash) {
            Entry::Occupied(found) => found.into_mut(),
            Entry::Vacant(free) => free
                .insert(Slot {
                    hash,
                    head,
                    start: start as u32,
                    len: len as u32,
                    value: make(),
                })
                .into_mut(),
        };
        &mut slot.value
    }

    /// How many distinct words the table holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Each distinct word with its value, in no particular order.
    pub fn into_words(self) -> impl Iterator<Item = (&'t str, V)> {
        let text = self.text;
        self.slots.into_iter().map(move |slot| {
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

/// Folds `value` into well-spread bits (a 128-bit multiply, both halves xor-ed).
fn mix(value: u64) -> u64 {
    const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;
    let full = u128::from(value ^ 0x2D35_8DCC_AA6C_78A5) * u128::from(SPREAD);
    (full as u64) ^ ((full >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_word_gets_one_value_however_long() {
        let long = "internationalisation";
        let text = format!("cloud clouds cloud {long} {long}x {long} a été été{PADDING}");
        let mut table = WordTable::new(&text, 4);
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            *table.entry(word, || 0) += 1;
        }
        let mut counts: Vec<(&str, i32)> = table.into_words().collect();
        counts.sort();
        let long_x = format!("{long}x");
        assert_eq!(
            counts,
            [
                ("a", 1),
                ("cloud", 2),
                ("clouds", 1),
                ("internationalisation", 2),
                (long_x.as_str(), 1),
                ("été", 2),
            ]
        );
    }

    #[test]
    #[should_panic(expected = "a word of the table's text")]
    fn a_word_from_elsewhere_is_refused() {
        let text = format!("cloud{PADDING}");
        let mut table = WordTable::new(&text, 1);
        table.entry("cloud", || ());
    }
}
