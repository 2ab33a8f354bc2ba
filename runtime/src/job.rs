//! Asynchronous report runs: Graph's `AdReportRun`, submitted, waited on and
//! read as a typed, paged list.
//!
//! `POST /{act_id}/insights` does not answer with the report: it starts a
//! job and answers `{"report_run_id": "…"}`. The job is then polled with
//! `GET /{report_run_id}?fields=id,async_status,async_percent_completion`
//! until `async_status` is `"Job Completed"`, and its rows are read with
//! `GET /{report_run_id}/insights`, paged like any edge.
//!
//! - [`Submit`] is the POST: [`Write::into_report_run`](crate::Write::into_report_run)
//!   turns a create on an `insights` edge into one, and its `send` returns a
//!   [`ReportRun`] handle.
//! - [`ReportRun::wait`] polls with exponential backoff ([`WaitSettings`])
//!   until Graph says `"Job Completed"`. A job at 100 % is *not* done: Graph
//!   reports 100 % while it is still writing the results, and reading them
//!   then fails. `"Job Failed"`, `"Job Skipped"` and the deadline are
//!   [`Error::Job`] errors ([`JobError`]).
//! - [`ReportRun::results`] is the [`EdgeList`] of the rows, typed as `T`
//!   (`AdsInsights` in a generated crate).
//! - A job outlives the process that started it: save [`ReportRun::id`]
//!   (a [`JobId`], plain text or JSON) and pick it up elsewhere with
//!   [`ReportRun::resume`].
//!
//! Every poll is an ordinary request through the client's retry loop
//! ([`Client::send`]), so retries and rate-limit handling apply to polling
//! too. A poll that fails with a transient error ([`Error::is_transient`],
//! [`Error::is_rate_limited`]) after the client's own retries is tried again
//! at the next interval, within the deadline; any other error ends the wait.
//!
//! ```
//! use std::time::Duration;
//! use graph_runtime::job::{ReportRun, WaitSettings};
//! use graph_runtime::mock::{MockGraph, ReportScript};
//! use graph_runtime::{Client, NoParams, NodeRef};
//! use serde_json::{Value, json};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let script = ReportScript::new()
//!     .status("Job Running", 40)
//!     .status("Job Running", 100)
//!     .status("Job Completed", 100)
//!     .rows([json!({"impressions": "10"}), json!({"impressions": "20"})]);
//! let server = MockGraph::new("EAAB-token").report_run("act_1", script).start();
//! let client: Client = server.client_builder().build()?;
//!
//! let run = NodeRef::new(&client, "act_1")
//!     .create::<Value, NoParams>("insights", NoParams)
//!     .into_report_run::<Value>()
//!     .send()
//!     .await?;
//! let saved = run.id().to_string();
//!
//! // Perhaps in another process.
//! let run = ReportRun::<Value>::resume(&client, saved)
//!     .settings(WaitSettings::new().initial_interval(Duration::from_millis(1)));
//! let done = run.wait().await?;
//! assert_eq!(done.percent, 100);
//! let rows = run.results().all().await?;
//! assert_eq!(rows.len(), 2);
//! # Ok::<(), graph_runtime::Error>(())
//! # }).unwrap();
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::client::{Client, Transport};
use crate::edge::EdgeList;
use crate::error::Error;
use crate::params::NoParams;
use crate::request::{GraphRequest, Method};

/// The fields each poll asks for.
pub const POLL_FIELDS: &str = "id,async_status,async_percent_completion";

/// The edge of a report run that holds its rows.
pub const RESULTS_EDGE: &str = "insights";

/// The id of a report run (`report_run_id`): what to save to wait on the
/// job from another process ([`ReportRun::resume`]).
///
/// Serializes as a plain JSON string; `Display` prints the id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct JobId(String);

impl JobId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for JobId {
    fn from(id: String) -> Self {
        JobId(id)
    }
}

impl From<&str> for JobId {
    fn from(id: &str) -> Self {
        JobId(id.to_owned())
    }
}

impl From<&JobId> for JobId {
    fn from(id: &JobId) -> Self {
        id.clone()
    }
}

