//! `cargo run -p codegen -- import DIR --out SPEC_DIR`: the binary's side of
//! [`codegen::import`].

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use codegen::import::{self, ImportOptions};
use codegen::shown;

/// Arguments of `codegen import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// Directory of Facebook's <Node>.json files and enum_types.json
    #[arg(value_name = "DIR")]
    input: PathBuf,
    /// Spec directory to write (*.yaml)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The API version (vN.N), when DIR has no version.txt
    #[arg(long, value_name = "VERSION")]
    api_version: Option<String>,
    /// Overwrite files in the output that were edited by hand
    #[arg(long)]
    force: bool,
    /// Print the time spent in each step on stderr
    #[arg(long)]
    timings: bool,
    /// Print every warning (by default the first few, then a count)
    #[arg(long, short)]
    verbose: bool,
}

/// Warnings shown without `--verbose`; real data has about a hundred.
const WARNINGS_SHOWN: usize = 5;

pub(crate) fn run(args: ImportArgs) -> ExitCode {
    let start = Instant::now();
    let options = ImportOptions {
        input: args.input,
        api_version: args.api_version,
    };
    let imported = match import::import(&options) {
        Ok(imported) => imported,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            let errors = diagnostics.error_count();
            eprintln!(
                "codegen import: {errors} problem{} in {}; nothing was written",
                if errors == 1 { "" } else { "s" },
                shown(&options.input),
            );
            return ExitCode::from(2);
        }
    };
    let warnings = &imported.warnings.0;
    let shown_count = if args.verbose {
        warnings.len()
    } else {
        warnings.len().min(WARNINGS_SHOWN)
    };
    for warning in &warnings[..shown_count] {
        eprint!("{warning}");
    }
    if shown_count < warnings.len() {
        eprintln!(
            "codegen import: … and {} more warnings (--verbose shows them all)",
            warnings.len() - shown_count
        );
    }
    let write_start = Instant::now();
    let result = import::plan(&args.out, &imported.files).and_then(|plan| plan.apply(args.force));
    let write = write_start.elapsed();
    if args.timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let t = imported.timings;
        for (name, d) in [
            ("read", t.read),
            ("convert", t.convert),
            ("render", t.render),
            ("write", write),
        ] {
            eprintln!("{name:>7}: {:>9.2} ms", ms(d));
        }
        eprintln!("{:>7}: {:>9.2} ms", "total", ms(t.total() + write));
    }
    match result {
        Ok(summary) => {
            let c = imported.counts;
            println!(
                "codegen import: {} nodes, {} enums, {} fields, {} edges, {} overrides, {} warnings in {} ms ({} → {}: {} written, {} unchanged, {} removed)",
                c.nodes,
                c.enums,
                c.fields,
                c.edges,
                c.overrides,
                imported.warnings.0.len(),
                start.elapsed().as_millis(),
                shown(&options.input),
                shown(&args.out),
                summary.written,
                summary.unchanged,
                summary.removed,
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("codegen import: {e}");
            ExitCode::from(1)
        }
    }
}
