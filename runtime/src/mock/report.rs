//! Scripted asynchronous report runs: `POST /{account}/insights` starts one,
//! each `GET /{report_run_id}` answers the script's next status, and
//! `GET /{report_run_id}/insights` serves the rows once the job is completed.

use serde_json::{Value, json};

use super::State;
use super::fields::{self, Selection};
use super::server::{Reply, error};
use crate::request::Method;

/// What a scripted report run answers: a status per poll, in order (the last
/// one repeats forever), and the rows it serves once completed.
///
/// ```
/// use graph_runtime::mock::ReportScript;
/// use serde_json::json;
///
/// // 50 %, 100 % still running, then completed with two rows.
/// let completes = ReportScript::new()
///     .status("Job Running", 50)
///     .status("Job Running", 100)
///     .status("Job Completed", 100)
///     .rows([json!({"impressions": "10"}), json!({"impressions": "12"})]);
/// // Stuck at 100 % forever.
/// let stuck = ReportScript::new().status("Job Running", 100);
/// # let _ = (completes, stuck);
/// ```
///
/// A script with no status answers `"Job Completed"`, 100 %, at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportScript {
    statuses: Vec<(String, Value)>,
    rows: Vec<Value>,
}

impl ReportScript {
    /// An empty script: completed at once, with no rows.
    pub fn new() -> Self {
        Self::default()
    }

    /// The answer to the next poll: `async_status` (`"Job Running"`,
    /// `"Job Completed"`, `"Job Failed"`, …) and `async_percent_completion`.
    pub fn status(self, async_status: impl Into<String>, percent: u32) -> Self {
        self.status_raw(async_status, json!(percent))
    }

    /// The answer to the next poll with any `async_percent_completion`
    /// value (a string, a float, one out of range), to test clients with
    /// what Graph should not send.
    pub fn status_raw(mut self, async_status: impl Into<String>, percent: Value) -> Self {
        self.statuses.push((async_status.into(), percent));
        self
    }

    /// The rows of the finished report, served paged at
    /// `GET /{report_run_id}/insights` once a poll answered `"Job Completed"`.
    pub fn rows(mut self, rows: impl IntoIterator<Item = Value>) -> Self {
        self.rows.extend(rows);
        self
    }
}

/// One started report run.
#[derive(Debug)]
pub(super) struct Run {
    account: String,
    script: ReportScript,
    /// How many polls were answered.
    polls: usize,
    /// Whether a poll answered `"Job Completed"`.
    completed: bool,
}

/// The first report run id; each run counts up from it.
const FIRST_RUN_ID: u64 = 6_000_000_000_001;

/// The answer to a report-run request, or `None` for any other request (and
/// for the rows of a completed run, which the edge route pages).
pub(super) fn answer(
    state: &mut State,
    method: Method,
    segments: &[String],
    selection: Option<&Selection>,
    trace: &str,
) -> Option<Reply> {
    match (method, segments) {
        (Method::Post, [account, edge]) if edge == "insights" => {
            let script = state.report_scripts.get(account)?.clone();
            let id = (FIRST_RUN_ID + state.report_runs.len() as u64).to_string();
            state
                .edges
                .insert((id.clone(), "insights".to_owned()), script.rows.clone());
            let run = Run {
                account: account.clone(),
                script,
                polls: 0,
                completed: false,
            };
            state.report_runs.insert(id.clone(), run);
            Some(Reply::json(200, &json!({ "report_run_id": id })))
        }
        (Method::Get, [id]) => {
            let run = state.report_runs.get_mut(id)?;
            let (status, percent) = run
                .script
                .statuses
                .get(run.polls)
                .or(run.script.statuses.last())
                .cloned()
                .unwrap_or_else(|| ("Job Completed".to_owned(), json!(100)));
            run.polls += 1;
            run.completed |= status == "Job Completed";
            let node = json!({
                "id": id,
                "account_id": run.account,
                "async_status": status,
                "async_percent_completion": percent,
            });
            let object = node.as_object().cloned().unwrap_or_default();
            let shown = fields::apply(&object, selection, &state.edges);
            Some(Reply::json(200, &Value::Object(shown)))
        }
        (Method::Get, [id, edge]) if edge == "insights" => {
            let run = state.report_runs.get(id)?;
            if run.completed {
                return None;
            }
            Some(error(
                400,
                100,
                "OAuthException",
                &format!(
                    "(#100) Report run {id} is not completed yet; wait for async_status \
                     `Job Completed` before reading its insights"
                ),
                trace,
            ))
        }
        _ => None,
    }
}