/// `async_status` of a report run, as Graph spells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AsyncStatus {
    /// `"Job Not Started"`.
    NotStarted,
    /// `"Job Started"`.
    Started,
    /// `"Job Running"`.
    Running,
    /// `"Job Completed"`: the only status whose results can be read.
    Completed,
    /// `"Job Failed"`.
    Failed,
    /// `"Job Skipped"`: Graph dropped the job (it expired, or was
    /// superseded) and will not run it.
    Skipped,
    /// Any other text Graph sends, kept as sent; waited on like a running job.
    Other(String),
}

impl AsyncStatus {
    /// The status from Graph's text.
    pub fn parse(text: &str) -> Self {
        match text {
            "Job Not Started" => AsyncStatus::NotStarted,
            "Job Started" => AsyncStatus::Started,
            "Job Running" => AsyncStatus::Running,
            "Job Completed" => AsyncStatus::Completed,
            "Job Failed" => AsyncStatus::Failed,
            "Job Skipped" => AsyncStatus::Skipped,
            other => AsyncStatus::Other(other.to_owned()),
        }
    }

    /// Graph's text for the status (`"Job Running"`).
    pub fn as_str(&self) -> &str {
        match self {
            AsyncStatus::NotStarted => "Job Not Started",
            AsyncStatus::Started => "Job Started",
            AsyncStatus::Running => "Job Running",
            AsyncStatus::Completed => "Job Completed",
            AsyncStatus::Failed => "Job Failed",
            AsyncStatus::Skipped => "Job Skipped",
            AsyncStatus::Other(text) => text,
        }
    }

    /// Whether the job is over, one way or the other: completed, failed or skipped.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            AsyncStatus::Completed | AsyncStatus::Failed | AsyncStatus::Skipped
        )
    }
}

impl fmt::Display for AsyncStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One poll's answer: where the job stands.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobStatus {
    /// The report run id.
    pub id: JobId,
    /// `async_status`.
    pub status: AsyncStatus,
    /// `async_percent_completion`, 0 to 100. 100 does not mean the results
    /// are ready: only [`AsyncStatus::Completed`] does.
    pub percent: u8,
    /// How many polls this wait has made, this one included (1 for the first).
    pub poll: u32,
}

impl JobStatus {
    /// Reads a poll's body: `async_status` must be a string and
    /// `async_percent_completion` a number from 0 to 100 (a numeric string
    /// is accepted too); `id`, when present, must be this job's.
    fn from_body(id: &JobId, body: &serde_json::Value, poll: u32) -> Result<Self, JobError> {
        let malformed = |why: String| JobError::Malformed {
            id: id.clone(),
            why,
        };
        let object = body.as_object().ok_or_else(|| {
            malformed(format!(
                "the status answer is {}, not an object",
                json_kind(body)
            ))
        })?;
        match object.get("id") {
            None => {}
            Some(serde_json::Value::String(got)) if got == id.as_str() => {}
            Some(other) => {
                return Err(malformed(format!(
                    "the status answer is about another object (`id` is {other})"
                )));
            }
        }
        let status = match object.get("async_status") {
            Some(serde_json::Value::String(text)) => AsyncStatus::parse(text),
            None => return Err(malformed("the status answer has no `async_status`".into())),
            Some(other) => {
                return Err(malformed(format!(
                    "`async_status` is {}, not a string",
                    json_kind(other)
                )));
            }
        };
        let percent = match object.get("async_percent_completion") {
            None => {
                return Err(malformed(
                    "the status answer has no `async_percent_completion`".into(),
                ));
            }
            Some(value) => percent(value).ok_or_else(|| {
                malformed(format!(
                    "`async_percent_completion` is {value}, not a number from 0 to 100"
                ))
            })?,
        };
        Ok(JobStatus {
            id: id.clone(),
            status,
            percent,
            poll,
        })
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "report run {}: {} ({} %)",
            self.id, self.status, self.percent
        )
    }
}

