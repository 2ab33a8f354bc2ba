//! The governor: rate limits that the client respects before it is blocked.
//!
//! Graph reports how close a caller is to its limits in three headers (see
//! [`Usage`]). Every [`Client`](crate::Client) has one governor, shared by all
//! its clones (and by a `blocking::Client` built on it), that reads those
//! headers after every response, success or error, and acts on them before
//! the next request:
//!
//! - **Keys, as Graph counts.** Usage is tracked per [`LimitKey`]: the app
//!   (`X-App-Usage`), each business object and use case
//!   (`X-Business-Use-Case-Usage`, keyed by the business object's id and the
//!   use case `type`), and each ad account (`X-Ad-Account-Usage`, attributed
//!   to the ad account the request was about, `act_{id}`). A request is
//!   governed by the app key, plus every key of the node it addresses (its
//!   first path segment): the business use cases of that id, and for
//!   `act_123` the ad account `123` and the business use cases of `123`.
//!   Per key the governor keeps the highest percentage of the last report
//!   (`call_count`, `total_cputime`, `total_time`, `acc_id_util_pct`) and,
//!   once Graph blocks, the instant access comes back.
//! - **Slowing down.** When a key's usage `u` is at or above the threshold
//!   `t` ([`ClientBuilder::slow_down_at`](crate::ClientBuilder::slow_down_at),
//!   default 75 %), the next request for it pauses first, for
//!   `max_slow_down × (u − t) / (100 − t)`: nothing at the threshold itself,
//!   growing linearly to [`max_slow_down`](crate::ClientBuilder::max_slow_down)
//!   (default 10 s) at 100 %. With several keys, the longest pause counts.
//! - **Waiting when blocked.** Graph blocks a key when it reports a regain
//!   time: `estimated_time_to_regain_access` (minutes) in a business use
//!   case, `reset_time_duration` (seconds) for an ad account at 100 %, or,
//!   for a rate-limit error without either, `Retry-After` (which blocks the
//!   app key). A request for a blocked key waits until the regain time has
//!   passed, if that is at most
//!   [`max_rate_limit_wait`](crate::ClientBuilder::max_rate_limit_wait)
//!   (default 5 minutes); otherwise it fails at once with
//!   [`Error::RateLimited`], without being sent. A rate-limit error with no
//!   regain time at all is retried after the ordinary backoff, as before.
//!   Retries stay bounded by `max_attempts`: waiting out a block is the
//!   delay before a retry, never an extra attempt.
//! - **Bounded by your settings, not the server's.** A reported wait longer
//!   than [`MAX_SERVER_WAIT`] (a day) counts as that long. Requests are
//!   refused without being sent for at most `max_rate_limit_wait` after
//!   the response that reported a block: after that, the next request is
//!   sent, and Graph's answer to it says whether the key is still blocked.
//!   So one response (a wrong or hostile `Retry-After: 1000000000`) cannot
//!   lock a client, or every client sharing its governor, out for longer.
//!   [`Client::reset_governor`](crate::Client::reset_governor) forgets every
//!   level and block at once.
//! - **Bounded state.** A key that is not blocked is forgotten [`KEY_TTL`]
//!   (an hour) after the last report about it, and at most [`MAX_KEYS`]
//!   keys are kept (the ones reported on longest ago go first).
//! - **Reporting.** Every response that carried a usage header is reported
//!   to the [`on_usage`](crate::ClientBuilder::on_usage) callback as a
//!   [`UsageReport`]: the keys, the request path without its query, the
//!   [`Usage`]. Neither the callback nor the governor's state ever sees the
//!   access token.
//!
//! Time comes from a [`Clock`]: the [`SystemClock`] unless the builder sets
//! another ([`ClientBuilder::clock`](crate::ClientBuilder::clock)). Tests use
//! a [`ManualClock`], whose sleeps advance virtual time at once and are
//! recorded, so a test can check that a client waited 19 minutes without
//! waiting them.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::response::Usage;

/// The future a [`Clock`] sleeps with.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The longest wait a server's word is taken for: `Retry-After`,
/// `estimated_time_to_regain_access` and `reset_time_duration` beyond it
/// (a day) count as this long. Whatever the server says, a key is refused
/// locally for at most
/// [`max_rate_limit_wait`](crate::ClientBuilder::max_rate_limit_wait) after
/// the response that blocked it (see the [module](self) documentation).
pub const MAX_SERVER_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// How long the governor remembers a key that is not blocked after the
/// last report about it: an hour, Graph's usage window. Older keys are
/// forgotten, as if never reported.
pub const KEY_TTL: Duration = Duration::from_secs(60 * 60);

/// The most keys the governor keeps. Beyond it, the keys reported longest
/// ago are forgotten first, so that responses naming ever new business ids
/// cannot grow the state (or the time each request takes to check it).
pub const MAX_KEYS: usize = 1024;

/// `at + by`, or the latest instant that can be represented if that is
/// beyond it: never panics.
pub(crate) fn saturating_add(at: Instant, by: Duration) -> Instant {
    if let Some(later) = at.checked_add(by) {
        return later;
    }
    // Find the longest addition that fits, halving the step.
    let (mut latest, mut step) = (at, by);
    while !step.is_zero() {
        match latest.checked_add(step) {
            Some(later) => latest = later,
            None => step /= 2,
        }
    }
    latest
}

