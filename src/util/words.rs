//! Numbers in prose: "1 risk", "3 risks", "1 entry", "2 entries".

/// `n` and the noun, singular for one: `count(1, "risk", "risks")` is `1 risk`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The plural of a regular English noun: `risk` → `risks`, `entry` → `entries`,
/// `process` → `processes`.
pub fn plural(noun: &str) -> String {
    let vowel_before_y = noun
        .len()
        .checked_sub(2)
        .and_then(|i| noun.as_bytes().get(i))
        .is_some_and(|c| b"aeiou".contains(c));
    if noun.ends_with('y') && !vowel_before_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| noun.ends_with(end))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(count(1, "risk", "risks"), "1 risk");
        assert_eq!(count(0, "risk", "risks"), "0 risks");
        assert_eq!(count(3, "entry", &plural("entry")), "3 entries");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("process"), "processes");
        assert_eq!(plural("decision"), "decisions");
    }
}