/// A percentage from a number or a numeric string, 0 to 100.
fn percent(value: &serde_json::Value) -> Option<u8> {
    let number = match value {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // Truncated, not rounded: 99.6 % is not done.
    (0.0..=100.0)
        .contains(&number)
        .then(|| number.floor() as u8)
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Why a report run gave no results: [`Error::Job`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobError {
    /// Graph says `"Job Failed"`. Submitting the same report again may work;
    /// a smaller one (fewer days, fields or breakdowns) more likely.
    Failed {
        /// The status that said so.
        status: JobStatus,
    },
    /// Graph says `"Job Skipped"`: it will not run the job.
    Skipped {
        /// The status that said so.
        status: JobStatus,
    },
    /// The job was not completed within [`WaitSettings::deadline`]. It may
    /// still complete: wait again ([`ReportRun::resume`] with the id).
    DeadlineExceeded {
        /// The report run id.
        id: JobId,
        /// The deadline that passed.
        deadline: Duration,
        /// The last status received, if any poll got one.
        last: Option<JobStatus>,
    },
    /// An answer that is not what Graph sends: a submit without
    /// `report_run_id`, a status without `async_status`, a percentage out of
    /// range. Says what was wrong.
    Malformed {
        /// The report run id (empty when the submit's answer had none).
        id: JobId,
        /// What was wrong with the answer.
        why: String,
    },
}

impl JobError {
    /// The report run id the error is about.
    pub fn id(&self) -> &JobId {
        match self {
            JobError::Failed { status } | JobError::Skipped { status } => &status.id,
            JobError::DeadlineExceeded { id, .. } | JobError::Malformed { id, .. } => id,
        }
    }

    /// The last status received, if any.
    pub fn last_status(&self) -> Option<&JobStatus> {
        match self {
            JobError::Failed { status } | JobError::Skipped { status } => Some(status),
            JobError::DeadlineExceeded { last, .. } => last.as_ref(),
            JobError::Malformed { .. } => None,
        }
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Failed { status } => write!(
                f,
                "report run {} failed at {} % (`Job Failed`)",
                status.id, status.percent
            ),
            JobError::Skipped { status } => write!(
                f,
                "report run {} was skipped by Graph (`Job Skipped`) at {} %",
                status.id, status.percent
            ),
            JobError::DeadlineExceeded { id, deadline, last } => {
                write!(f, "report run {id} did not complete within {deadline:?}")?;
                match last {
                    Some(last) => {
                        write!(f, "; last status `{}` at {} %", last.status, last.percent)
                    }
                    None => f.write_str("; no status was received"),
                }
            }
            JobError::Malformed { id, why } if id.as_str().is_empty() => {
                write!(f, "unexpected report run answer: {why}")
            }
            JobError::Malformed { id, why } => {
                write!(f, "unexpected answer about report run {id}: {why}")
            }
        }
    }
}

impl std::error::Error for JobError {}

impl From<JobError> for Error {
    fn from(error: JobError) -> Self {
        Error::Job(Box::new(error))
    }
}

/// How [`ReportRun::wait`] polls: the first interval, doubling after each
/// poll up to the largest interval, until the deadline.
///
/// The defaults, [`WaitSettings::DEFAULT`]: 1 s, doubling up to 30 s, for
/// 1 hour. Graph's own advice is to poll every few seconds; large reports
/// take tens of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitSettings {
    initial_interval: Duration,
    max_interval: Duration,
    deadline: Duration,
}

impl WaitSettings {
    /// 1 s, doubling up to 30 s, for 1 hour.
    pub const DEFAULT: WaitSettings = WaitSettings {
        initial_interval: Duration::from_secs(1),
        max_interval: Duration::from_secs(30),
        deadline: Duration::from_secs(60 * 60),
    };

    /// The defaults ([`WaitSettings::DEFAULT`]).
    pub fn new() -> Self {
        Self::DEFAULT
    }

    /// The time between the first and the second poll (default 1 s). Each
    /// later interval doubles, up to [`WaitSettings::max_interval`]; a
    /// larger initial interval raises the maximum to it.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest time between two polls (default 30 s).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long `wait` polls, from its start, before giving up with
    /// [`JobError::DeadlineExceeded`] (default 1 hour). The last poll is
    /// made at the deadline. Any duration works: one too long to be an
    /// instant (`Duration::MAX`) means no deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How long polling goes on ([`WaitSettings::deadline`]).
    pub(crate) fn deadline_duration(&self) -> Duration {
        self.deadline
    }

    /// The interval after poll number `poll` (1 for the first).
    pub(crate) fn interval_after(&self, poll: u32) -> Duration {
        self.interval(poll)
    }

    /// The interval after poll number `poll` (1 for the first).
    fn interval(&self, poll: u32) -> Duration {
        let max = self.max_interval.max(self.initial_interval);
        let factor = 2u32.saturating_pow(poll.saturating_sub(1).min(31));
        self.initial_interval.saturating_mul(factor).min(max)
    }
}

impl Default for WaitSettings {
    fn default() -> Self {
        Self::DEFAULT
    }
}

type ProgressFn<'c> = dyn Fn(&JobStatus) + Send + Sync + 'c;

/// A submitted report run: waits for it, and reads its rows as `T`.
///
/// Made by [`Submit::send`], or from a saved id by [`ReportRun::resume`].
/// `wait` is `async` with [`Client`] and blocking with `blocking::Client`.
pub struct ReportRun<'c, T, C = Client> {
    client: &'c C,
    id: JobId,
    settings: WaitSettings,
    on_progress: Option<Box<ProgressFn<'c>>>,
    rows: PhantomData<fn() -> T>,
}