/// Where the client's time comes from: the governor's waits, the retry
/// backoff, and the emulator's regain times.
///
/// [`SystemClock`] by default. Setting another one
/// ([`ClientBuilder::clock`](crate::ClientBuilder::clock)) is meant for
/// tests: see [`ManualClock`].
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Real time: [`Instant::now`] and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Virtual time for tests: it stands still until it is advanced, and each
/// sleep advances it by the time slept, at once, and is recorded.
///
/// Share one between a client and the emulator (`MockGraph::clock`, with
/// the `mock` feature) and the emulator's
/// regain times pass exactly when the client has waited them.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use graph_runtime::governor::{Clock, ManualClock};
/// let clock = Arc::new(ManualClock::new());
/// let start = clock.now();
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// clock.sleep(Duration::from_secs(19 * 60)).await; // returns at once
/// # });
/// assert_eq!(clock.now() - start, Duration::from_secs(19 * 60));
/// assert_eq!(clock.sleeps(), [Duration::from_secs(19 * 60)]);
/// ```
#[derive(Debug)]
pub struct ManualClock {
    origin: Instant,
    state: Mutex<ManualState>,
}

#[derive(Debug, Default)]
struct ManualState {
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock standing at the real instant it is made.
    pub fn new() -> Self {
        ManualClock {
            origin: Instant::now(),
            state: Mutex::default(),
        }
    }

    /// Moves time forward without a sleep being recorded.
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.elapsed = state.elapsed.saturating_add(by);
    }

    /// The virtual time passed since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.lock().elapsed
    }

    /// Every sleep so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// The total time slept.
    pub fn slept(&self) -> Duration {
        let state = self.lock();
        state
            .sleeps
            .iter()
            .fold(Duration::ZERO, |sum, sleep| sum.saturating_add(*sleep))
    }

    /// Forgets the sleeps recorded so far (time stays where it is).
    pub fn clear_sleeps(&self) {
        self.lock().sleeps.clear();
    }

    fn lock(&self) -> MutexGuard<'_, ManualState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        saturating_add(self.origin, self.lock().elapsed)
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.lock();
        state.elapsed = state.elapsed.saturating_add(duration);
        state.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// What Graph counts a rate limit against.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LimitKey {
    /// The app: `X-App-Usage`.
    App,
    /// One use case (`pages`, `ads_management`, …) of one business object:
    /// `X-Business-Use-Case-Usage`.
    BusinessUseCase {
        /// The business object's id, as the header keys it (a Page id, an
        /// ad account id without `act_`, …).
        business_id: String,
        /// The use case, the entry's `type`.
        use_case: String,
    },
    /// An ad account: `X-Ad-Account-Usage`.
    AdAccount {
        /// The ad account id without `act_`.
        id: String,
    },
}

impl LimitKey {
    /// `business_use_case(id, use_case)`, for brevity.
    pub fn business_use_case(business_id: impl Into<String>, use_case: impl Into<String>) -> Self {
        LimitKey::BusinessUseCase {
            business_id: business_id.into(),
            use_case: use_case.into(),
        }
    }

    /// The ad account `id` (`act_` in front is dropped).
    pub fn ad_account(id: impl Into<String>) -> Self {
        let id = id.into();
        LimitKey::AdAccount {
            id: id.strip_prefix("act_").map(str::to_owned).unwrap_or(id),
        }
    }

    /// Whether this key governs a request about node `subject` (its first
    /// path segment). The app key governs every request.
    pub fn applies_to(&self, subject: &str) -> bool {
        let account = subject.strip_prefix("act_");
        match self {
            LimitKey::App => true,
            LimitKey::BusinessUseCase { business_id, .. } => {
                business_id == subject || account == Some(business_id.as_str())
            }
            LimitKey::AdAccount { id } => account == Some(id.as_str()),
        }
    }
}

/// `the app`, `business use case pages of 1234`, `ad account act_1234`.
impl fmt::Display for LimitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitKey::App => f.write_str("the app"),
            LimitKey::BusinessUseCase {
                business_id,
                use_case,
            } => write!(f, "business use case {use_case} of {business_id}"),
            LimitKey::AdAccount { id } => write!(f, "ad account act_{id}"),
        }
    }
}

/// What the [`on_usage`](crate::ClientBuilder::on_usage) callback gets: one
/// response's usage headers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UsageReport {
    /// The keys the usage was recorded under, in order.
    pub keys: Vec<LimitKey>,
    /// The request's URL path, without its query (`/v19.0/1234/feed`).
    pub path: String,
    /// The headers, parsed.
    pub usage: Usage,
}

/// The `on_usage` callback.
pub(crate) type OnUsage = Arc<dyn Fn(&UsageReport) + Send + Sync + 'static>;

