//! "Did you mean …?" for names typed by a person.

/// The candidate closest to `input`, if any is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&input_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.len().max(input.len()) / 3).max(1))
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_a_typo() {
        assert_eq!(
            closest("is_calable", ["is_callable", "is_pushable"]),
            Some("is_callable")
        );
    }

    #[test]
    fn ignores_unrelated_names() {
        assert_eq!(closest("zzzz", ["is_callable", "is_pushable"]), None);
    }
}
