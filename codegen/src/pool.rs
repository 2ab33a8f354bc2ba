//! The one worker pool: independent jobs spread over the machine's cores,
//! results in job order, and a job that panics reported as that job's
//! failure. Loading and emitting use it, so both behave the same on one
//! core as on many.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Whether this thread is running a job of [`map_ordered`].
    static IN_JOB: Cell<bool> = const { Cell::new(false) };
}

/// Whether the calling thread is running a job of [`map_ordered`], whose
/// panic becomes that job's result.
pub fn in_job() -> bool {
    IN_JOB.with(Cell::get)
}

/// Installs a panic hook that stays quiet for panics inside a job (they come
/// back as [`Panicked`] and are reported as diagnostics) and prints every
/// other panic as before. For binaries: the codegen CLI calls it first.
pub fn quiet_panics_in_jobs() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_job() {
            previous(info);
        }
    }));
}

/// A job that panicked, with the panic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

/// Runs `f` on every job, on at most `max_workers` threads (fewer when the
/// machine has fewer cores), and returns the results in job order. A job
/// that panics gives `Err(Panicked)`; the others still run. One worker runs
/// the jobs on the calling thread, and still catches panics.
pub fn map_ordered<T: Sync, R: Send>(
    jobs: &[T],
    max_workers: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Result<R, Panicked>> {
    let run = |job: &T| {
        IN_JOB.with(|j| j.set(true));
        let result = catch_unwind(AssertUnwindSafe(|| f(job)));
        IN_JOB.with(|j| j.set(false));
        result.map_err(|payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with no message".to_owned());
            Panicked(message)
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(max_workers)
        .min(jobs.len())
        .max(1);
    if workers == 1 {
        return jobs.iter().map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            done.push((i, run(job)));
        }
        done
    };
    let mut done: Vec<(usize, Result<R, Panicked>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        // Workers catch every job's panic, so a join fails only if the
        // bookkeeping itself panicked; its jobs are then reported below.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let mut results: Vec<Option<Result<R, Panicked>>> = (0..jobs.len()).map(|_| None).collect();
    for (i, result) in done {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Panicked("the worker running it stopped".to_owned()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_on_any_number_of_workers() {
        let jobs: Vec<u64> = (0..200).collect();
        for workers in [1, 2, 8] {
            let got = map_ordered(&jobs, workers, |&n| n * n);
            let want: Vec<Result<u64, Panicked>> = jobs.iter().map(|&n| Ok(n * n)).collect();
            assert_eq!(got, want, "{workers} workers");
        }
    }

    #[test]
    fn a_panicking_job_is_reported_and_the_others_still_run() {
        let jobs = [1, 2, 3, 4];
        for workers in [1, 2] {
            let got = map_ordered(&jobs, workers, |&n| {
                if n == 3 {
                    panic!("job {n} broke");
                }
                n * 10
            });
            assert_eq!(
                got,
                [
                    Ok(10),
                    Ok(20),
                    Err(Panicked("job 3 broke".to_owned())),
                    Ok(40)
                ],
                "{workers} workers"
            );
        }
        let got = map_ordered(&[()], 1, |()| -> u8 { std::panic::panic_any(7_u8) });
        assert_eq!(got, [Err(Panicked("a panic with no message".to_owned()))]);
    }

    #[test]
    fn jobs_know_they_are_jobs_and_the_caller_does_not() {
        assert!(!in_job());
        for workers in [1, 2] {
            assert_eq!(
                map_ordered(&[(), ()], workers, |()| in_job()),
                [Ok(true), Ok(true)]
            );
            let _ = map_ordered(&[()], workers, |()| panic!("quiet"));
            assert!(!in_job(), "{workers} workers");
        }
    }

    #[test]
    fn one_worker_runs_the_jobs_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let got = map_ordered(&[(), ()], 1, |()| std::thread::current().id());
        assert_eq!(got, [Ok(caller), Ok(caller)]);
    }

    #[test]
    fn no_jobs_no_results() {
        assert!(map_ordered(&[] as &[u8], 4, |&n| n).is_empty());
    }
}