/// The governor's settings, as the builder validated them.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) policy: Policy,
    pub(crate) on_usage: Option<OnUsage>,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Settings {
    pub(crate) fn new() -> Self {
        Settings {
            policy: Policy::DEFAULT,
            on_usage: None,
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Governor")
            .field("slow_down_at", &self.policy.slow_down_at)
            .field("max_slow_down", &self.policy.max_slow_down)
            .field("max_rate_limit_wait", &self.policy.max_wait)
            .field("on_usage", &self.on_usage.as_ref().map(|_| "<callback>"))
            .field("clock", &self.clock)
            .finish()
    }
}

/// The numbers the decisions depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Policy {
    /// Usage, in percent, from which requests slow down.
    pub(crate) slow_down_at: f64,
    /// The pause at 100 % usage.
    pub(crate) max_slow_down: Duration,
    /// The longest a request waits for a blocked key.
    pub(crate) max_wait: Duration,
}

impl Policy {
    pub(crate) const DEFAULT: Policy = Policy {
        slow_down_at: 75.0,
        max_slow_down: Duration::from_secs(10),
        max_wait: Duration::from_secs(5 * 60),
    };

    /// The pause before a request for a key at `usage` percent:
    /// `max_slow_down × (usage − t) / (100 − t)`, from nothing at the
    /// threshold `t` to `max_slow_down` at 100 % and above.
    pub(crate) fn pause(&self, usage: f64) -> Duration {
        if usage.is_nan() || usage < self.slow_down_at {
            return Duration::ZERO;
        }
        let room = 100.0 - self.slow_down_at;
        let share = if room <= 0.0 {
            1.0
        } else {
            ((usage - self.slow_down_at) / room).clamp(0.0, 1.0)
        };
        // `mul_f64` panics when the product does not fit; it never exceeds
        // `max_slow_down`, but rounding could make it seem to.
        Duration::try_from_secs_f64(self.max_slow_down.as_secs_f64() * share)
            .map_or(self.max_slow_down, |pause| pause.min(self.max_slow_down))
    }
}

/// What one key is known to be at.
#[derive(Debug, Clone, Copy, PartialEq)]
struct KeyState {
    /// The highest percentage of the last report; `None` once blocked
    /// (the report that comes after the block says where it stands).
    level: Option<f64>,
    /// Graph refuses calls for this key until then.
    block: Option<Block>,
    /// When the key was last reported on.
    seen: Instant,
}

/// A block Graph reported.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Block {
    /// When it was reported.
    since: Instant,
    /// When Graph said access comes back (at most [`MAX_SERVER_WAIT`] later).
    until: Instant,
}

impl Block {
    /// Whether requests still wait for it, or are refused without being
    /// sent: until it ends, and never for longer than `max_wait` after it
    /// was reported. After that, a request is sent for Graph to say again.
    fn holds(&self, now: Instant, max_wait: Duration) -> bool {
        self.until > now && now.saturating_duration_since(self.since) <= max_wait
    }
}

impl KeyState {
    /// Whether the key can be forgotten at `now`: no block in force, and
    /// nothing reported for [`KEY_TTL`].
    fn is_stale(&self, now: Instant) -> bool {
        self.block.is_none_or(|b| b.until <= now)
            && now.saturating_duration_since(self.seen) >= KEY_TTL
    }
}

/// What to do before a request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Send it now.
    Go,
    /// Pause first: the key is near its limit (`blocked: false`) or blocked
    /// for at most the longest wait (`blocked: true`).
    Wait {
        key: LimitKey,
        wait: Duration,
        blocked: bool,
    },
    /// Do not send it: the key is blocked for longer than the client waits.
    Refuse {
        key: LimitKey,
        retry_after: Duration,
    },
}

/// The limiter's state, and the decisions, without any I/O.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    keys: BTreeMap<LimitKey, KeyState>,
}

/// The highest of the percentages a header reports.
fn highest(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    values
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
        .reduce(f64::max)
}

/// A regain time from the header, if it is a positive number of `unit`s;
/// at most [`MAX_SERVER_WAIT`].
fn regain(amount: Option<f64>, unit: Duration) -> Option<Duration> {
    amount.filter(|a| *a > 0.0).map(|a| {
        // NaN is filtered out above; infinity and overflow become the cap.
        Duration::try_from_secs_f64(a * unit.as_secs_f64())
            .unwrap_or(MAX_SERVER_WAIT)
            .min(MAX_SERVER_WAIT)
    })
}

impl Limits {
    /// Records the usage one response reported for a request about
    /// `subject`; returns the keys it was recorded under.
    ///
    /// A business use case with `estimated_time_to_regain_access` above
    /// zero, or an ad account at 100 % with a `reset_time_duration`, is
    /// blocked for that long; any other report replaces the key's level and
    /// lifts its block (the server's latest word wins).
    pub(crate) fn record(
        &mut self,
        subject: Option<&str>,
        usage: &Usage,
        now: Instant,
    ) -> Vec<LimitKey> {
        self.keys.retain(|_, state| !state.is_stale(now));
        let mut recorded = Vec::new();
        if let Some(app) = &usage.app {
            let level = highest([app.call_count, app.total_cputime, app.total_time]);
            recorded.push(self.set(LimitKey::App, level, None, now));
        }
        for (business_id, entries) in usage.business_use_case.iter().flatten() {
            for entry in entries {
                let key = LimitKey::business_use_case(
                    business_id.clone(),
                    entry.use_case.clone().unwrap_or_default(),
                );
                let level = highest([entry.call_count, entry.total_cputime, entry.total_time]);
                let block = regain(
                    entry.estimated_time_to_regain_access,
                    Duration::from_secs(60),
                );
                recorded.push(self.set(key, level, block, now));
            }
        }
        let account = subject.and_then(|s| s.strip_prefix("act_"));
        if let (Some(ad), Some(id)) = (&usage.ad_account, account) {
            let level = highest([ad.acc_id_util_pct]);
            let block = level
                .filter(|l| *l >= 100.0)
                .and_then(|_| regain(ad.reset_time_duration, Duration::from_secs(1)));
            recorded.push(self.set(LimitKey::ad_account(id), level, block, now));
        }
        recorded
    }

