//! The crates for users who need no HTTP stay without it: `graph-model`
//! (models and decoding) and `graph-webhooks` (webhook deliveries) must not
//! depend, directly or through anything, on an HTTP client, an HTTP server,
//! TLS or an async runtime. Checked on the resolved dependency graph
//! (`cargo tree`), so a dependency added anywhere below them fails here.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The packages `cargo tree` resolves for `package` with `args` (normal
/// dependencies only, the package itself included), by name.
fn packages(package: &str, args: &[&str]) -> BTreeSet<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |offline: bool| {
        let mut command = Command::new(&cargo);
        command
            .current_dir(&workspace)
            .args(["tree", "-p", package, "-e", "normal", "--prefix", "none"])
            .args(args);
        if offline {
            command.arg("--offline");
        }
        command.output().expect("cargo tree runs")
    };
    // Offline first (every package is already downloaded once the workspace
    // built); online if something is missing.
    let mut output = run(true);
    if !output.status.success() {
        output = run(false);
    }
    assert!(
        output.status.success(),
        "cargo tree -p {package} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The packages among `found` that belong to one of `forbidden`: the crate
/// itself or one of its family (`rustls` also forbids `rustls-pki-types`).
fn forbidden_in<'a>(found: &'a BTreeSet<String>, forbidden: &[&str]) -> Vec<&'a str> {
    found
        .iter()
        .map(String::as_str)
        .filter(|name| {
            forbidden
                .iter()
                .any(|f| name == f || name.starts_with(&format!("{f}-")))
        })
        .collect()
}

const NO_HTTP: &[&str] = &["reqwest", "hyper", "rustls", "tokio", "h2", "native-tls"];

#[test]
fn the_model_crate_has_no_http_tls_async_runtime_or_tracing() {
    let found = packages("graph-model", &[]);
    assert!(
        found.contains("graph-model") && found.contains("serde"),
        "{found:?}"
    );
    let mut forbidden = NO_HTTP.to_vec();
    forbidden.push("tracing");
    assert_eq!(forbidden_in(&found, &forbidden), Vec::<&str>::new());
}

#[test]
fn the_webhooks_crate_has_no_http_tls_or_async_runtime_without_its_adapters() {
    let found = packages("graph-webhooks", &[]);
    assert!(
        found.contains("graph-webhooks") && found.contains("graph-model"),
        "{found:?}"
    );
    assert_eq!(forbidden_in(&found, NO_HTTP), Vec::<&str>::new());
}

#[test]
fn the_webhook_adapters_bring_hyper_but_no_client_tls_or_runtime() {
    for feature in ["hyper", "axum"] {
        let found = packages("graph-webhooks", &["--features", feature]);
        assert!(found.contains("hyper"), "{feature}: {found:?}");
        assert_eq!(
            forbidden_in(&found, &["reqwest", "rustls", "native-tls", "h2"]),
            Vec::<&str>::new(),
            "{feature}"
        );
    }
}
