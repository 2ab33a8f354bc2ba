//! [`ConfigError`]: an invalid setting.

use std::fmt;

/// An invalid setting, reported by `ClientBuilder::build` (or by
/// `webhooks::WebhookHandler::new`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    /// An error with this message.
    #[doc(hidden)]
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError(message.into())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}