    fn set(
        &mut self,
        key: LimitKey,
        level: Option<f64>,
        block: Option<Duration>,
        now: Instant,
    ) -> LimitKey {
        let state = match block {
            Some(block) => KeyState {
                level: None,
                block: Some(Block {
                    since: now,
                    until: saturating_add(now, block.min(MAX_SERVER_WAIT)),
                }),
                seen: now,
            },
            None => KeyState {
                level,
                block: None,
                seen: now,
            },
        };
        self.keys.insert(key.clone(), state);
        if self.keys.len() > MAX_KEYS {
            self.keys.retain(|_, state| !state.is_stale(now));
        }
        while self.keys.len() > MAX_KEYS {
            // The key reported on longest ago goes (never the one just set:
            // it is the newest).
            let oldest = self
                .keys
                .iter()
                .filter(|(k, _)| **k != key)
                .min_by_key(|(_, state)| state.seen)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(oldest) => self.keys.remove(&oldest),
                None => break,
            };
        }
        key
    }

    /// How many keys are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Forgets every key: levels and blocks.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
    }

    /// Records a rate-limit refusal of a request about `subject`, after its
    /// usage was [recorded](Limits::record); returns the longest block now
    /// in force for the request, or `None` when Graph reported no regain
    /// time at all (the retry then waits the ordinary backoff).
    ///
    /// When the usage headers blocked nothing the request is governed by,
    /// the ad account's `reset_time_duration` (for `act_…` subjects) blocks
    /// the ad account, or else `Retry-After` blocks the app.
    pub(crate) fn refused(
        &mut self,
        subject: Option<&str>,
        usage: &Usage,
        retry_after: Option<Duration>,
        now: Instant,
        max_wait: Duration,
    ) -> Option<(LimitKey, Duration)> {
        // Keys the response itself names (a business use case keyed by
        // another id than the request's node) count as well.
        let named: Vec<LimitKey> = usage
            .business_use_case
            .iter()
            .flatten()
            .flat_map(|(id, entries)| {
                entries.iter().map(move |e| {
                    LimitKey::business_use_case(id.clone(), e.use_case.clone().unwrap_or_default())
                })
            })
            .collect();
        if self.longest_block(subject, &named, now, max_wait).is_none() {
            let account = subject.and_then(|s| s.strip_prefix("act_"));
            let reset = usage
                .ad_account
                .as_ref()
                .and_then(|ad| regain(ad.reset_time_duration, Duration::from_secs(1)));
            match (account, reset, retry_after.filter(|d| !d.is_zero())) {
                (Some(id), Some(reset), _) => {
                    self.set(LimitKey::ad_account(id), None, Some(reset), now);
                }
                (_, _, Some(after)) => {
                    self.set(LimitKey::App, None, Some(after), now);
                }
                _ => {}
            }
        }
        self.longest_block(subject, &named, now, max_wait)
    }

    /// The longest block in force for a request about `subject` or for one
    /// of the `named` keys (one that still [holds](Block::holds)).
    fn longest_block(
        &self,
        subject: Option<&str>,
        named: &[LimitKey],
        now: Instant,
        max_wait: Duration,
    ) -> Option<(LimitKey, Duration)> {
        self.keys
            .iter()
            .filter(|(key, _)| governs(key, subject) || named.contains(key))
            .filter_map(|(key, state)| {
                let block = state.block.filter(|b| b.holds(now, max_wait))?;
                Some((key.clone(), block.until.saturating_duration_since(now)))
            })
            .max_by_key(|(_, wait)| *wait)
    }

    /// What to do before a request about these nodes (none: only the app
    /// key governs it).
    pub(crate) fn decide(&self, subjects: &[&str], now: Instant, policy: &Policy) -> Decision {
        let mut longest: Option<(LimitKey, Duration, bool)> = None;
        for (key, state) in &self.keys {
            let applies = match key {
                LimitKey::App => true,
                _ => subjects.iter().any(|s| key.applies_to(s)),
            };
            if !applies {
                continue;
            }
            let block = state.block.filter(|b| b.holds(now, policy.max_wait));
            let (wait, blocked) = match block {
                Some(block) => (block.until.saturating_duration_since(now), true),
                None => (
                    state.level.map_or(Duration::ZERO, |l| policy.pause(l)),
                    false,
                ),
            };
            if blocked && wait > policy.max_wait {
                return Decision::Refuse {
                    key: key.clone(),
                    retry_after: wait,
                };
            }
            if !wait.is_zero() && longest.as_ref().is_none_or(|(_, w, _)| wait > *w) {
                longest = Some((key.clone(), wait, blocked));
            }
        }
        match longest {
            None => Decision::Go,
            Some((key, wait, blocked)) => Decision::Wait { key, wait, blocked },
        }
    }
}

