//! # codegen
//!
//! Generates a typed Rust crate for the Facebook Graph API from a YAML spec.
//! The pipeline is one module per stage, and data only moves forward:
//!
//! ```text
//! spec/*.yaml ─load─▶ SpecFile (with positions) ─check─▶ diagnostics
//!             ─lower─▶ ir::Api (named) ─ir::select─▶ ─ir::box_cycles─▶
//!             ─emit─▶ token streams ─format─▶ text ─write─▶ generated/
//! ```
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | load | [`load`] | YAML → spec structs, every value with file, line and column |
//! | check | [`check`] | every semantic error at once; builds nothing |
//! | lower | [`lower`] | checked spec → IR; cannot fail; merges enums with the same values ([`ir::share_enums`]), then ends with the naming pass ([`ir::names`], from [`ident`]) |
//! | IR passes | [`ir`] | keep the `--nodes` ([`ir::select`](fn@ir::select)), box what closes a cycle ([`ir::box_cycles`]) |
//! | emit | [`emit`] | IR → `quote!` token streams |
//! | format | [`format`](mod@format) | prettyplease |
//! | write | [`write`](mod@write) | hash headers, hand-edit protection, atomic writes, `--check` |
//!
//! Loading, emitting and formatting run on every core through [`pool`].
//!
//! The binary (`cargo run -p codegen`) is a thin CLI over [`generate`] and [`write::Plan`].
//!
//! [`import`] converts Facebook's machine-readable specs into this spec format
//! (`cargo run -p codegen -- import DIR --out SPEC_DIR`).
//!
//! [`diff`] compares two specs, YAML or Facebook's, and lists what the newer
//! one removed, retyped and added (`cargo run -p codegen -- diff OLD NEW`).
#![forbid(unsafe_code)]

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ident;
pub mod import;
pub mod ir;
pub mod load;
pub mod lower;
pub mod paths;
pub mod pool;
pub mod type_expr;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Diagnostics};

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// Directory of `*.yaml` spec files.
    pub spec_dir: PathBuf,
    /// Directory of the generated crate.
    pub out_dir: PathBuf,
    /// Package name of the generated crate.
    pub crate_name: String,
    /// The `graph-runtime` crate the generated one depends on (by path).
    pub runtime_dir: PathBuf,
    /// Generate only these nodes (Graph names); references to others become
    /// JSON values. `None`: every node of the spec.
    pub nodes: Option<Vec<String>>,
    /// The next API version (`--next`): a YAML spec directory or Facebook's
    /// specs. What it removes or retypes is generated `#[deprecated]`
    /// ([`ir::deprecate`](fn@ir::deprecate)). `None`: nothing is.
    pub next: Option<PathBuf>,
}

impl Options {
    /// This workspace's defaults: `spec/` → `generated/`, package `graph-api`.
    pub fn workspace_defaults() -> Self {
        let root = paths::workspace_root();
        Options {
            spec_dir: root.join("spec"),
            out_dir: root.join("generated"),
            crate_name: "graph-api".to_owned(),
            runtime_dir: root.join("runtime"),
            nodes: None,
            next: None,
        }
    }
}

/// Time spent in each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing YAML.
    pub load: Duration,
    /// Semantic checks.
    pub check: Duration,
    /// Lowering to the IR, naming, and the IR passes.
    pub ir: Duration,
    /// Emitting token streams.
    pub emit: Duration,
    /// prettyplease.
    pub format: Duration,
    /// Comparing with disk and writing.
    pub write: Duration,
}

impl Timings {
    /// Sum of all stages.
    pub fn total(&self) -> Duration {
        self.load + self.check + self.ir + self.emit + self.format + self.write
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        for (name, d) in [
            ("load", self.load),
            ("check", self.check),
            ("ir", self.ir),
            ("emit", self.emit),
            ("format", self.format),
            ("write", self.write),
        ] {
            writeln!(f, "{name:>7}: {:>9.2} ms", ms(d))?;
        }
        write!(f, "{:>7}: {:>9.2} ms", "total", ms(self.total()))
    }
}

/// The generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    /// Files relative to the output directory, content stamped with the generated header.
    pub files: Vec<(PathBuf, String)>,
    /// Warnings (generation went on).
    pub warnings: Diagnostics,
    /// The checked API.
    pub api: ir::Api,
    /// Time per stage (`write` is filled in by the caller that writes).
    pub timings: Timings,
}

/// Runs load → check → lower → IR passes → emit → format. Nothing is written; see [`write::Plan`].
pub fn generate(options: &Options) -> Result<Generated, Diagnostics> {
    let start = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let files = load::load_dir(&options.spec_dir, &mut diagnostics);
    let load = start.elapsed();
    let mut generated = generate_from(&files, diagnostics, options)?;
    generated.timings.load = load;
    Ok(generated)
}

