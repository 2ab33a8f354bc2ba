//! Credentials: the access token, the app secret, and `appsecret_proof`.
//!
//! Both secrets are newtypes whose `Debug` prints `<redacted>`, so a client,
//! a builder or a config can be logged without leaking them. The raw value
//! is reachable only through an explicitly named `expose_secret`.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// A Graph API access token (user, page, or app token).
///
/// Sent as `Authorization: Bearer <token>`, never in a URL.
///
/// ```
/// use graph_runtime::AccessToken;
/// let token = AccessToken::from("EAAB-secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert_eq!(token.expose_secret(), "EAAB-secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

/// A Facebook app secret, used only to sign requests with `appsecret_proof`.
///
/// ```
/// use graph_runtime::AppSecret;
/// assert_eq!(format!("{:?}", AppSecret::from("s3cret")), "AppSecret(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AppSecret(String);

macro_rules! secret_string {
    ($name:ident) => {
        impl $name {
            /// The secret itself. Named so that every use stands out in review.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_string!(AccessToken);
secret_string!(AppSecret);

/// `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token, keyed
/// with the app secret. Graph requires it when the app enables
/// "Require App Secret".
///
/// ```
/// use graph_runtime::auth::appsecret_proof;
/// use graph_runtime::{AccessToken, AppSecret};
/// // RFC 4231, test case 2.
/// let proof = appsecret_proof(&AppSecret::from("Jefe"), &AccessToken::from("what do ya want for nothing?"));
/// assert_eq!(proof, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
/// ```
pub fn appsecret_proof(secret: &AppSecret, token: &AccessToken) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.0.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(token.0.as_bytes());
    lower_hex(&mac.finalize().into_bytes())
}

fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

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
    fn proof_is_lowercase_hex_hmac_sha256() {
        // RFC 4231, test case 1: key 0x0b * 20, data "Hi There".
        let key = String::from_utf8(vec![0x0b; 20]).unwrap();
        let proof = appsecret_proof(&AppSecret::from(key), &AccessToken::from("Hi There"));
        assert_eq!(
            proof,
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let token = AccessToken::from(String::from("EAAB-very-secret"));
        let secret = AppSecret::from("app-very-secret");
        assert!(!format!("{token:?} {secret:?}").contains("very-secret"));
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
