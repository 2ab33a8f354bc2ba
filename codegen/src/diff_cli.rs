//! `cargo run -p codegen -- diff OLD NEW [--json]`: the binary's side of
//! [`codegen::diff`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use codegen::diff;
use codegen::shown;

/// Arguments of `codegen diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The older spec: a YAML spec directory, or a directory of Facebook's
    /// <Node>.json files (or one whose specs/ folder holds them)
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The newer spec, in either format
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Print one JSON object instead of Markdown
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: DiffArgs) -> ExitCode {
    let mut sides = Vec::with_capacity(2);
    let mut failed = false;
    for dir in [&args.old, &args.new] {
        match diff::read_surface(dir) {
            Ok(surface) => sides.push(surface),
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                let errors = diagnostics.error_count();
                eprintln!(
                    "codegen diff: {errors} problem{} in {}",
                    if errors == 1 { "" } else { "s" },
                    shown(dir),
                );
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(2);
    }
    let report = diff::diff(&sides[0], &sides[1]);
    let text = if args.json {
        let mut json = report.to_json();
        json.push('\n');
        json
    } else {
        report.to_markdown()
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if report.is_breaking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
