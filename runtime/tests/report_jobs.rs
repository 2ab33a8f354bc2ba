//! Asynchronous report runs over real HTTP against the Graph emulator,
//! through the `graph-ops-api` crate (`AdAccount.create_insights` returns
//! an `AdReportRun`; the rows are `AdsInsights`): a run that reaches 100 %
//! before `"Job Completed"`, one that fails, one skipped, one that passes
//! its deadline, one resumed from a saved id, and answers Graph should not send.
#![cfg(feature = "mock")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_ops_api::{AdAccountCreateInsightsParams, AdsInsights, AdsInsightsField, Client};
use graph_runtime::job::{AsyncStatus, JobError, JobId, ReportRun, WaitSettings};
use graph_runtime::mock::{MockGraph, MockServer, ReportScript};
use graph_runtime::{Error, Method};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-report-jobs-token-7d2e";
const ACCOUNT: &str = "act_42";

fn row(day: u32) -> Value {
    json!({
        "impressions": format!("{}", day * 100),
        "spend": format!("{day}.50"),
        "date_start": format!("2024-01-{day:02}"),
        "date_stop": format!("2024-01-{day:02}"),
    })
}

fn start(script: ReportScript) -> MockServer {
    MockGraph::new(TOKEN).report_run(ACCOUNT, script).start()
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

/// Tiny intervals: tests never wait for real.
fn fast() -> WaitSettings {
    WaitSettings::new()
        .initial_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(2))
}

fn params() -> AdAccountCreateInsightsParams {
    AdAccountCreateInsightsParams {
        level: Some("campaign".to_owned()),
        ..AdAccountCreateInsightsParams::new()
    }
}

/// Every status the progress callback saw, as `(async_status, percent)`.
type Seen = Arc<Mutex<Vec<(String, u8)>>>;

fn seen_statuses(seen: &Seen) -> Vec<(String, u8)> {
    seen.lock().unwrap().clone()
}

fn record(seen: &Seen) -> impl Fn(&graph_runtime::job::JobStatus) + Send + Sync + 'static {
    let seen = Arc::clone(seen);
    move |status| {
        seen.lock()
            .unwrap()
            .push((status.status.as_str().to_owned(), status.percent))
    }
}

