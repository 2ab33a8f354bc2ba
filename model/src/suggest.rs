//! "Did you mean …?" for names typed by a person.

/// The candidate closest to `input`, if any is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest_by(input, candidates, strsim::damerau_levenshtein)
}

/// [`closest`] with the edit distance given (of the lowercased names), so
/// tests can see which comparisons are made.
fn closest_by<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    mut distance: impl FnMut(&str, &str) -> usize,
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
            let distance = distance(&input_lower, &c.to_ascii_lowercase());
            (distance <= threshold).then_some((distance, c))
        })
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{closest, closest_by};

    #[test]
    fn finds_a_typo() {
        assert_eq!(
            closest("is_calable", ["is_callable", "is_pushable"]),
            Some("is_callable")
        );
    }

    /// The quadratic distance is never computed for a megabyte of input:
    /// the length difference alone rules every candidate out.
    #[test]
    fn a_huge_input_is_dismissed_by_its_length() {
        let huge = "is_callable".repeat(100_000);
        let mut compared = Vec::new();
        let found = closest_by(&huge, ["is_callable", "is_pushable"], |a, b| {
            compared.push((a.len(), b.to_owned()));
            strsim::damerau_levenshtein(a, b)
        });
        assert_eq!(found, None);
        assert_eq!(compared, []);
        // Candidates within reach by length are compared, and only those.
        let mut compared = Vec::new();
        let found = closest_by("is_calable", ["is_callable", "id"], |a, b| {
            compared.push(b.to_owned());
            strsim::damerau_levenshtein(a, b)
        });
        assert_eq!(
            (found, compared),
            (Some("is_callable"), vec!["is_callable".to_owned()])
        );
    }

    #[test]
    fn ignores_unrelated_names() {
        assert_eq!(closest("zzzz", ["is_callable", "is_pushable"]), None);
    }
}