impl<'c, T, C: Transport> ReportRun<'c, T, C> {
    /// The report run `id` (a saved [`ReportRun::id`]), waited on through
    /// `client`: the same job, from another process or after a deadline.
    pub fn resume(client: &'c C, id: impl Into<JobId>) -> Self {
        ReportRun {
            client,
            id: id.into(),
            settings: WaitSettings::DEFAULT,
            on_progress: None,
            rows: PhantomData,
        }
    }

    /// The report run id, to save.
    pub fn id(&self) -> &JobId {
        &self.id
    }

    /// How `wait` polls (default [`WaitSettings::DEFAULT`]).
    pub fn settings(mut self, settings: WaitSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Called with each status `wait` receives, the last one included: to
    /// show progress. Replaces an earlier callback.
    pub fn on_progress(mut self, progress: impl Fn(&JobStatus) + Send + Sync + 'c) -> Self {
        self.on_progress = Some(Box::new(progress));
        self
    }

    /// The request each poll sends:
    /// `GET /{report_run_id}?fields=id,async_status,async_percent_completion`.
    pub fn poll_request(&self) -> GraphRequest {
        GraphRequest::from_segments(Method::Get, [self.id.as_str()]).param("fields", POLL_FIELDS)
    }

    /// The rows: `GET /{report_run_id}/insights`, paged, decoded as `T`.
    /// Graph serves them only once the job is completed ([`ReportRun::wait`]).
    pub fn results(&self) -> EdgeList<'c, T, C, NoParams> {
        EdgeList::new(self.client, self.id.0.clone(), RESULTS_EDGE)
    }

    /// What one poll's answer means: `Ok(true)` when the wait is over.
    fn outcome(&self, status: &JobStatus) -> Result<bool, JobError> {
        match status.status {
            AsyncStatus::Completed => Ok(true),
            AsyncStatus::Failed => Err(JobError::Failed {
                status: status.clone(),
            }),
            AsyncStatus::Skipped => Err(JobError::Skipped {
                status: status.clone(),
            }),
            _ => Ok(false),
        }
    }

    /// The polling loop, on the async client underneath either transport.
    async fn poll_until_done(&self, client: &Client) -> Result<JobStatus, Error> {
        let started = tokio::time::Instant::now();
        // `None`: a deadline too far to be an instant, so never reached.
        let deadline = started.checked_add(self.settings.deadline);
        let passed = |now: tokio::time::Instant| deadline.is_some_and(|d| now >= d);
        let mut last = None;
        let mut poll = 0;
        loop {
            poll += 1;
            match client.send(self.poll_request()).await {
                Ok(response) => {
                    let status = JobStatus::from_body(&self.id, &response.data, poll)?;
                    if let Some(progress) = &self.on_progress {
                        progress(&status);
                    }
                    if self.outcome(&status)? {
                        return Ok(status);
                    }
                    last = Some(status);
                }
                Err(error) if error.is_transient() || error.is_rate_limited() => {
                    tracing::debug!(%error, poll, "report run poll failed; polling on");
                    if passed(tokio::time::Instant::now()) {
                        return Err(error);
                    }
                }
                Err(error) => return Err(error),
            }
            let now = tokio::time::Instant::now();
            if passed(now) {
                return Err(JobError::DeadlineExceeded {
                    id: self.id.clone(),
                    deadline: self.settings.deadline,
                    last,
                }
                .into());
            }
            let interval = self.settings.interval(poll);
            let delay =
                deadline.map_or(interval, |d| interval.min(d.saturating_duration_since(now)));
            tokio::time::sleep(delay).await;
        }
    }
}

