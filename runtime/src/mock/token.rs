//! Tokens in the emulator: `/debug_token` answered from the tokens a test
//! registers ([`MockGraph::register_token`](super::MockGraph::register_token)),
//! and `/oauth/access_token` for the apps it registers
//! ([`MockGraph::register_app`](super::MockGraph::register_app)):
//! `client_credentials` and `fb_exchange_token`.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::server::{Incoming, Reply, error, graph_error};
use super::{Check, State};
use crate::auth::{AccessToken, AppSecret};
use crate::error::AuthProblem;
use crate::request::Method;
use crate::token::TokenType;

/// How long an exchanged token lasts, as Graph's: 60 days, in seconds.
pub const LONG_LIVED_SECONDS: i64 = 5_184_000;

/// A short-lived user token's life when [`TokenInfo::expires_at`] is not
/// set: 2 hours from when it was registered.
const SHORT_LIVED_SECONDS: i64 = 7_200;

/// Data access lasts 90 days.
const DATA_ACCESS_SECONDS: i64 = 90 * 24 * 3_600;

/// What the emulator's `/debug_token` says about a registered token.
///
/// ```
/// use graph_runtime::mock::TokenInfo;
/// use graph_runtime::AuthProblem;
/// let user = TokenInfo::user("1234", "42")
///     .application("My App")
///     .scopes(["email", "pages_show_list"])
///     .granular_scope("pages_show_list", ["101"])
///     .expires_at(1_900_000_000);
/// let page = TokenInfo::page("1234", "101").user_id("42").never_expires();
/// let gone = TokenInfo::user("1234", "43").invalidated(AuthProblem::PasswordChanged);
/// # let _ = (user, page, gone);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TokenInfo {
    app_id: String,
    kind: TokenType,
    application: Option<String>,
    user_id: Option<String>,
    profile_id: Option<String>,
    scopes: Vec<String>,
    granular_scopes: Vec<(String, Vec<String>)>,
    expires_at: Option<i64>,
    data_access_expires_at: Option<i64>,
    issued_at: Option<i64>,
    problem: Option<AuthProblem>,
}

impl TokenInfo {
    fn new(app_id: impl Into<String>, kind: TokenType) -> Self {
        TokenInfo {
            app_id: app_id.into(),
            kind,
            application: None,
            user_id: None,
            profile_id: None,
            scopes: Vec::new(),
            granular_scopes: Vec::new(),
            expires_at: None,
            data_access_expires_at: None,
            issued_at: None,
            problem: None,
        }
    }

    /// A user token of app `app_id` for user `user_id`, short-lived (2
    /// hours from registration) unless [`TokenInfo::expires_at`] says otherwise.
    pub fn user(app_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        TokenInfo::new(app_id, TokenType::User).user_id(user_id)
    }

    /// A Page token of app `app_id` for the Page `page_id` (`profile_id`);
    /// never expires unless [`TokenInfo::expires_at`] says otherwise.
    pub fn page(app_id: impl Into<String>, page_id: impl Into<String>) -> Self {
        let mut info = TokenInfo::new(app_id, TokenType::Page);
        info.profile_id = Some(page_id.into());
        info
    }

    /// An app token of app `app_id`: never expires.
    pub fn app(app_id: impl Into<String>) -> Self {
        TokenInfo::new(app_id, TokenType::App)
    }

    /// A business system user's token; never expires unless
    /// [`TokenInfo::expires_at`] says otherwise.
    pub fn system_user(app_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        TokenInfo::new(app_id, TokenType::SystemUser).user_id(user_id)
    }

    /// `application`: the app's name.
    pub fn application(mut self, name: impl Into<String>) -> Self {
        self.application = Some(name.into());
        self
    }

    /// `user_id` (for a Page token, the user who granted it).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// `scopes`: the permissions granted.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a `granular_scopes` entry: `scope` granted for these objects.
    pub fn granular_scope(
        mut self,
        scope: impl Into<String>,
        target_ids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let ids = target_ids.into_iter().map(Into::into).collect();
        self.granular_scopes.push((scope.into(), ids));
        self
    }

    /// `expires_at`, Unix seconds. A time in the past makes the token
    /// expired: `is_valid: false`, error 190/463, as Graph's.
    pub fn expires_at(mut self, unix_seconds: i64) -> Self {
        self.expires_at = Some(unix_seconds);
        self
    }

    /// `expires_at: 0`: never expires.
    pub fn never_expires(self) -> Self {
        self.expires_at(0)
    }

    /// `data_access_expires_at`, Unix seconds (default 90 days after
    /// registration for user tokens, `0` for others).
    pub fn data_access_expires_at(mut self, unix_seconds: i64) -> Self {
        self.data_access_expires_at = Some(unix_seconds);
        self
    }

    /// `issued_at`, Unix seconds (default: when registered).
    pub fn issued_at(mut self, unix_seconds: i64) -> Self {
        self.issued_at = Some(unix_seconds);
        self
    }

