//! `cargo run -p codegen`: spec/ → generated/. See `--help`.
#![forbid(unsafe_code)]

mod diff_cli;
mod import_cli;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use codegen::write::{Action, Plan};
use codegen::{Options, shown};

/// mimalloc, not the system allocator: formatting allocates and frees
/// millions of small blocks (syn's tokens and trees), and glibc's malloc
/// spent about a third of the run on it. Whole Facebook API, regenerated:
/// user time 1.02 s → 0.78 s, wall 0.69 s → 0.49 s on 2 cores (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates the typed Graph API crate from a YAML spec.
///
/// Exit status: 0 done (or up to date with --check); 1 stale files (--check),
/// files edited by hand or not generated (refused without --force), a symbolic
/// link inside the output directory (refused), or an I/O error; 2 problems in the spec (each printed as file:line:column: message),
/// or an internal error (a bug in codegen, printed as a diagnostic).
///
/// `codegen import` converts Facebook's specs into a spec directory;
/// `codegen diff OLD NEW` lists what a newer spec removed, retyped and added.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Directory of *.yaml spec files [default: <workspace>/spec]
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    /// Directory of the generated crate [default: <workspace>/generated]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Package name of the generated crate
    #[arg(long, value_name = "NAME", default_value = "graph-api")]
    crate_name: String,
    /// The graph-runtime crate the generated crate depends on, by path [default: <workspace>/runtime]
    #[arg(long, value_name = "DIR")]
    runtime: Option<PathBuf>,
    /// Generate only these nodes (comma-separated Graph names, e.g. Page,VoipInfo);
    /// fields that refer to other nodes become JSON values
    #[arg(long, value_name = "NODES", value_delimiter = ',')]
    nodes: Option<Vec<String>>,
    /// The next API version: a YAML spec directory or Facebook's specs (as
    /// `codegen diff` takes them); what it removes or retypes is generated
    /// with `#[deprecated(since, note)]`, so builds of code using it warn
    #[arg(long, value_name = "NEW")]
    next: Option<PathBuf>,
    /// Write nothing; exit 1 naming each stale file with a short diff, 0 when up to date
    #[arg(long)]
    check: bool,
    /// Overwrite generated files that were edited by hand
    #[arg(long, conflicts_with = "check")]
    force: bool,
    /// Print the time spent in each stage on stderr
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Converts Facebook's machine-readable specs into a YAML spec directory
    ///
    /// DIR holds <Node>.json files, enum_types.json and version.txt;
    /// SDKCodegen.json, in DIR or its parent, is applied where it changes a
    /// type or a return. Exit status: 0 done (warnings allowed); 1 files
    /// edited by hand or not generated in the output (refused without
    /// --force), or an I/O error; 2 broken input (each problem printed as
    /// file:line:column: message).
    Import(import_cli::ImportArgs),
    /// Lists what NEW removed, retyped and added compared with OLD
    ///
    /// OLD and NEW are each a YAML spec directory or a directory of
    /// Facebook's <Node>.json specs (read in memory, as Facebook wrote them:
    /// SDKCodegen.json is not applied). Items are spelled with wire names:
    /// `Node`, `Node.field`, `Node/edge`, `METHOD Node` or `METHOD Node/edge`
    /// (an operation), `METHOD Node/edge(param)`, `Enum`, `Enum:VALUE`.
    /// A removed node's fields, edges, operations and parameters count as
    /// removed; enum values are listed only for enums on both sides. Output:
    /// Markdown, or one JSON object with --json. Exit status: 0 nothing
    /// removed or retyped; 1 something was (newly required parameters are
    /// listed but do not change it); 2 a broken spec (each problem printed
    /// as file:line:column: message).
    Diff(diff_cli::DiffArgs),
}