impl<T: DeserializeOwned> ReportRun<'_, T, Client> {
    /// Polls until Graph says `"Job Completed"`, and returns that status.
    ///
    /// Fails with [`JobError::Failed`], [`JobError::Skipped`],
    /// [`JobError::DeadlineExceeded`] or [`JobError::Malformed`] (as
    /// [`Error::Job`]), or with the error of a poll that is not worth
    /// repeating. 100 % with any other status is not done.
    pub async fn wait(&self) -> Result<JobStatus, Error> {
        self.poll_until_done(self.client).await
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned> ReportRun<'_, T, crate::blocking::Client> {
    /// Polls until Graph says `"Job Completed"`, blocking; see the async
    /// client's `wait`.
    pub fn wait(&self) -> Result<JobStatus, Error> {
        self.client
            .block_on(self.poll_until_done(self.client.async_client()))
    }
}

impl<T, C> fmt::Debug for ReportRun<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportRun")
            .field("id", &self.id)
            .field("settings", &self.settings)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

/// Starts a report run: the `POST /{act_id}/insights` of
/// [`Write::into_report_run`](crate::Write::into_report_run); `send` returns
/// the [`ReportRun`] to wait on. Graph answers `{"report_run_id": "…"}`.
#[must_use = "a report run is not started until `send` is called"]
pub struct Submit<'c, T, C = Client> {
    client: &'c C,
    request: Result<GraphRequest, Error>,
    rows: PhantomData<fn() -> T>,
}

impl<'c, T, C: Transport> Submit<'c, T, C> {
    pub(crate) fn new(client: &'c C, request: Result<GraphRequest, Error>) -> Self {
        Submit {
            client,
            request,
            rows: PhantomData,
        }
    }

    /// The request `send` sends, or why the parameters were refused.
    pub fn request(&self) -> Result<&GraphRequest, &Error> {
        self.request.as_ref()
    }

    /// The handle for the answer's `report_run_id` (a string, or a number).
    fn handle(client: &'c C, body: &serde_json::Value) -> Result<ReportRun<'c, T, C>, Error> {
        let id = match body.get("report_run_id") {
            Some(serde_json::Value::String(id)) if !id.is_empty() => id.clone(),
            Some(serde_json::Value::Number(id)) => id.to_string(),
            Some(other) => {
                return Err(JobError::Malformed {
                    id: JobId(String::new()),
                    why: format!("`report_run_id` is {other}, not an id"),
                }
                .into());
            }
            None => {
                let keys: Vec<&str> = body
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                return Err(JobError::Malformed {
                    id: JobId(String::new()),
                    why: format!(
                        "the answer has no `report_run_id` (it is {} with keys {keys:?})",
                        json_kind(body)
                    ),
                }
                .into());
            }
        };
        Ok(ReportRun::resume(client, client.redact(&id)))
    }
}

impl<'c, T: DeserializeOwned> Submit<'c, T, Client> {
    /// Starts the job and returns its handle.
    pub async fn send(self) -> Result<ReportRun<'c, T, Client>, Error> {
        let response = self.client.send(self.request?).await?;
        Self::handle(self.client, &response.data)
    }
}

#[cfg(feature = "blocking")]
impl<'c, T: DeserializeOwned> Submit<'c, T, crate::blocking::Client> {
    /// Starts the job and returns its handle, blocking.
    pub fn send(self) -> Result<ReportRun<'c, T, crate::blocking::Client>, Error> {
        let response = self.client.send(self.request?)?;
        Self::handle(self.client, &response.data)
    }
}