fn governs(key: &LimitKey, subject: Option<&str>) -> bool {
    match (key, subject) {
        (LimitKey::App, _) => true,
        (_, Some(subject)) => key.applies_to(subject),
        (_, None) => false,
    }
}

/// One client's limiter: settings, clock, state. Shared by every clone of
/// the client (it lives in the client's shared state).
pub(crate) struct Governor {
    settings: Settings,
    limits: Mutex<Limits>,
}

impl Governor {
    pub(crate) fn new(settings: Settings) -> Self {
        Governor {
            settings,
            limits: Mutex::default(),
        }
    }

    pub(crate) fn clock(&self) -> &dyn Clock {
        &*self.settings.clock
    }

    pub(crate) fn policy(&self) -> &Policy {
        &self.settings.policy
    }

    /// Forgets every level and block: the next request for any key is sent
    /// at once.
    pub(crate) fn clear(&self) {
        self.limits().clear();
    }

    fn limits(&self) -> MutexGuard<'_, Limits> {
        // Every update is a handful of map writes: the state stays usable
        // even if a thread panicked while holding the lock.
        self.limits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits as the governor requires before a request touching the nodes
    /// `subjects` (their ids, as in the path: `1234`, `act_42`; none for a
    /// request governed by the app key alone): the longest pause any of
    /// their keys asks for near its limit, or the rest of a block.
    ///
    /// Fails at once, without waiting, with [`Error::RateLimited`] when one
    /// of the keys is blocked for longer than `max_rate_limit_wait`.
    pub(crate) async fn admit(&self, subjects: &[&str]) -> Result<(), Error> {
        let now = self.clock().now();
        let decision = self.limits().decide(subjects, now, self.policy());
        match decision {
            Decision::Go => Ok(()),
            Decision::Refuse { key, retry_after } => {
                tracing::info!(%key, ?retry_after, "rate limited: not sending the request");
                Err(Error::RateLimited {
                    scope: key,
                    retry_after,
                    max_wait: self.policy().max_wait,
                })
            }
            Decision::Wait { key, wait, blocked } => {
                if blocked {
                    tracing::info!(%key, ?wait, "rate limited: waiting until access is regained");
                } else {
                    tracing::debug!(%key, ?wait, "usage near the rate limit: slowing down");
                }
                self.clock().sleep(wait).await;
                Ok(())
            }
        }
    }

    /// Records the usage headers of one response (or of one operation of a
    /// batch) about node `subject` (`None`: no node, or not known), and
    /// reports them to the `on_usage` callback if there were any. `path` is
    /// the request's URL path without its query, as the report shows it.
    pub(crate) fn observe(&self, subject: Option<&str>, usage: &Usage, path: &str) {
        if usage.is_empty() {
            return;
        }
        let now = self.clock().now();
        let keys = self.limits().record(subject, usage, now);
        // Called without the lock held: the callback may use the client.
        if let Some(on_usage) = &self.settings.on_usage {
            on_usage(&UsageReport {
                keys,
                path: path.to_owned(),
                usage: usage.clone(),
            });
        }
    }

    /// Records that a request about `subject` was refused with a rate-limit
    /// error (after [`Governor::observe`] recorded its usage), and says how
    /// long to wait before retrying it: `Ok(None)` when Graph reported no
    /// regain time (wait the ordinary backoff), `Ok(Some(wait))` for a block
    /// of at most `max_rate_limit_wait`, [`Error::RateLimited`] beyond it.
    pub(crate) fn refused(
        &self,
        subject: Option<&str>,
        usage: &Usage,
        retry_after: Option<Duration>,
    ) -> Result<Option<Duration>, Error> {
        let now = self.clock().now();
        let max_wait = self.policy().max_wait;
        let block = self
            .limits()
            .refused(subject, usage, retry_after, now, max_wait);
        match block {
            None => Ok(None),
            Some((key, wait)) if wait > self.policy().max_wait => Err(Error::RateLimited {
                scope: key,
                retry_after: wait,
                max_wait: self.policy().max_wait,
            }),
            Some((key, wait)) => {
                tracing::info!(%key, ?wait, "rate limited: retrying once access is regained");
                Ok(Some(wait))
            }
        }
    }
}