fn main() -> ExitCode {
    // A panic while emitting a file is reported as a diagnostic naming it;
    // no backtrace on top of that.
    codegen::pool::quiet_panics_in_jobs();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Import(args)) => return import_cli::run(args),
        Some(Command::Diff(args)) => return diff_cli::run(args),
        None => {}
    }
    let defaults = Options::workspace_defaults();
    if !codegen::valid_crate_name(&cli.crate_name) {
        eprintln!("codegen: `{}` is not a valid package name", cli.crate_name);
        return ExitCode::from(2);
    }
    let options = Options {
        spec_dir: cli.spec.unwrap_or(defaults.spec_dir),
        out_dir: cli.out.unwrap_or(defaults.out_dir),
        crate_name: cli.crate_name,
        runtime_dir: cli.runtime.unwrap_or(defaults.runtime_dir),
        nodes: cli.nodes,
        next: cli.next,
    };
    let start = Instant::now();

    let mut generated = match codegen::generate(&options) {
        Ok(generated) => generated,
        Err(diagnostics) if codegen::has_internal_error(&diagnostics) => {
            eprint!("{diagnostics}");
            eprintln!(
                "codegen: stopped by an internal error (a bug in codegen); nothing was written"
            );
            return ExitCode::from(2);
        }
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            eprintln!(
                "codegen: {} problem{} in the spec; nothing was written",
                diagnostics.error_count(),
                if diagnostics.error_count() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            return ExitCode::from(2);
        }
    };
    eprint!("{}", generated.warnings);

    let write_start = Instant::now();
    let plan = match Plan::new(&options.out_dir, &generated.files) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("codegen: {e}");
            return ExitCode::from(1);
        }
    };
    let status = if cli.check {
        check(&plan, &regenerate_command(std::env::args().skip(1)))
    } else {
        write(&plan, cli.force, &options, start)
    };
    generated.timings.write = write_start.elapsed();
    if cli.timings {
        eprintln!("{}", generated.timings);
    }
    status
}

/// The command that regenerates what `--check` found stale: this run's
/// own arguments without `--check`, as `cargo run -p codegen -- …`.
fn regenerate_command(args: impl Iterator<Item = String>) -> String {
    let args: Vec<String> = args
        .filter(|a| a != "--check")
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./,=:@+".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect();
    if args.is_empty() {
        "cargo run -p codegen".to_owned()
    } else {
        format!("cargo run -p codegen -- {}", args.join(" "))
    }
}

fn check(plan: &Plan, regenerate: &str) -> ExitCode {
    let stale: Vec<&Action> = plan.stale().collect();
    if stale.is_empty() {
        println!("codegen: {} is up to date", shown(&plan.out_dir));
        return ExitCode::SUCCESS;
    }
    for action in &stale {
        let (path, what) = match action {
            Action::Create { path, .. } => (path, "missing"),
            Action::Update { path, .. } => (path, "out of date"),
            Action::Remove { path, .. } => (path, "no longer generated"),
            Action::Conflict { path, .. } => (path, "edited by hand or not generated"),
            Action::Unchanged { path } => (path, "unchanged"),
        };
        eprintln!("stale: {} ({what})", shown(path));
        let diff = codegen::write::short_diff(action, 20);
        if !diff.is_empty() {
            eprintln!("{diff}");
        }
    }
    eprintln!(
        "codegen: {} stale file{} in {}; run `{regenerate}` to regenerate",
        stale.len(),
        if stale.len() == 1 { "" } else { "s" },
        shown(&plan.out_dir)
    );
    ExitCode::from(1)
}

fn write(plan: &Plan, force: bool, options: &Options, start: Instant) -> ExitCode {
    match plan.apply(force) {
        Ok(summary) => {
            println!(
                "codegen: {} written, {} unchanged, {} removed in {} ms ({} → {})",
                plural(summary.written, "file"),
                summary.unchanged,
                summary.removed,
                start.elapsed().as_millis(),
                shown(&options.spec_dir),
                shown(&options.out_dir),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("codegen: {e}");
            ExitCode::from(1)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::regenerate_command;

    fn command(args: &[&str]) -> String {
        regenerate_command(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn the_check_hint_repeats_the_run_without_check() {
        assert_eq!(command(&["--check"]), "cargo run -p codegen");
        assert_eq!(
            command(&[
                "--spec",
                "tests/specs/operations",
                "--check",
                "--crate-name=ops"
            ]),
            "cargo run -p codegen -- --spec tests/specs/operations --crate-name=ops"
        );
        assert_eq!(
            command(&["--out", "my dir", "--nodes", "Page,VoipInfo"]),
            "cargo run -p codegen -- --out 'my dir' --nodes Page,VoipInfo"
        );
        assert_eq!(
            command(&["--out", "it's"]),
            r"cargo run -p codegen -- --out 'it'\''s'"
        );
    }
}
