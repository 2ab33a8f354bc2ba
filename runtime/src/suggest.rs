//! "Did you mean …?" for names typed by a person.

/// The candidate closest to `input`, if any is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    let input_chars = input.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let threshold = (c.len().max(input.len()) / 3).max(1);
            // The distance is at least the difference in length: skip the
            // quadratic comparison when that alone is too far (a megabyte
            // of unknown field name against `id`).
            if input_chars.abs_diff(c.chars().count()) > threshold {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&input_lower, &c.to_ascii_lowercase());
            (distance <= threshold).then_some((distance, c))
        })
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
    fn a_huge_input_is_dismissed_by_its_length() {
        let huge = "is_callable".repeat(100_000);
        let started = std::time::Instant::now();
        assert_eq!(closest(&huge, ["is_callable", "is_pushable"]), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn ignores_unrelated_names() {
        assert_eq!(closest("zzzz", ["is_callable", "is_pushable"]), None);
    }
}