impl fmt::Debug for Governor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.settings.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{AdAccountUsage, AppUsage, BusinessUseCaseUsage};

    const SEC: Duration = Duration::from_secs(1);
    const MIN: Duration = Duration::from_secs(60);

    fn app(call_count: f64) -> Usage {
        Usage {
            app: Some(AppUsage {
                call_count: Some(call_count),
                total_time: Some(1.0),
                ..AppUsage::default()
            }),
            ..Usage::default()
        }
    }

    fn buc(id: &str, use_case: &str, call_count: f64, regain_minutes: f64) -> Usage {
        let entry = BusinessUseCaseUsage {
            use_case: Some(use_case.to_owned()),
            call_count: Some(call_count),
            total_cputime: Some(1.0),
            estimated_time_to_regain_access: Some(regain_minutes),
            ..BusinessUseCaseUsage::default()
        };
        Usage {
            business_use_case: Some([(id.to_owned(), vec![entry])].into()),
            ..Usage::default()
        }
    }

    fn ad_account(pct: f64, reset_seconds: f64) -> Usage {
        Usage {
            ad_account: Some(AdAccountUsage {
                acc_id_util_pct: Some(pct),
                reset_time_duration: Some(reset_seconds),
                ..AdAccountUsage::default()
            }),
            ..Usage::default()
        }
    }

    #[test]
    fn the_pause_grows_linearly_from_the_threshold_to_the_maximum() {
        let policy = Policy {
            slow_down_at: 80.0,
            max_slow_down: 10 * SEC,
            max_wait: MIN,
        };
        assert_eq!(policy.pause(79.9), Duration::ZERO);
        assert_eq!(policy.pause(80.0), Duration::ZERO);
        assert_eq!(policy.pause(90.0), 5 * SEC);
        assert_eq!(policy.pause(95.0), Duration::from_millis(7500));
        assert_eq!(policy.pause(100.0), 10 * SEC);
        assert_eq!(policy.pause(250.0), 10 * SEC);
        assert_eq!(policy.pause(f64::NAN), Duration::ZERO);
        let at_100 = Policy {
            slow_down_at: 100.0,
            ..policy
        };
        assert_eq!(
            (at_100.pause(99.0), at_100.pause(100.0)),
            (Duration::ZERO, 10 * SEC)
        );
    }

    #[test]
    fn usage_near_the_limit_slows_down_the_keys_it_applies_to() {
        let now = Instant::now();
        let policy = Policy::DEFAULT;
        let mut limits = Limits::default();
        assert_eq!(limits.decide(&["1"], now, &policy), Decision::Go);
        let keys = limits.record(Some("1"), &buc("1", "pages", 90.0, 0.0), now);
        assert_eq!(keys, [LimitKey::business_use_case("1", "pages")]);
        let slow = Decision::Wait {
            key: LimitKey::business_use_case("1", "pages"),
            wait: 6 * SEC,
            blocked: false,
        };
        assert_eq!(limits.decide(&["1"], now, &policy), slow);
        assert_eq!(limits.decide(&["2", "1"], now, &policy), slow);
        assert_eq!(limits.decide(&["2"], now, &policy), Decision::Go);
        assert_eq!(limits.decide(&[], now, &policy), Decision::Go);
        // The app key governs every request; the longest pause counts.
        limits.record(None, &app(95.0), now);
        let app_wait = Decision::Wait {
            key: LimitKey::App,
            wait: 8 * SEC,
            blocked: false,
        };
        assert_eq!(limits.decide(&["2"], now, &policy), app_wait);
        assert_eq!(limits.decide(&["1"], now, &policy), app_wait);
        // A later, lower report lifts the slow-down.
        limits.record(None, &app(10.0), now);
        limits.record(Some("1"), &buc("1", "pages", 20.0, 0.0), now);
        assert_eq!(limits.decide(&["1"], now, &policy), Decision::Go);
    }

    #[test]
    fn a_regain_time_blocks_up_to_the_longest_wait_then_refuses() {
        let now = Instant::now();
        let policy = Policy::DEFAULT;
        let mut limits = Limits::default();
        limits.record(Some("1"), &buc("1", "pages", 100.0, 3.0), now);
        let key = LimitKey::business_use_case("1", "pages");
        assert_eq!(
            limits.decide(&["1"], now, &policy),
            Decision::Wait {
                key: key.clone(),
                wait: 3 * MIN,
                blocked: true
            }
        );
        assert_eq!(
            limits.decide(&["1"], now + MIN, &policy),
            Decision::Wait {
                key: key.clone(),
                wait: 2 * MIN,
                blocked: true
            }
        );
        // Once the block has passed, the level is unknown until the next report.
        assert_eq!(limits.decide(&["1"], now + 3 * MIN, &policy), Decision::Go);
        limits.record(Some("1"), &buc("1", "pages", 100.0, 19.0), now);
        assert_eq!(
            limits.decide(&["1"], now, &policy),
            Decision::Refuse {
                key,
                retry_after: 19 * MIN
            }
        );
        assert_eq!(limits.decide(&["2"], now, &policy), Decision::Go);
    }

    #[test]
    fn ad_accounts_are_keyed_by_the_act_subject() {
        let now = Instant::now();
        let policy = Policy::DEFAULT;
        let mut limits = Limits::default();
        // Without an ad account subject, the header has no key to go under.
        assert!(
            limits
                .record(Some("1"), &ad_account(99.0, 60.0), now)
                .is_empty()
        );
        let keys = limits.record(Some("act_42"), &ad_account(100.0, 90.0), now);
        assert_eq!(keys, [LimitKey::ad_account("act_42")]);
        assert_eq!(keys[0], LimitKey::AdAccount { id: "42".into() });
        assert_eq!(
            limits.decide(&["act_42"], now, &policy),
            Decision::Wait {
                key: keys[0].clone(),
                wait: 90 * SEC,
                blocked: true
            }
        );
        assert_eq!(limits.decide(&["42"], now, &policy), Decision::Go);
        // Below 100 %, reset_time_duration is only the window: no block.
        limits.record(Some("act_42"), &ad_account(50.0, 90.0), now);
        assert_eq!(limits.decide(&["act_42"], now, &policy), Decision::Go);
        // Business use cases of an ad account are keyed by its bare id.
        limits.record(None, &buc("42", "ads_management", 80.0, 0.0), now);
        assert!(matches!(
            limits.decide(&["act_42"], now, &policy),
            Decision::Wait { blocked: false, .. }
        ));
    }

    #[test]
    fn a_refusal_blocks_with_what_graph_reported() {
        let now = Instant::now();
        let mut limits = Limits::default();
        // No regain time anywhere: the ordinary backoff.
        assert_eq!(
            limits.refused(Some("1"), &Usage::default(), None, now, MIN),
            None
        );
        // Retry-After blocks the app.
        assert_eq!(
            limits.refused(Some("1"), &Usage::default(), Some(30 * SEC), now, MIN),
            Some((LimitKey::App, 30 * SEC))
        );
        let later = now + MIN;
        // The ad account's reset time, for an act_ subject.
        assert_eq!(
            limits.refused(
                Some("act_7"),
                &ad_account(80.0, 40.0),
                Some(SEC),
                later,
                MIN
            ),
            Some((LimitKey::ad_account("7"), 40 * SEC))
        );
        // A business use case the headers blocked, even under another id.
        let usage = buc("99", "pages", 100.0, 2.0);
        limits.record(Some("post_1"), &usage, later);
        assert_eq!(
            limits.refused(Some("post_1"), &usage, Some(SEC), later, MIN),
            Some((LimitKey::business_use_case("99", "pages"), 2 * MIN))
        );
    }

    #[tokio::test]
    async fn the_hooks_wait_refuse_and_report_through_the_clock() {
        let clock = Arc::new(ManualClock::new());
        let reports: Arc<Mutex<Vec<UsageReport>>> = Arc::default();
        let sink = reports.clone();
        let governor = Governor::new(Settings {
            policy: Policy::DEFAULT,
            on_usage: Some(Arc::new(move |r: &UsageReport| {
                sink.lock().unwrap().push(r.clone())
            })),
            clock: clock.clone(),
        });
        governor.admit(&["1"]).await.unwrap();
        governor.observe(Some("1"), &Usage::default(), "/v19.0/1");
        assert!(reports.lock().unwrap().is_empty(), "no headers, no report");
        governor.observe(Some("1"), &buc("1", "pages", 90.0, 0.0), "/v19.0/1");
        // A batch touching nodes 2 and 1 waits for 1's slow-down.
        governor.admit(&["2", "1"]).await.unwrap();
        governor.admit(&["2"]).await.unwrap();
        assert_eq!(clock.sleeps(), [6 * SEC]);
        let blocked = buc("1", "pages", 100.0, 2.0);
        governor.observe(Some("1"), &blocked, "/v19.0/1");
        assert_eq!(
            governor.refused(Some("1"), &blocked, None).unwrap(),
            Some(2 * MIN)
        );
        governor.admit(&["1"]).await.unwrap();
        assert_eq!(clock.sleeps(), [6 * SEC, 2 * MIN]);
        governor.observe(None, &buc("1", "pages", 100.0, 19.0), "/v19.0/");
        let error = governor.admit(&["1"]).await.unwrap_err();
        assert!(
            matches!(&error, Error::RateLimited { retry_after, .. } if *retry_after == 19 * MIN)
        );
        assert_eq!(clock.sleeps().len(), 2, "refused without waiting");
        let reports = reports.lock().unwrap();
        assert_eq!(reports.len(), 3);
        assert_eq!(reports[2].path, "/v19.0/");
        assert_eq!(reports[2].keys, [LimitKey::business_use_case("1", "pages")]);
    }

    #[test]
    fn one_report_refuses_requests_for_at_most_the_longest_wait() {
        let now = Instant::now();
        let policy = Policy::DEFAULT; // 5 minutes
        let key = LimitKey::business_use_case("1", "pages");
        for minutes in [19.0, 1e12, f64::INFINITY] {
            let mut limits = Limits::default();
            limits.record(Some("1"), &buc("1", "pages", 100.0, minutes), now);
            let expected = if minutes == 19.0 {
                19 * MIN
            } else {
                MAX_SERVER_WAIT
            };
            assert_eq!(
                limits.decide(&["1"], now, &policy),
                Decision::Refuse {
                    key: key.clone(),
                    retry_after: expected
                },
                "{minutes}"
            );
            assert_eq!(
                limits.decide(&["1"], now + 4 * MIN, &policy),
                Decision::Refuse {
                    key: key.clone(),
                    retry_after: expected - 4 * MIN
                }
            );
            assert!(matches!(
                limits.decide(&["1"], now + 5 * MIN, &policy),
                Decision::Refuse { .. }
            ));
            // Then a request goes out, for Graph to say again.
            let after = now + 5 * MIN + Duration::from_nanos(1);
            assert_eq!(limits.decide(&["1"], after, &policy), Decision::Go);
            let never_waits = Policy {
                max_wait: Duration::ZERO,
                ..policy
            };
            assert!(matches!(
                limits.decide(&["1"], now, &never_waits),
                Decision::Refuse { .. }
            ));
            assert_eq!(limits.decide(&["1"], now + SEC, &never_waits), Decision::Go);
        }
        // A block within the longest wait is waited out in full.
        let mut limits = Limits::default();
        limits.record(Some("1"), &buc("1", "pages", 100.0, 7.0), now);
        assert_eq!(
            limits.decide(&["1"], now + 3 * MIN, &policy),
            Decision::Wait {
                key,
                wait: 4 * MIN,
                blocked: true
            }
        );
    }

    #[test]
    fn server_waits_are_capped_and_never_overflow() {
        assert_eq!(regain(Some(f64::INFINITY), MIN), Some(MAX_SERVER_WAIT));
        assert_eq!(regain(Some(f64::MAX), SEC), Some(MAX_SERVER_WAIT));
        assert_eq!(regain(Some(1e6), MIN), Some(MAX_SERVER_WAIT));
        assert_eq!(regain(Some(2.0), MIN), Some(2 * MIN));
        for nothing in [None, Some(0.0), Some(-1.0), Some(f64::NAN)] {
            assert_eq!(regain(nothing, MIN), None, "{nothing:?}");
        }
        let now = Instant::now();
        let mut limits = Limits::default();
        let huge = Some(Duration::MAX);
        assert_eq!(
            limits.refused(None, &Usage::default(), huge, now, MIN),
            Some((LimitKey::App, MAX_SERVER_WAIT))
        );
        let latest = saturating_add(now, Duration::MAX);
        assert!(latest > now);
        assert_eq!(saturating_add(latest, SEC), latest);
        assert_eq!(saturating_add(now, MIN), now + MIN);
    }

    #[test]
    fn the_longest_slow_down_never_overflows() {
        let policy = Policy {
            max_slow_down: Duration::MAX,
            ..Policy::DEFAULT
        };
        assert_eq!(policy.pause(100.0), Duration::MAX);
        assert_eq!(policy.pause(50.0), Duration::ZERO);
        let half = policy.pause(87.5);
        assert!(half > Duration::MAX / 3 && half < Duration::MAX, "{half:?}");
    }

    #[test]
    fn a_manual_clock_saturates() {
        let clock = ManualClock::new();
        let start = clock.now();
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        drop(clock.sleep(Duration::MAX));
        drop(clock.sleep(Duration::MAX));
        assert_eq!(clock.elapsed(), Duration::MAX);
        assert_eq!(clock.slept(), Duration::MAX);
        assert!(clock.now() > start);
    }

    #[test]
    fn stale_keys_are_forgotten_and_the_keys_are_capped() {
        let now = Instant::now();
        let policy = Policy::DEFAULT;
        let mut limits = Limits::default();
        limits.record(
            Some("blocked"),
            &buc("blocked", "pages", 100.0, 2.0 * 60.0),
            now,
        );
        limits.record(None, &app(90.0), now);
        // A hostile server names a new business id in every response.
        for id in 0..3 * MAX_KEYS {
            let id = id.to_string();
            limits.record(Some(&id), &buc(&id, "pages", 10.0, 0.0), now + SEC);
            assert!(limits.len() <= MAX_KEYS);
        }
        assert_eq!(limits.len(), MAX_KEYS);
        // The newest keys stay; the oldest went first.
        let last = (3 * MAX_KEYS - 1).to_string();
        assert!(
            limits
                .keys
                .contains_key(&LimitKey::business_use_case(last, "pages"))
        );
        assert!(!limits.keys.contains_key(&LimitKey::App));
        // An hour later, keys nobody reported on are gone; a block still in
        // force stays.
        let mut limits = Limits::default();
        limits.record(
            Some("blocked"),
            &buc("blocked", "pages", 100.0, 2.0 * 60.0),
            now,
        );
        for id in 0..100 {
            let id = id.to_string();
            limits.record(Some(&id), &buc(&id, "pages", 90.0, 0.0), now);
        }
        assert_eq!(limits.len(), 101);
        let later = now + KEY_TTL;
        limits.record(None, &app(10.0), later);
        assert_eq!(limits.len(), 2, "{:?}", limits.keys.keys());
        assert!(matches!(
            limits.decide(
                &["blocked"],
                later,
                &Policy {
                    max_wait: 2 * KEY_TTL,
                    ..policy
                }
            ),
            Decision::Wait { blocked: true, .. }
        ));
        assert_eq!(limits.decide(&["7"], later, &policy), Decision::Go);
        limits.clear();
        assert_eq!(limits.len(), 0);
    }

    #[test]
    fn keys_say_what_they_are() {
        assert_eq!(LimitKey::App.to_string(), "the app");
        assert_eq!(
            LimitKey::business_use_case("1", "pages").to_string(),
            "business use case pages of 1"
        );
        assert_eq!(LimitKey::ad_account("9").to_string(), "ad account act_9");
        assert!(LimitKey::App.applies_to("anything"));
        assert!(LimitKey::ad_account("9").applies_to("act_9"));
        assert!(!LimitKey::ad_account("9").applies_to("9"));
        assert!(LimitKey::business_use_case("9", "ads_management").applies_to("act_9"));
    }
}
