//! `X-Hub-Signature-256`: HMAC-SHA256 of the raw body, keyed by the app
//! secret, sent as `sha256=<64 hex digits>`.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use graph_model::AppSecret;

/// The prefix Facebook puts before the hex digest.
const PREFIX: &str = "sha256=";
/// Hex digits in a SHA-256 digest.
const HEX_LEN: usize = 64;
/// The longest algorithm name an error repeats; anything longer is
/// reported as malformed rather than echoed.
const MAX_ALGORITHM_LEN: usize = 16;

/// Why an `X-Hub-Signature-256` header was refused.
///
/// No variant carries the expected signature, nor the header's digits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The header is absent or empty.
    Missing,
    /// The header names another algorithm (`sha1=…`, the older
    /// `X-Hub-Signature`): only SHA-256 is accepted.
    UnsupportedAlgorithm {
        /// The name before `=`, lowercased (`sha1`).
        algorithm: String,
    },
    /// The header is not `algorithm=digest`.
    Malformed,
    /// The digest does not have 64 hex digits.
    WrongLength {
        /// How many characters it has.
        len: usize,
    },
    /// The digest has a character that is not a hex digit.
    NotHex,
    /// The digest is well formed but is not the body's: another secret, or
    /// a body changed on the way.
    Mismatch,
    /// The app secret to check with is empty (or whitespace): anyone could
    /// sign with it, so nothing is accepted.
    EmptySecret,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Missing => f.write_str("no X-Hub-Signature-256 header"),
            SignatureError::UnsupportedAlgorithm { algorithm } => write!(
                f,
                "signature algorithm `{algorithm}` is not accepted, only sha256"
            ),
            SignatureError::Malformed => {
                f.write_str("signature header is not of the form sha256=<hex digest>")
            }
            SignatureError::WrongLength { len } => write!(
                f,
                "signature digest has {len} characters, expected {HEX_LEN} hex digits"
            ),
            SignatureError::NotHex => f.write_str("signature digest is not hexadecimal"),
            SignatureError::Mismatch => f.write_str("signature does not match the body"),
            SignatureError::EmptySecret => {
                f.write_str("the app secret is empty: no signature is accepted")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

/// Checks an `X-Hub-Signature-256` header against the raw request body.
///
/// The header is `sha256=` and the HMAC-SHA256 of `body` keyed by the app
/// secret, as 64 hex digits (either case; surrounding whitespace and the
/// case of `sha256` are ignored). The digest is compared in constant time.
/// Check the bytes as received, before any JSON parsing: re-encoded JSON
/// does not have the same signature. An empty (or whitespace-only) app
/// secret verifies nothing: [`SignatureError::EmptySecret`], whatever the
/// header.
///
/// ```
/// use graph_webhooks::{AppSecret, SignatureError, sign, verify_signature};
/// let secret = AppSecret::from("Jefe");
/// let body = b"what do ya want for nothing?";
/// let header = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
/// assert_eq!(verify_signature(&secret, header, body), Ok(()));
/// assert_eq!(sign(&secret, body), header);
/// assert_eq!(
///     verify_signature(&AppSecret::from("other"), header, body),
///     Err(SignatureError::Mismatch)
/// );
/// let empty = AppSecret::from("");
/// assert_eq!(
///     verify_signature(&empty, &sign(&empty, body), body),
///     Err(SignatureError::EmptySecret)
/// );
/// ```
pub fn verify_signature(
    app_secret: &AppSecret,
    header: &str,
    body: &[u8],
) -> Result<(), SignatureError> {
    if app_secret.expose_secret().trim().is_empty() {
        return Err(SignatureError::EmptySecret);
    }
    let digest = parse_header(header)?;
    mac(app_secret, body)
        .verify_slice(&digest)
        .map_err(|_| SignatureError::Mismatch)
}

/// The `X-Hub-Signature-256` value Facebook would send with `body`:
/// `sha256=` and 64 lowercase hex digits. For tests and the emulator.
pub fn sign(app_secret: &AppSecret, body: &[u8]) -> String {
    let digest = mac(app_secret, body).finalize().into_bytes();
    let mut header = String::with_capacity(PREFIX.len() + HEX_LEN);
    header.push_str(PREFIX);
    for byte in digest {
        header.push(hex_digit(byte >> 4));
        header.push(hex_digit(byte & 0xf));
    }
    header
}

fn mac(app_secret: &AppSecret, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.expose_secret().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    mac
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0xf)])
}