impl<T, C> fmt::Debug for Submit<'_, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Submit")
            .field("request", &self.request)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn id() -> JobId {
        JobId::from("123")
    }

    #[test]
    fn the_default_wait_is_one_second_doubling_to_thirty_for_an_hour() {
        let explicit = WaitSettings::new()
            .initial_interval(Duration::from_secs(1))
            .max_interval(Duration::from_secs(30))
            .deadline(Duration::from_secs(3600));
        assert_eq!(WaitSettings::DEFAULT, explicit);
        assert_ne!(
            WaitSettings::DEFAULT,
            explicit.deadline(Duration::from_secs(3599))
        );
    }

    #[test]
    fn job_errors_say_which_run_and_where_it_stood() {
        let status = JobStatus {
            id: id(),
            status: AsyncStatus::Running,
            percent: 40,
            poll: 3,
        };
        assert_eq!(status.to_string(), "report run 123: Job Running (40 %)");
        let late = JobError::DeadlineExceeded {
            id: id(),
            deadline: Duration::from_secs(5),
            last: Some(status.clone()),
        };
        assert_eq!(late.last_status(), Some(&status));
        assert_eq!(late.id(), &id());
        let failed = JobError::Failed {
            status: status.clone(),
        };
        assert_eq!(failed.last_status(), Some(&status));
        let malformed = JobError::Malformed {
            id: id(),
            why: "no async_status".to_owned(),
        };
        assert_eq!(malformed.last_status(), None);
        assert_eq!(
            malformed.to_string(),
            "unexpected answer about report run 123: no async_status"
        );
        let anonymous = JobError::Malformed {
            id: JobId::from(""),
            why: "no report_run_id".to_owned(),
        };
        assert_eq!(
            anonymous.to_string(),
            "unexpected report run answer: no report_run_id"
        );
    }

    #[test]
    fn only_completed_failed_and_skipped_are_final() {
        for (text, is_final) in [
            ("Job Not Started", false),
            ("Job Started", false),
            ("Job Running", false),
            ("Job Completed", true),
            ("Job Failed", true),
            ("Job Skipped", true),
            ("Job Paused", false),
        ] {
            let status = AsyncStatus::parse(text);
            assert_eq!(status.is_final(), is_final, "{text}");
            assert_eq!(status.as_str(), text);
        }
    }

    #[test]
    fn intervals_double_up_to_the_maximum() {
        let settings = WaitSettings::new()
            .initial_interval(Duration::from_secs(2))
            .max_interval(Duration::from_secs(10));
        let intervals: Vec<u64> = (1..=5).map(|p| settings.interval(p).as_secs()).collect();
        assert_eq!(intervals, [2, 4, 8, 10, 10]);
        assert_eq!(settings.interval(u32::MAX), Duration::from_secs(10));
        let inverted = settings.max_interval(Duration::from_secs(1));
        assert_eq!(inverted.interval(3), Duration::from_secs(2));
    }

    #[test]
    fn statuses_parse_and_malformed_ones_say_what_is_wrong() {
        let body =
            json!({"id": "123", "async_status": "Job Running", "async_percent_completion": 100});
        let status = JobStatus::from_body(&id(), &body, 1).unwrap();
        assert_eq!((status.status, status.percent), (AsyncStatus::Running, 100));
        let text = json!({"async_status": "Job Completed", "async_percent_completion": "99.9"});
        assert_eq!(JobStatus::from_body(&id(), &text, 1).unwrap().percent, 99);
        for (body, says) in [
            (json!([1]), "an array, not an object"),
            (json!({"async_percent_completion": 5}), "no `async_status`"),
            (
                json!({"async_status": 5, "async_percent_completion": 5}),
                "`async_status` is a number",
            ),
            (
                json!({"async_status": "Job Running"}),
                "no `async_percent_completion`",
            ),
            (
                json!({"async_status": "Job Running", "async_percent_completion": 101}),
                "101, not a number from 0 to 100",
            ),
            (
                json!({"async_status": "Job Running", "async_percent_completion": -1}),
                "not a number from 0 to 100",
            ),
            (
                json!({"id": "9", "async_status": "Job Running", "async_percent_completion": 1}),
                "another object",
            ),
        ] {
            let error = JobStatus::from_body(&id(), &body, 1).unwrap_err();
            assert!(matches!(error, JobError::Malformed { .. }), "{error:?}");
            assert!(error.to_string().contains(says), "{error} / {says}");
        }
    }

    #[test]
    fn job_ids_save_as_plain_strings() {
        let saved = serde_json::to_string(&JobId::from("6000123")).unwrap();
        assert_eq!(saved, "\"6000123\"");
        let back: JobId = serde_json::from_str(&saved).unwrap();
        assert_eq!(back.as_str(), "6000123");
    }
}
