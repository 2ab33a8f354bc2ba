//! [`Redactor`]: secrets out of text a server sent back.

/// Removes secrets from text the server sent back (error messages, body
/// excerpts): Graph echoes a malformed token in some messages, and HTML
/// error pages may echo the request URL with its `appsecret_proof`.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Secrets shorter than this are not searched for: replacing every
    /// occurrence of a two-letter "token" would garble messages, and such a
    /// string is no secret worth hiding.
    const MIN_LEN: usize = 8;

    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        Redactor {
            secrets: secrets
                .into_iter()
                .filter(|s| s.len() >= Self::MIN_LEN)
                .collect(),
        }
    }

    /// The same redactor, also removing these secrets.
    pub(crate) fn with(mut self, more: impl IntoIterator<Item = String>) -> Self {
        self.secrets
            .extend(more.into_iter().filter(|s| s.len() >= Self::MIN_LEN));
        self
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "<redacted>");
            }
        }
        text
    }

    /// `text` redacted, then cut to at most `max_chars` characters (the
    /// last one `…` when cut): for text from a server or from input that
    /// goes into a message or a trace.
    pub(crate) fn shown(&self, text: &str, max_chars: usize) -> String {
        let text = self.redact(text);
        match text.char_indices().nth(max_chars.saturating_sub(1)) {
            Some((end, _)) if text.chars().count() > max_chars => {
                format!("{}…", &text[..end])
            }
            _ => text,
        }
    }

    /// [`Redactor::redact`] for text made of excerpts that may have been
    /// cut inside a secret (a violation's `found string "EAAB-sec…"`, a body
    /// cut short): before each `…`, a prefix of a secret, at least 4
    /// characters of it, is removed too.
    pub(crate) fn redact_excerpt(&self, text: &str) -> String {
        let text = self.redact(text);
        if !text.contains('…') {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        let mut parts = text.split('…').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                out.push_str(part);
                break;
            }
            let cut = self.secrets.iter().find_map(|secret| {
                (4..secret.len())
                    .rev()
                    .filter(|&n| secret.is_char_boundary(n))
                    .find(|&n| part.ends_with(&secret[..n]))
                    .map(|n| part.len() - n)
            });
            match cut {
                Some(cut) => {
                    out.push_str(&part[..cut]);
                    out.push_str("<redacted>");
                }
                None => out.push_str(part),
            }
            out.push('…');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_cut_inside_a_secret_loses_the_part_it_holds() {
        let redactor = Redactor::new(["EAAB-secret-token".to_owned()]);
        assert_eq!(
            redactor.redact_excerpt("token EAAB-secr…"),
            "token <redacted>…"
        );
        // Fewer than 4 characters of it are left alone, as is a whole secret's redaction.
        assert_eq!(redactor.redact_excerpt("token EAA…"), "token EAA…");
        assert_eq!(
            redactor.redact_excerpt("EAAB-secret-token, then more…"),
            "<redacted>, then more…"
        );
        // Without the mark of a cut, only whole secrets go.
        assert_eq!(
            redactor.redact_excerpt("token EAAB-secr"),
            "token EAAB-secr"
        );
        // Cut anywhere: inside a quoted string, several times, the text
        // after each cut kept.
        assert_eq!(
            redactor.redact_excerpt(r#"found string "EAAB-secret-t…" and array ["EAAB-se…"#),
            r#"found string "<redacted>…" and array ["<redacted>…"#
        );
        assert_eq!(redactor.redact_excerpt("a…b…"), "a…b…");
    }

    #[test]
    fn shown_text_is_redacted_then_cut() {
        let redactor = Redactor::new(["EAAB-secret-token".to_owned()]);
        assert_eq!(redactor.shown("abc", 3), "abc");
        assert_eq!(redactor.shown("abcd", 3), "ab…");
        assert_eq!(redactor.shown("ééééé", 4), "ééé…");
        assert_eq!(
            redactor.shown("a EAAB-secret-token b", 100),
            "a <redacted> b"
        );
        // Cut after redacting: no prefix of the secret is left at the cut.
        assert_eq!(redactor.shown("EAAB-secret-token", 6), "<reda…");
    }

    #[test]
    fn redactor_hides_long_secrets_only() {
        let redactor = Redactor::new(["EAAB-very-secret".to_owned(), "ab".to_owned()]);
        assert_eq!(
            redactor.redact("Malformed access token EAAB-very-secret (about)"),
            "Malformed access token <redacted> (about)"
        );
    }
}