/// The 32 digest bytes of a `sha256=<hex>` header.
fn parse_header(header: &str) -> Result<[u8; 32], SignatureError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(SignatureError::Missing);
    }
    let Some((algorithm, hex)) = header.split_once('=') else {
        return Err(SignatureError::Malformed);
    };
    if !algorithm.eq_ignore_ascii_case("sha256") {
        let plausible = !algorithm.is_empty()
            && algorithm.len() <= MAX_ALGORITHM_LEN
            && algorithm
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        return Err(if plausible {
            SignatureError::UnsupportedAlgorithm {
                algorithm: algorithm.to_ascii_lowercase(),
            }
        } else {
            SignatureError::Malformed
        });
    }
    let hex = hex.as_bytes();
    if hex.len() != HEX_LEN {
        return Err(SignatureError::WrongLength {
            len: String::from_utf8_lossy(hex).chars().count(),
        });
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        let (Some(high), Some(low)) = (hex_value(pair[0]), hex_value(pair[1])) else {
            return Err(SignatureError::NotHex);
        };
        *byte = high << 4 | low;
    }
    Ok(digest)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2.
    const JEFE: &str = "Jefe";
    const JEFE_DATA: &[u8] = b"what do ya want for nothing?";
    const JEFE_MAC: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    fn jefe_header() -> String {
        format!("sha256={JEFE_MAC}")
    }

    #[test]
    fn the_rfc_4231_vector_verifies() {
        let secret = AppSecret::from(JEFE);
        assert_eq!(verify_signature(&secret, &jefe_header(), JEFE_DATA), Ok(()));
        assert_eq!(sign(&secret, JEFE_DATA), jefe_header());
    }

    #[test]
    fn rfc_4231_case_1_signs_as_specified() {
        // Key 0x0b * 20, data "Hi There".
        let key = String::from_utf8(vec![0x0b; 20]).unwrap();
        assert_eq!(
            sign(&AppSecret::from(key), b"Hi There"),
            "sha256=b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    #[test]
    fn uppercase_hex_and_whitespace_are_accepted() {
        let secret = AppSecret::from(JEFE);
        let upper = format!("  SHA256={}\t", JEFE_MAC.to_ascii_uppercase());
        assert_eq!(verify_signature(&secret, &upper, JEFE_DATA), Ok(()));
    }

    #[test]
    fn a_wrong_digest_is_a_mismatch() {
        let secret = AppSecret::from(JEFE);
        let mut wrong = jefe_header();
        wrong.pop();
        wrong.push('4'); // the real one ends in 3
        assert_eq!(
            verify_signature(&secret, &wrong, JEFE_DATA),
            Err(SignatureError::Mismatch)
        );
        let zeros = format!("sha256={}", "0".repeat(64));
        assert_eq!(
            verify_signature(&secret, &zeros, JEFE_DATA),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn another_secret_is_a_mismatch() {
        assert_eq!(
            verify_signature(&AppSecret::from("Jeff"), &jefe_header(), JEFE_DATA),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(&AppSecret::from(""), &jefe_header(), JEFE_DATA),
            Err(SignatureError::EmptySecret)
        );
    }

    #[test]
    fn an_empty_secret_verifies_nothing_not_even_its_own_signature() {
        for empty in ["", " ", "\t\n "] {
            let secret = AppSecret::from(empty);
            // What a forger who guessed the secret is empty would send.
            let forged = sign(&secret, JEFE_DATA);
            assert_eq!(
                verify_signature(&secret, &forged, JEFE_DATA),
                Err(SignatureError::EmptySecret),
                "{empty:?}"
            );
            assert_eq!(
                verify_signature(&secret, "", JEFE_DATA),
                Err(SignatureError::EmptySecret)
            );
        }
        let shown = SignatureError::EmptySecret.to_string();
        assert!(shown.contains("app secret is empty"), "{shown}");
    }

    #[test]
    fn a_body_changed_by_one_byte_is_a_mismatch() {
        let secret = AppSecret::from(JEFE);
        let mut body = JEFE_DATA.to_vec();
        body[0] ^= 0x01;
        assert_eq!(
            verify_signature(&secret, &jefe_header(), &body),
            Err(SignatureError::Mismatch)
        );
        let mut longer = JEFE_DATA.to_vec();
        longer.push(b'\n');
        assert_eq!(
            verify_signature(&secret, &jefe_header(), &longer),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_truncated_digest_is_the_wrong_length() {
        let secret = AppSecret::from(JEFE);
        let header = jefe_header();
        let truncated = &header[..header.len() - 2];
        assert_eq!(
            verify_signature(&secret, truncated, JEFE_DATA),
            Err(SignatureError::WrongLength { len: 62 })
        );
        assert_eq!(
            verify_signature(&secret, "sha256=", JEFE_DATA),
            Err(SignatureError::WrongLength { len: 0 })
        );
        let longer = format!("{header}00");
        assert_eq!(
            verify_signature(&secret, &longer, JEFE_DATA),
            Err(SignatureError::WrongLength { len: 66 })
        );
    }

    #[test]
    fn sha1_is_refused_as_not_sha256() {
        let secret = AppSecret::from(JEFE);
        let sha1 = "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
        assert_eq!(
            verify_signature(&secret, sha1, JEFE_DATA),
            Err(SignatureError::UnsupportedAlgorithm {
                algorithm: "sha1".to_owned()
            })
        );
        // The right digits under another name are refused too.
        let renamed = format!("sha512={JEFE_MAC}");
        assert!(matches!(
            verify_signature(&secret, &renamed, JEFE_DATA),
            Err(SignatureError::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let secret = AppSecret::from(JEFE);
        for (header, want) in [
            ("", SignatureError::Missing),
            ("   ", SignatureError::Missing),
            (JEFE_MAC, SignatureError::Malformed),
            ("=abc", SignatureError::Malformed),
            (
                "a-very-long-algorithm-name-that-is-not-echoed=00",
                SignatureError::Malformed,
            ),
            ("sha 256=00", SignatureError::Malformed),
        ] {
            assert_eq!(
                verify_signature(&secret, header, JEFE_DATA),
                Err(want),
                "{header:?}"
            );
        }
        let not_hex = format!("sha256={}g", &JEFE_MAC[..63]);
        assert_eq!(
            verify_signature(&secret, &not_hex, JEFE_DATA),
            Err(SignatureError::NotHex)
        );
        // 64 bytes, but not 64 characters: no slicing inside a character.
        let multibyte = format!("sha256={}é", &JEFE_MAC[..62]);
        assert_eq!(
            verify_signature(&secret, &multibyte, JEFE_DATA),
            Err(SignatureError::NotHex)
        );
    }

    #[test]
    fn errors_never_show_the_expected_signature() {
        let secret = AppSecret::from(JEFE);
        let wrong = format!("sha256={}", "0".repeat(64));
        let err = verify_signature(&secret, &wrong, JEFE_DATA).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(JEFE_MAC), "{shown}");
        assert!(!shown.contains("Jefe"), "{shown}");
    }
}