/// Like [`generate`], from spec files already loaded (with their load diagnostics).
pub fn generate_from(
    files: &[load::SpecFile],
    mut diagnostics: Diagnostics,
    options: &Options,
) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let start = Instant::now();
    let checked = check::check(files);
    timings.check = start.elapsed();
    match checked {
        Ok(warnings) if !diagnostics.has_errors() => diagnostics.extend(warnings),
        Ok(more) | Err(more) => {
            diagnostics.extend(more);
            diagnostics.sort();
            return Err(diagnostics);
        }
    }

    // The next version's changes, read before anything is lowered: a
    // broken NEW stops the run like a broken spec.
    let report = match &options.next {
        Some(dir) => match diff::read_next_surface(dir) {
            Ok(next) => Some(diff::diff(&diff::spec_surface(files), &next)),
            Err(more) => {
                diagnostics.extend(more);
                return Err(diagnostics);
            }
        },
        None => None,
    };

    let start = Instant::now();
    let mut api = lower::lower(files);
    if let Some(report) = &report {
        ir::deprecate(&mut api, report);
    }
    if let Some(names) = &options.nodes {
        let known: Vec<String> = api.nodes.iter().map(|n| n.name.clone()).collect();
        if let Err(unknown) = ir::select(&mut api, names) {
            for name in unknown {
                diagnostics.push(
                    Diagnostic::global(format!("--nodes: the spec has no node `{name}`"))
                        .with_hint_opt(diagnostic::did_you_mean(
                            &name,
                            known.iter().map(String::as_str),
                        )),
                );
            }
            return Err(diagnostics);
        }
    }
    ir::box_cycles(&mut api);
    timings.ir = start.elapsed();

    let start = Instant::now();
    let out_abs = paths::absolute(&options.out_dir);
    let runtime_abs = paths::absolute(&options.runtime_dir);
    let emit_options = emit::EmitOptions {
        crate_name: options.crate_name.clone(),
        runtime_path: paths::relative(&out_abs, &runtime_abs)
            .to_string_lossy()
            .into_owned(),
        standalone: !paths::is_workspace_member(&out_abs),
    };
    let jobs = emit::plan(&api);
    let Emitted {
        files,
        emit_cpu,
        format_cpu,
    } = emit_and_format(&api, &emit_options, &jobs)?;
    // Emit and format run interleaved on every core: split the wall time by
    // their shares of the work, so the stages still add up to the total.
    let wall = start.elapsed();
    let cpu = (emit_cpu + format_cpu).as_secs_f64().max(f64::MIN_POSITIVE);
    timings.emit = wall.mul_f64(emit_cpu.as_secs_f64() / cpu);
    timings.format = wall.saturating_sub(timings.emit);

    Ok(Generated {
        files,
        warnings: diagnostics,
        api,
        timings,
    })
}

/// Formatted files, with the time spent emitting and formatting them (summed over workers).
struct Emitted {
    files: Vec<(PathBuf, String)>,
    emit_cpu: Duration,
    format_cpu: Duration,
}

/// Emits and formats every file, spread over the machine's cores through
/// [`pool`] (each worker emits and formats its own files: token streams
/// cannot cross threads). Results come back in plan order, so output is
/// deterministic; a file whose emission panics is an internal-error
/// diagnostic naming it, on one core as on many.
fn emit_and_format(
    api: &ir::Api,
    options: &emit::EmitOptions,
    jobs: &[emit::FileJob],
) -> Result<Emitted, Diagnostics> {
    let results = pool::map_ordered(jobs, usize::MAX, |&job| {
        let start = Instant::now();
        let (path, content) = emit::emit_one(api, options, job);
        let emitted = start.elapsed();
        let start = Instant::now();
        let text = format::format(content).map(|body| write::stamp(&path, &body));
        (path, text, emitted, start.elapsed())
    });
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for (result, job) in results.into_iter().zip(jobs) {
        match result {
            Ok((path, text, emitted, formatted)) => {
                emit_time += emitted;
                format_time += formatted;
                match text {
                    Ok(text) => files.push((path, text)),
                    Err(e) => {
                        errors.push(Diagnostic::global(format!("{e} (in {})", path.display())))
                    }
                }
            }
            Err(panicked) => errors.push(Diagnostic::global(format!(
                "internal error: emitting {} panicked: {}; please report this with the spec",
                emit::path(api, *job).display(),
                panicked.0
            ))),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(Emitted {
        files,
        emit_cpu: emit_time,
        format_cpu: format_time,
    })
}

/// Whether `diagnostics` hold an internal error (a bug in codegen, not in
/// the spec): such messages start with `internal error`.
pub fn has_internal_error(diagnostics: &Diagnostics) -> bool {
    diagnostics
        .0
        .iter()
        .any(|d| d.message.starts_with("internal error"))
}

/// Checks that a crate name is a valid cargo package name.
pub fn valid_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Shown in summaries: a path relative to the current directory when possible.
pub fn shown(path: &Path) -> String {
    diagnostic::display_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_told_apart_from_spec_problems() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::global("unknown type `internal error`"));
        assert!(!has_internal_error(&d));
        d.push(Diagnostic::global(
            "internal error: emitting src/lib.rs panicked: x",
        ));
        assert!(has_internal_error(&d));
    }
}