    /// Makes the token invalid for this reason: `/debug_token` answers
    /// `is_valid: false` with Graph's error (code 190 and the problem's
    /// subcode), and exchanging it fails with that error.
    pub fn invalidated(mut self, problem: AuthProblem) -> Self {
        self.problem = Some(problem);
        self
    }

    /// Expired an hour ago ([`TokenInfo::invalidated`] with
    /// [`AuthProblem::Expired`] follows from the time).
    pub fn expired(self) -> Self {
        let an_hour_ago = now() - 3_600;
        self.expires_at(an_hour_ago)
    }

    /// Fills in the times left unset, from `now`.
    fn settled(mut self, now: i64) -> Self {
        let issued = *self.issued_at.get_or_insert(now);
        let user = self.kind == TokenType::User;
        self.expires_at.get_or_insert(if user {
            issued + SHORT_LIVED_SECONDS
        } else {
            0
        });
        self.data_access_expires_at.get_or_insert(if user {
            issued + DATA_ACCESS_SECONDS
        } else {
            0
        });
        self
    }

    /// Why the token is invalid at `now`, if it is.
    fn problem_at(&self, now: i64) -> Option<AuthProblem> {
        self.problem.or_else(|| {
            self.expires_at
                .filter(|&at| at != 0 && at <= now)
                .map(|_| AuthProblem::Expired)
        })
    }

    /// The `data` object of `/debug_token`.
    fn to_json(&self, now: i64) -> Value {
        let mut data = json!({
            "app_id": self.app_id,
            "type": self.kind.as_str(),
            "application": self.application.clone().unwrap_or_else(|| format!("App {}", self.app_id)),
            "data_access_expires_at": self.data_access_expires_at.unwrap_or(0),
            "expires_at": self.expires_at.unwrap_or(0),
            "issued_at": self.issued_at.unwrap_or(now),
            "is_valid": true,
            "scopes": self.scopes,
        });
        let object = data.as_object_mut().expect("an object");
        if let Some(user) = &self.user_id {
            object.insert("user_id".to_owned(), json!(user));
        }
        if let Some(profile) = &self.profile_id {
            object.insert("profile_id".to_owned(), json!(profile));
        }
        if !self.granular_scopes.is_empty() {
            let granular: Vec<Value> = self
                .granular_scopes
                .iter()
                .map(|(scope, ids)| json!({"scope": scope, "target_ids": ids}))
                .collect();
            object.insert("granular_scopes".to_owned(), Value::Array(granular));
        }
        if let Some(problem) = self.problem_at(now) {
            object.insert("is_valid".to_owned(), json!(false));
            object.insert("error".to_owned(), problem_error(problem, "subcode"));
        }
        data
    }
}

/// Graph's error object for a token with this problem; its subcode under
/// `subcode_key` (`subcode` in `/debug_token`'s `data.error`,
/// `error_subcode` in an error envelope).
fn problem_error(problem: AuthProblem, subcode_key: &str) -> Value {
    let message = match problem {
        AuthProblem::Expired => "Error validating access token: Session has expired.",
        AuthProblem::PasswordChanged => {
            "Error validating access token: The session has been invalidated because the user \
             changed their password or Facebook has changed the session for security reasons."
        }
        AuthProblem::AppNotInstalled => {
            "Error validating access token: The user has not authorized application."
        }
        AuthProblem::UserCheckpointed => {
            "Error validating access token: The user is enrolled in a blocking, logged-in checkpoint"
        }
        AuthProblem::UnconfirmedUser => {
            "Error validating access token: Sessions for the user are not allowed because the \
             user is not a confirmed user."
        }
        AuthProblem::Revoked => {
            "Error validating access token: The session is invalid because the user logged out."
        }
        AuthProblem::InvalidSession => "Error validating access token: The session is invalid.",
        _ => "Invalid OAuth access token - Cannot parse access token",
    };
    let mut error = json!({"code": 190, "message": message});
    if let Some(subcode) = problem.subcode() {
        error[subcode_key] = json!(subcode);
    }
    error
}

/// The emulator's registered apps and tokens.
#[derive(Debug, Default)]
pub(super) struct Registry {
    apps: HashMap<String, AppSecret>,
    tokens: HashMap<String, TokenInfo>,
    /// Tokens made by exchanges so far, to number the next one.
    exchanged: u64,
}

impl Registry {
    pub(super) fn register_app(&mut self, app_id: String, secret: AppSecret) {
        self.apps.insert(app_id, secret);
    }

    pub(super) fn register_token(&mut self, token: AccessToken, info: TokenInfo) {
        self.tokens
            .insert(token.expose_secret().to_owned(), info.settled(now()));
    }

    /// Whether `token` is the app token (`{id}|{secret}`) of a registered app.
    fn is_app_token(&self, token: &str) -> bool {
        token.split_once('|').is_some_and(|(id, secret)| {
            self.apps
                .get(id)
                .is_some_and(|s| s.expose_secret() == secret)
        })
    }
}

