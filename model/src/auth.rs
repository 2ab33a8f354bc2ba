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
/// use graph_model::AccessToken;
/// let token = AccessToken::from("EAAB-secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert_eq!(token.expose_secret(), "EAAB-secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

/// A Facebook app secret, used only to sign requests with `appsecret_proof`.
///
/// ```
/// use graph_model::AppSecret;
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
/// use graph_model::auth::appsecret_proof;
/// use graph_model::{AccessToken, AppSecret};
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

impl AccessToken {
    /// An app access token, `{app_id}|{app_secret}`, made locally: Graph
    /// accepts it as the app's token without asking `/oauth/access_token`
    /// (`Client::app_access_token` asks). It holds the app secret: keep it
    /// on servers, never in a client app.
    ///
    /// ```
    /// use graph_model::{AccessToken, AppSecret};
    /// let token = AccessToken::app_token("1234", &AppSecret::from("s3cret"));
    /// assert_eq!(token.expose_secret(), "1234|s3cret");
    /// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
    /// ```
    pub fn app_token(app_id: &str, secret: &AppSecret) -> AccessToken {
        AccessToken::from(format!("{app_id}|{}", secret.expose_secret()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
