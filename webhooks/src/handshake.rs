//! The subscription handshake: Facebook's `GET` with `hub.mode=subscribe`,
//! `hub.verify_token` and `hub.challenge`, answered with the challenge.

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Why a verification request was refused.
///
/// No variant carries the configured token, nor the one received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandshakeError {
    /// No `hub.mode` parameter.
    MissingMode,
    /// `hub.mode` is not `subscribe`.
    WrongMode,
    /// No `hub.verify_token` parameter.
    MissingToken,
    /// `hub.verify_token` is not the configured token (or the configured
    /// token is empty, which accepts nothing).
    WrongToken,
    /// No `hub.challenge` parameter.
    MissingChallenge,
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HandshakeError::MissingMode => "no hub.mode parameter",
            HandshakeError::WrongMode => "hub.mode is not `subscribe`",
            HandshakeError::MissingToken => "no hub.verify_token parameter",
            HandshakeError::WrongToken => "hub.verify_token does not match",
            HandshakeError::MissingChallenge => "no hub.challenge parameter",
        })
    }
}

impl std::error::Error for HandshakeError {}

/// Answers the verification request Facebook sends when a webhook is
/// subscribed: the `hub.challenge` to echo with status 200.
///
/// `query` is the raw query string (with or without its leading `?`),
/// percent-decoded here. `hub.mode` must be `subscribe` and
/// `hub.verify_token` the token configured in the app dashboard, compared in
/// constant time (neither its content nor its length leaks). An empty
/// `verify_token` accepts nothing.
///
/// ```
/// use graph_webhooks::{HandshakeError, verify_challenge};
/// let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
/// assert_eq!(verify_challenge(query, "meatyhamhock").as_deref(), Ok("1158201444"));
/// assert_eq!(verify_challenge(query, "other"), Err(HandshakeError::WrongToken));
/// ```
pub fn verify_challenge(query: &str, verify_token: &str) -> Result<String, HandshakeError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    verify_challenge_pairs(form_urlencoded::parse(query.as_bytes()), verify_token)
}

/// [`verify_challenge`] over query parameters already decoded, as a web
/// framework hands them over. When a name repeats, the first value counts.
///
/// ```
/// use graph_webhooks::verify_challenge_pairs;
/// let pairs = [("hub.mode", "subscribe"), ("hub.verify_token", "t0ken"), ("hub.challenge", "42")];
/// assert_eq!(verify_challenge_pairs(pairs, "t0ken").as_deref(), Ok("42"));
/// ```
pub fn verify_challenge_pairs<I, K, V>(
    pairs: I,
    verify_token: &str,
) -> Result<String, HandshakeError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut mode = None;
    let mut token = None;
    let mut challenge = None;
    for (name, value) in pairs {
        let slot = match name.as_ref() {
            "hub.mode" => &mut mode,
            "hub.verify_token" => &mut token,
            "hub.challenge" => &mut challenge,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.as_ref().to_owned());
        }
    }
    match mode.as_deref() {
        None => return Err(HandshakeError::MissingMode),
        Some("subscribe") => {}
        Some(_) => return Err(HandshakeError::WrongMode),
    }
    let token = token.ok_or(HandshakeError::MissingToken)?;
    if verify_token.is_empty() || !tokens_equal(&token, verify_token) {
        return Err(HandshakeError::WrongToken);
    }
    challenge.ok_or(HandshakeError::MissingChallenge)
}

/// Compares the digests, so that the time taken says nothing about the
/// configured token, its length included.
fn tokens_equal(given: &str, configured: &str) -> bool {
    let given = Sha256::digest(given.as_bytes());
    let configured = Sha256::digest(configured.as_bytes());
    bool::from(given.as_slice().ct_eq(configured.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "meatyhamhock";

    #[test]
    fn the_right_token_gets_the_challenge_back() {
        let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
        assert_eq!(verify_challenge(query, TOKEN).as_deref(), Ok("1158201444"));
        let with_mark = format!("?{query}");
        assert_eq!(
            verify_challenge(&with_mark, TOKEN).as_deref(),
            Ok("1158201444")
        );
    }

    #[test]
    fn parameters_are_percent_decoded() {
        let query =
            "hub.mode=subscribe&hub.verify_token=s%C3%A9cret+token%26more&hub.challenge=a%2Bb";
        assert_eq!(
            verify_challenge(query, "sécret token&more").as_deref(),
            Ok("a+b")
        );
    }

    #[test]
    fn a_wrong_token_is_refused() {
        for token in ["meatyhamhoc", "meatyhamhockk", "MEATYHAMHOCK", ""] {
            let query = format!("hub.mode=subscribe&hub.challenge=1&hub.verify_token={token}");
            assert_eq!(
                verify_challenge(&query, TOKEN),
                Err(HandshakeError::WrongToken),
                "{token:?}"
            );
        }
    }

    #[test]
    fn an_empty_configured_token_accepts_nothing() {
        let query = "hub.mode=subscribe&hub.challenge=1&hub.verify_token=";
        assert_eq!(verify_challenge(query, ""), Err(HandshakeError::WrongToken));
    }

    #[test]
    fn the_mode_must_be_subscribe() {
        let query = "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=meatyhamhock";
        assert_eq!(
            verify_challenge(query, TOKEN),
            Err(HandshakeError::WrongMode)
        );
        let query = "hub.challenge=1&hub.verify_token=meatyhamhock";
        assert_eq!(
            verify_challenge(query, TOKEN),
            Err(HandshakeError::MissingMode)
        );
    }

    #[test]
    fn missing_parameters_are_named() {
        assert_eq!(
            verify_challenge("hub.mode=subscribe&hub.verify_token=meatyhamhock", TOKEN),
            Err(HandshakeError::MissingChallenge)
        );
        assert_eq!(
            verify_challenge("hub.mode=subscribe&hub.challenge=1", TOKEN),
            Err(HandshakeError::MissingToken)
        );
        assert_eq!(
            verify_challenge("", TOKEN),
            Err(HandshakeError::MissingMode)
        );
    }

    #[test]
    fn the_first_of_repeated_parameters_counts() {
        let query =
            "hub.mode=subscribe&hub.verify_token=meatyhamhock&hub.verify_token=x&hub.challenge=1";
        assert_eq!(verify_challenge(query, TOKEN).as_deref(), Ok("1"));
        let query =
            "hub.mode=subscribe&hub.verify_token=x&hub.verify_token=meatyhamhock&hub.challenge=1";
        assert_eq!(
            verify_challenge(query, TOKEN),
            Err(HandshakeError::WrongToken)
        );
    }

    #[test]
    fn errors_never_show_either_token() {
        let query = "hub.mode=subscribe&hub.challenge=1&hub.verify_token=guessed-token";
        let err = verify_challenge(query, TOKEN).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains(TOKEN) && !shown.contains("guessed"),
            "{shown}"
        );
    }
}