fn job_error(result: Result<graph_runtime::job::JobStatus, Error>) -> JobError {
    match result {
        Err(Error::Job(error)) => *error,
        other => panic!("expected a job error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_run_at_100_percent_is_not_done_until_job_completed() {
    let script = ReportScript::new()
        .status("Job Not Started", 0)
        .status("Job Running", 50)
        .status("Job Running", 100)
        .status("Job Running", 100)
        .status("Job Completed", 100)
        .rows((1..=5).map(row));
    let server = start(script);
    let client = client(&server);
    let seen = Seen::default();

    let run = client
        .ad_account(ACCOUNT)
        .create_insights(params())
        .send()
        .await
        .unwrap()
        .settings(fast())
        .on_progress(record(&seen));
    let done = run.wait().await.unwrap();
    assert_eq!(
        (done.status.clone(), done.percent, done.poll),
        (AsyncStatus::Completed, 100, 5)
    );
    assert_eq!(
        seen_statuses(&seen),
        [
            ("Job Not Started".to_owned(), 0),
            ("Job Running".to_owned(), 50),
            ("Job Running".to_owned(), 100),
            ("Job Running".to_owned(), 100),
            ("Job Completed".to_owned(), 100),
        ]
    );

    let rows = run
        .results()
        .fields([AdsInsightsField::Impressions, AdsInsightsField::Spend])
        .limit(2)
        .all()
        .await
        .unwrap();
    let impressions: Vec<_> = rows
        .iter()
        .filter_map(|r| r.impressions.as_deref())
        .collect();
    assert_eq!(impressions, ["100", "200", "300", "400", "500"]);
    assert_eq!(rows[0].spend.as_deref(), Some("1.50"));
    assert_eq!(rows[0].date_start, None, "not selected");

    // One POST, five polls, three pages of rows.
    let requests = server.requests();
    let post = &requests[0];
    assert_eq!(
        (post.method.as_str(), post.segments.as_slice()),
        ("POST", &[ACCOUNT.to_owned(), "insights".to_owned()][..])
    );
    assert_eq!(post.form, [("level".to_owned(), "campaign".to_owned())]);
    let polls: Vec<_> = requests
        .iter()
        .filter(|r| r.segments == [run.id().as_str()])
        .collect();
    assert_eq!(polls.len(), 5);
    assert!(polls.iter().all(|p| p.method == "GET"
        && p.param("fields") == Some("id,async_status,async_percent_completion")));
    let pages = requests
        .iter()
        .filter(|r| r.segments == [run.id().as_str(), "insights"]);
    assert_eq!(pages.count(), 3);
}

#[tokio::test]
async fn a_failed_run_is_a_typed_error_and_the_wait_stops() {
    let server = start(
        ReportScript::new()
            .status("Job Running", 30)
            .status("Job Failed", 30)
            .status("Job Completed", 100),
    );
    let client = client(&server);
    let run = client
        .ad_account(ACCOUNT)
        .create_insights(params())
        .send()
        .await
        .unwrap()
        .settings(fast());
    let error = job_error(run.wait().await);
    let JobError::Failed { status } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (status.status.clone(), status.percent, status.poll),
        (AsyncStatus::Failed, 30, 2)
    );
    assert_eq!(error.id(), run.id());
    assert!(error.to_string().contains("failed at 30 %"), "{error}");
    // No poll after the failure; its rows are never ready.
    assert_eq!(server.requests().len(), 1 + 2);
    assert!(run.results().all().await.is_err());
}

#[tokio::test]
async fn a_skipped_run_is_a_typed_error() {
    let server = start(ReportScript::new().status("Job Skipped", 0));
    let client = client(&server);
    let run = client
        .ad_account(ACCOUNT)
        .create_insights(params())
        .send()
        .await
        .unwrap()
        .settings(fast());
    let error = job_error(run.wait().await);
    assert!(matches!(error, JobError::Skipped { .. }), "{error:?}");
}

#[tokio::test]
async fn a_run_stuck_at_100_percent_passes_its_deadline() {
    let server = start(ReportScript::new().status("Job Running", 100));
    let client = client(&server);
    let run = client
        .ad_account(ACCOUNT)
        .create_insights(params())
        .send()
        .await
        .unwrap()
        .settings(fast().deadline(Duration::from_millis(30)));
    let error = job_error(run.wait().await);
    let JobError::DeadlineExceeded { id, deadline, last } = &error else {
        panic!("{error:?}")
    };
    assert_eq!((id, *deadline), (run.id(), Duration::from_millis(30)));
    let last = last.as_ref().expect("a status was received");
    assert_eq!(
        (last.status.clone(), last.percent),
        (AsyncStatus::Running, 100)
    );
    assert!(last.poll >= 2, "polled again before giving up: {last:?}");
    assert!(
        error
            .to_string()
            .contains("last status `Job Running` at 100 %"),
        "{error}"
    );
    let polls = server.requests().len() - 1;
    assert_eq!(polls as u32, last.poll);
}

/// A run that is at 50 % on the first poll and done with two rows on the second.
fn running_then_completed() -> ReportScript {
    ReportScript::new()
        .status("Job Running", 50)
        .status("Job Completed", 100)
        .rows((1..=2).map(row))
}

#[tokio::test]
async fn a_deadline_too_far_to_be_an_instant_means_no_deadline() {
    let server = start(running_then_completed());
    let client = client(&server);
    let run = client
        .ad_account(ACCOUNT)
        .create_insights(params())
        .send()
        .await
        .unwrap()
        .settings(fast().deadline(Duration::MAX));
    let done = run.wait().await.unwrap();
    assert_eq!((done.status, done.poll), (AsyncStatus::Completed, 2));
}

#[test]
fn a_saved_id_is_awaited_by_another_client_blocking() {
    use graph_ops_api::BlockingClient;
    let server = start(
        ReportScript::new()
            .status("Job Running", 10)
            .status("Job Completed", 100)
            .rows((1..=3).map(row)),
    );
    // The first "process" submits and saves the id.
    let saved = {
        let client: BlockingClient = server.client_builder().build().unwrap();
        let run = client
            .ad_account(ACCOUNT)
            .create_insights(params())
            .send()
            .unwrap();
        serde_json::to_string(run.id()).unwrap()
    };
    assert!(!saved.contains(TOKEN));
    // Another one resumes it.
    let client: BlockingClient = server.client_builder().build().unwrap();
    let id: JobId = serde_json::from_str(&saved).unwrap();
    let run = ReportRun::<AdsInsights, _>::resume(client.transport(), id).settings(fast());
    assert_eq!(run.wait().unwrap().status, AsyncStatus::Completed);
    assert_eq!(run.results().all().unwrap().len(), 3);
}

#[tokio::test]
async fn malformed_answers_are_clear_errors() {
    let server = start(ReportScript::new());
    let client = client(&server);
    let resume =
        |id: &str| ReportRun::<AdsInsights, _>::resume(client.transport(), id).settings(fast());

    for (body, says) in [
        (
            json!({"id": "77", "async_percent_completion": 5}),
            "no `async_status`",
        ),
        (
            json!({"id": "77", "async_status": "Job Running", "async_percent_completion": "lots"}),
            "`async_percent_completion` is \"lots\"",
        ),
        (
            json!({"id": "77", "async_status": ["Job Completed"], "async_percent_completion": 100}),
            "`async_status` is an array",
        ),
    ] {
        server.set_response(Method::Get, "77", body);
        let error = job_error(resume("77").wait().await);
        assert!(matches!(error, JobError::Malformed { .. }), "{error:?}");
        assert!(error.to_string().contains(says), "{error} / {says}");
        assert!(error.to_string().contains("report run 77"), "{error}");
    }

    // A submit whose answer has no report_run_id, or an empty one.
    for (answer, says) in [
        (json!({"id": "1"}), "no `report_run_id`"),
        (json!({"report_run_id": ""}), "not an id"),
    ] {
        server.set_response(Method::Post, format!("{ACCOUNT}/insights"), answer);
        let error = client
            .ad_account(ACCOUNT)
            .create_insights(params())
            .send()
            .await
            .unwrap_err();
        assert!(error.to_string().contains(says), "{error} / {says}");
        assert!(!format!("{error:?} {error}").contains(TOKEN));
    }
}

#[tokio::test]
async fn polls_that_fail_for_a_while_do_not_end_the_wait() {
    let server = start(running_then_completed());
    let client = client(&server);
    let submit = client.ad_account(ACCOUNT).create_insights(params());
    assert!(format!("{submit:?}").starts_with("Submit"), "{submit:?}");
    let run = submit.send().await.unwrap().settings(fast());
    let shown = format!("{run:?}");
    assert!(
        shown.starts_with("ReportRun") && shown.contains(run.id().as_str()),
        "{shown}"
    );
    // The client's own retries (3 attempts) fail, twice over; the poll
    // after that gets its answer.
    server.queue_faults((0..6).map(|_| graph_runtime::mock::Fault::server_error(503)));
    let done = run.wait().await.unwrap();
    assert_eq!(done.status, AsyncStatus::Completed);
    assert_eq!(server.pending_faults(), 0);
}

#[tokio::test]
async fn a_graph_error_while_polling_ends_the_wait() {
    let server = start(ReportScript::new());
    let client = client(&server);
    let error = ReportRun::<AdsInsights, _>::resume(client.transport(), "no-such-run")
        .settings(fast())
        .wait()
        .await
        .unwrap_err();
    assert_eq!(error.graph().and_then(|e| e.code), Some(100), "{error:?}");
}