/// The Unix time now.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `/debug_token` and `/oauth/access_token`, before the credential checks
/// of other routes (the OAuth endpoint needs no token; `/debug_token`
/// also takes a registered app's token). `None` for any other route, and
/// for a `/debug_token` request whose credentials are wrong, which the
/// caller refuses as it refuses any other.
pub(super) fn answer(
    state: &mut State,
    incoming: &Incoming,
    segments: &[String],
    token: Check,
    proof: Check,
    trace: &str,
) -> Option<Reply> {
    let method = match incoming.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        _ => return None,
    };
    match segments {
        [one] if one == "debug_token" => {
            let app_token = incoming
                .bearer
                .as_deref()
                .is_some_and(|t| state.tokens.is_app_token(t));
            let caller_accepted = app_token || (token.is_right() && proof.is_right());
            caller_accepted.then(|| debug_token(state, incoming, method, trace))
        }
        [oauth, access_token] if oauth == "oauth" && access_token == "access_token" => {
            Some(access_token_answer(state, incoming, trace))
        }
        _ => None,
    }
}

fn debug_token(state: &State, incoming: &Incoming, method: Method, trace: &str) -> Reply {
    // Graph answers debug_token on GET; a POST counts as one with `method=GET`.
    let as_get = method == Method::Get
        || incoming
            .param("method")
            .is_some_and(|m| m.eq_ignore_ascii_case("get"));
    if !as_get {
        return error(
            400,
            100,
            "GraphMethodException",
            "Unsupported post request. Please read the Graph API documentation at \
             https://developers.facebook.com/docs/graph-api",
            trace,
        );
    }
    let Some(input) = incoming.param("input_token").filter(|t| !t.is_empty()) else {
        return error(
            400,
            100,
            "OAuthException",
            "(#100) The parameter input_token is required",
            trace,
        );
    };
    let now = now();
    let registry = &state.tokens;
    let data = match registry.tokens.get(input) {
        Some(info) => info.to_json(now),
        None if registry.is_app_token(input) => {
            let (app_id, _) = input.split_once('|').unwrap_or_default();
            TokenInfo::app(app_id).settled(now).to_json(now)
        }
        None => json!({
            "error": problem_error(AuthProblem::Invalid, "subcode"),
            "is_valid": false,
            "scopes": [],
        }),
    };
    Reply::json(200, &json!({ "data": data }))
}

fn access_token_answer(state: &mut State, incoming: &Incoming, trace: &str) -> Reply {
    let param = |name: &str| incoming.param(name).filter(|v| !v.is_empty());
    let (Some(grant_type), Some(app_id)) = (param("grant_type"), param("client_id")) else {
        return error(
            400,
            100,
            "OAuthException",
            "Missing grant_type or client_id parameter.",
            trace,
        );
    };
    let registry = &mut state.tokens;
    let Some(secret) = registry.apps.get(app_id) else {
        return error(
            400,
            101,
            "OAuthException",
            "Error validating application. Invalid application ID.",
            trace,
        );
    };
    if param("client_secret") != Some(secret.expose_secret()) {
        // What Graph answers, as recorded in the wild (code 1, not 101).
        return error(
            400,
            1,
            "OAuthException",
            "Error validating client secret.",
            trace,
        );
    }
    match grant_type {
        "client_credentials" => Reply::json(
            200,
            &json!({
                "access_token": format!("{app_id}|{}", secret.expose_secret()),
                "token_type": "bearer",
            }),
        ),
        "fb_exchange_token" => {
            let now = now();
            let short = param("fb_exchange_token").unwrap_or_default();
            let info = match registry.tokens.get(short) {
                None => {
                    let mut body = problem_error(AuthProblem::Invalid, "error_subcode");
                    body["type"] = json!("OAuthException");
                    body["message"] = json!("Invalid OAuth access token.");
                    return graph_error(400, body, trace);
                }
                Some(info) => info.clone(),
            };
            if let Some(problem) = info.problem_at(now) {
                let mut body = problem_error(problem, "error_subcode");
                body["type"] = json!("OAuthException");
                return graph_error(400, body, trace);
            }
            registry.exchanged += 1;
            let long = format!("EAAL-mock-long-lived-{:04}-{app_id}", registry.exchanged);
            let long_info = TokenInfo {
                expires_at: Some(now + LONG_LIVED_SECONDS),
                issued_at: Some(now),
                ..info
            };
            registry.tokens.insert(long.clone(), long_info);
            Reply::json(
                200,
                &json!({
                    "access_token": long,
                    "token_type": "bearer",
                    "expires_in": LONG_LIVED_SECONDS,
                }),
            )
        }
        other => error(
            400,
            100,
            "OAuthException",
            &format!("Unsupported grant_type: {other}"),
            trace,
        ),
    }
}
