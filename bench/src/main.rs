//! `graph-bench`: the figures of `BENCHMARKS.md` that come from running
//! codegen and cargo as processes. `bench/run` calls it; see `--help`.
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};
use std::time::{Duration, Instant};

use graph_bench::{facebook_specs, synth, target_dir, workspace_root};

const HELP: &str = "\
graph-bench: codegen and cargo figures for BENCHMARKS.md (run through bench/run)

USAGE:
    graph-bench figures [--runs N] [--sizes 10,100,1000,5000] [--check-1000] [--check-facebook]
    graph-bench synth N DIR       write a synthetic spec of N nodes x 20 fields into DIR
    graph-bench decode-table      the criterion results of `cargo bench -p graph-bench`, as a table

`figures` needs the release codegen (`cargo build --release -p codegen`). It writes
under <target>/bench/ and prints Markdown tables on stdout, progress on stderr.
  --runs N           generation runs per spec (the median is shown) [default: 3]
  --sizes LIST       synthetic spec sizes in nodes [default: 10,100,1000,5000]
  --check-1000       also time `cargo check` of the 1,000-node crate (slow)
  --check-facebook   also time `cargo check` of the whole Facebook API crate (slow)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("figures") => Figures::parse(&args[1..]).and_then(|f| f.run()),
        Some("synth") => synth_command(&args[1..]),
        Some("decode-table") => decode_table(),
        Some("-h" | "--help") => {
            print!("{HELP}");
            Ok(())
        }
        _ => Err(format!("expected a command\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("graph-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn synth_command(args: &[String]) -> Result<(), String> {
    let [n, dir] = args else {
        return Err("usage: graph-bench synth N DIR".to_owned());
    };
    let n: usize = n
        .parse()
        .map_err(|_| format!("`{n}` is not a node count"))?;
    if n == 0 {
        return Err("a synthetic spec needs at least one node".to_owned());
    }
    synth::write_spec(Path::new(dir), n).map_err(|e| format!("{dir}: {e}"))
}

/// Options of `figures`.
struct Figures {
    runs: usize,
    sizes: Vec<usize>,
    check_1000: bool,
    check_facebook: bool,
}

impl Figures {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut figures = Figures {
            runs: 3,
            sizes: vec![10, 100, 1000, 5000],
            check_1000: false,
            check_facebook: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--runs" => {
                    let n = args.next().ok_or("--runs needs a number")?;
                    figures.runs = n
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or(format!("--runs: `{n}` is not a positive number"))?;
                }
                "--sizes" => {
                    let list = args.next().ok_or("--sizes needs a list")?;
                    figures.sizes = list
                        .split(',')
                        .map(|s| s.trim().parse().ok().filter(|&n| n > 0))
                        .collect::<Option<_>>()
                        .ok_or(format!("--sizes: `{list}` is not a list of node counts"))?;
                }
                "--check-1000" => figures.check_1000 = true,
                "--check-facebook" => figures.check_facebook = true,
                other => return Err(format!("figures: unknown option `{other}`\n\n{HELP}")),
            }
        }
        Ok(figures)
    }

    fn run(&self) -> Result<(), String> {
        let codegen = target_dir().join("release/codegen");
        if !codegen.is_file() {
            return Err(format!(
                "{} is missing: run `cargo build --release -p codegen` (bench/run does)",
                codegen.display()
            ));
        }
        let work = target_dir().join("bench");
        let mut cases = vec![Case {
            label: "VoipInfo (spec/)".to_owned(),
            crate_name: "graph-bench-voip".to_owned(),
            spec: workspace_root().join("spec"),
            only: None,
            nodes: 0,
            fields: 0,
        }];
        for &n in &self.sizes {
            let spec = work.join(format!("specs/synth-{n}"));
            eprintln!("bench: writing a synthetic spec of {n} nodes");
            synth::write_spec(&spec, n).map_err(|e| format!("{}: {e}", spec.display()))?;
            cases.push(Case {
                label: format!("synthetic {n}"),
                crate_name: format!("graph-synth-{n}"),
                spec,
                only: None,
                nodes: n,
                fields: n * synth::FIELDS_PER_NODE,
            });
        }
        let mut import = None;
        match facebook_specs() {
            Some(specs) => {
                let spec = work.join("specs/facebook");
                eprintln!("bench: importing Facebook's specs");
                import = Some(import_facebook(&codegen, &specs, &spec, self.runs)?);
                let subset = SUBSET_FILES
                    .iter()
                    .map(|f| spec.join(f))
                    .collect::<Vec<_>>();
                let (nodes, fields) = count_files(&subset)?;
                cases.push(Case {
                    label: "Facebook, whole API".to_owned(),
                    crate_name: "graph-facebook".to_owned(),
                    spec: spec.clone(),
                    only: None,
                    nodes: 0,
                    fields: 0,
                });
                cases.push(Case {
                    label: format!("Facebook, `--nodes {SUBSET}`"),
                    crate_name: "graph-facebook-3".to_owned(),
                    spec,
                    only: Some(SUBSET),
                    nodes,
                    fields,
                });
            }
            None => eprintln!(
                "bench: ../shared/facebook-api-specs is absent: skipping the whole-API figures"
            ),
        }
        for case in &mut cases {
            if case.nodes == 0 {
                (case.nodes, case.fields) = count_spec(&case.spec)?;
            }
        }

        let mut generation = Vec::new();
        for case in &cases {
            eprintln!("bench: generating {} ({} runs)", case.label, self.runs);
            let out = work.join("gen").join(&case.crate_name);
            generation.push(generate(&codegen, case, &out, self.runs)?);
        }
        print_generation(&generation, import.as_ref());

        let cargo = work.join("cargo-target");
        let noop_case = cases
            .iter()
            .position(|c| c.label == "synthetic 100")
            .unwrap_or(0);
        eprintln!("bench: no-op regeneration of {}", cases[noop_case].label);
        let noop = no_op(
            &codegen,
            &cases[noop_case],
            &work.join("gen").join(&cases[noop_case].crate_name),
            &cargo,
        )?;
        print_no_op(&cases[noop_case], &noop);

        let mut weights = Vec::new();
        for (case, run) in cases.iter().zip(&generation) {
            let out = work.join("gen").join(&case.crate_name);
            let wanted = match case.label.as_str() {
                "synthetic 100" => true,
                "synthetic 1000" => self.check_1000,
                "Facebook, whole API" => self.check_facebook,
                _ => case.only.is_some(),
            };
            let check = if wanted {
                eprintln!("bench: cargo check of {}", case.label);
                Some(cargo_check_time(&out, &cargo)?)
            } else {
                None
            };
            weights.push((case, run.lines, check));
        }
        print_weight(&weights);
        Ok(())
    }
}

/// One spec to generate from.
struct Case {
    label: String,
    crate_name: String,
    spec: PathBuf,
    /// `--nodes`: generate only these nodes of the spec.
    only: Option<&'static str>,
    nodes: usize,
    fields: usize,
}

/// The three-node subset of the whole API that bench/run checks.
const SUBSET: &str = "Page,VoipInfo,AdAccount";
/// Their spec files, as `codegen import` names them.
const SUBSET_FILES: [&str; 3] = ["page.yaml", "voip_info.yaml", "ad_account.yaml"];

/// The median of several generation runs.
struct Generation {
    label: String,
    nodes: usize,
    fields: usize,
    files: usize,
    lines: usize,
    /// `--timings` of the median rerun, stage by stage (ms).
    stages: Vec<(String, f64)>,
    wall: Duration,
    cpu: Option<Duration>,
    /// The first run, into an empty directory: wall, and its write stage (ms).
    first_wall: Duration,
    first_write: f64,
}

/// A finished process with its wall time and the CPU time it used.
struct Ran {
    output: Output,
    wall: Duration,
    cpu: Option<Duration>,
}

fn run(command: &mut Command) -> Result<Ran, String> {
    let before = children_cpu();
    let start = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    let wall = start.elapsed();
    let cpu = before.zip(children_cpu()).map(|(b, a)| a.saturating_sub(b));
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(Ran { output, wall, cpu })
}

/// User + system time of the waited-for children of this process, from
/// `/proc/self/stat` (Linux; 10 ms ticks). `None` elsewhere.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 16 and 17 of proc(5), counted from field 3 (the state).
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// `--timings` lines (`  format:   1979.69 ms`) → (stage, ms).
fn parse_timings(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().split_once(':')?;
            let ms: f64 = value.trim().strip_suffix(" ms")?.trim().parse().ok()?;
            let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
            valid.then(|| (name.to_owned(), ms))
        })
        .collect()
}

fn stage(stages: &[(String, f64)], name: &str) -> f64 {
    stages
        .iter()
        .find(|(n, _)| n == name)
        .map_or(f64::NAN, |s| s.1)
}

/// Index of the median of `values`.
fn median_index<T: PartialOrd>(values: &[T]) -> usize {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        values[a]
            .partial_cmp(&values[b])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    order[order.len() / 2]
}

/// Runs codegen once into an empty output directory, then `runs` times
/// again over its output (each rerun writes nothing but does every stage,
/// comparing every file with the disk).
///
/// Reruns make the figure: writing thousands of files right after deleting
/// thousands (as a loop of fresh runs would) measures the file system, not
/// codegen. ext4 skips recently freed inodes, and the write stage of the
/// 5,000-node spec took 0.26 s on a quiet disk but 2.7-3.8 s after
/// `rm -rf` of the previous output. The first run is shown apart.
fn generate(codegen: &Path, case: &Case, out: &Path, runs: usize) -> Result<Generation, String> {
    let command = || {
        let mut command = Command::new(codegen);
        command
            .arg("--spec")
            .arg(&case.spec)
            .arg("--out")
            .arg(out)
            .args(["--crate-name", &case.crate_name, "--timings"]);
        if let Some(only) = case.only {
            command.args(["--nodes", only]);
        }
        command
    };
    remove_dir(out)?;
    let first = run(&mut command())?;
    let mut reruns = Vec::new();
    for _ in 0..runs {
        reruns.push(run(&mut command())?);
    }
    let walls: Vec<Duration> = reruns.iter().map(|r| r.wall).collect();
    let median = &reruns[median_index(&walls)];
    // "codegen: 1006 files written, 0 unchanged, …"
    let summary = String::from_utf8_lossy(&first.output.stdout);
    let files = summary
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let first_stages = parse_timings(&String::from_utf8_lossy(&first.output.stderr));
    Ok(Generation {
        label: case.label.clone(),
        nodes: case.nodes,
        fields: case.fields,
        files,
        lines: count_lines(&out.join("src"))?,
        stages: parse_timings(&String::from_utf8_lossy(&median.output.stderr)),
        wall: median.wall,
        cpu: median.cpu,
        first_wall: first.wall,
        first_write: stage(&first_stages, "write"),
    })
}

/// Importing Facebook's specs: the median rerun, the first run's wall and summary line.
struct Import {
    stages: Vec<(String, f64)>,
    wall: Duration,
    cpu: Option<Duration>,
    first_wall: Duration,
    summary: String,
}

fn import_facebook(
    codegen: &Path,
    specs: &Path,
    out: &Path,
    runs: usize,
) -> Result<Import, String> {
    let command = || {
        let mut command = Command::new(codegen);
        command
            .arg("import")
            .arg(specs)
            .arg("--out")
            .arg(out)
            .arg("--timings");
        command
    };
    // As for generation: one import into an empty directory, the figure from reruns.
    remove_dir(out)?;
    let first = run(&mut command())?;
    let mut reruns = Vec::new();
    for _ in 0..runs {
        reruns.push(run(&mut command())?);
    }
    let walls: Vec<Duration> = reruns.iter().map(|r| r.wall).collect();
    let median = &reruns[median_index(&walls)];
    Ok(Import {
        stages: parse_timings(&String::from_utf8_lossy(&median.output.stderr)),
        wall: median.wall,
        cpu: median.cpu,
        first_wall: first.wall,
        summary: String::from_utf8_lossy(&first.output.stdout)
            .trim()
            .to_owned(),
    })
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("{}: {e}", dir.display())),
    }
}

/// Nodes and fields of a spec directory.
fn count_spec(dir: &Path) -> Result<(usize, usize), String> {
    count_files(&files_with(dir, "yaml")?)
}

/// Nodes and fields in these spec files.
fn count_files(paths: &[PathBuf]) -> Result<(usize, usize), String> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        nodes: Vec<Node>,
    }
    #[derive(serde::Deserialize)]
    struct Node {
        #[serde(default)]
        fields: Vec<serde::de::IgnoredAny>,
    }
    let (mut nodes, mut fields) = (0, 0);
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // Only the structure matters here; codegen checks the rest.
        let file: File =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        nodes += file.nodes.len();
        fields += file.nodes.iter().map(|n| n.fields.len()).sum::<usize>();
    }
    Ok((nodes, fields))
}

fn files_with(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn count_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for path in files_with(dir, "rs")? {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        lines += text.lines().count();
    }
    Ok(lines)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_generation(rows: &[Generation], import: Option<&Import>) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n### Generation (release codegen; median of reruns over the output, stages from `--timings` in ms)\n"
    );
    let _ = writeln!(
        out,
        "| spec | nodes | fields | files | load | check | ir | emit | format | write | wall ms | CPU ms | wall µs/field | CPU µs/field | first run: wall ms (write) |"
    );
    let _ = writeln!(
        out,
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for row in rows {
        // CPU time comes in 10 ms ticks: too coarse for the small specs.
        let cpu = row.cpu.filter(|c| c.as_millis() >= 100);
        let per_field = |d: Duration| d.as_secs_f64() * 1e6 / row.fields.max(1) as f64;
        let cpu_per_field = cpu.map_or("–".to_owned(), |c| format!("{:.1}", per_field(c)));
        let cpu = cpu.map_or("–".to_owned(), |c| format!("{:.0}", ms(c)));
        let _ = write!(
            out,
            "| {} | {} | {} | {} |",
            row.label, row.nodes, row.fields, row.files
        );
        for name in ["load", "check", "ir", "emit", "format", "write"] {
            let _ = write!(out, " {:.1} |", stage(&row.stages, name));
        }
        let _ = writeln!(
            out,
            " {:.0} | {cpu} | {:.1} | {cpu_per_field} | {:.0} ({:.0}) |",
            ms(row.wall),
            per_field(row.wall),
            ms(row.first_wall),
            row.first_write,
        );
    }
    if let Some(import) = import {
        let cpu = import
            .cpu
            .filter(|c| c.as_millis() >= 100)
            .map_or("–".to_owned(), |c| format!("{:.0} ms", ms(c)));
        let stages: Vec<String> = import
            .stages
            .iter()
            .map(|(n, v)| format!("{n} {v:.1}"))
            .collect();
        let _ = writeln!(
            out,
            "\nImport of Facebook's specs (`codegen import`, median rerun): wall {:.0} ms, CPU {cpu}; stages (ms): {}. First run, into an empty directory: {:.0} ms.\n`{}`",
            ms(import.wall),
            stages.join(", "),
            ms(import.first_wall),
            import.summary
        );
        if let Some(whole) = rows.iter().find(|r| r.label.starts_with("Facebook")) {
            let _ = writeln!(
                out,
                "\nWhole Facebook API, import + generate: **{:.0} ms** wall (reruns); {:.0} ms the first time, into empty directories.",
                ms(import.wall + whole.wall),
                ms(import.first_wall + whole.first_wall)
            );
        }
    }
    print!("{out}");
}

/// The no-op figure, step by step: (step, what happened, wall).
struct NoOp {
    steps: Vec<(String, String, Duration)>,
}

fn no_op(codegen: &Path, case: &Case, out: &Path, cargo_target: &Path) -> Result<NoOp, String> {
    let mut steps = Vec::new();
    let codegen_run = |steps: &mut Vec<(String, String, Duration)>, label: &str| {
        let ran = run(Command::new(codegen)
            .arg("--spec")
            .arg(&case.spec)
            .arg("--out")
            .arg(out)
            .args(["--crate-name", &case.crate_name]))?;
        let summary = String::from_utf8_lossy(&ran.output.stdout);
        let summary = summary.trim();
        // "codegen: 0 files written, 104 unchanged, 0 removed in 38 ms (…)"
        let short = summary
            .strip_prefix("codegen: ")
            .and_then(|s| s.split(" in ").next())
            .unwrap_or(summary);
        steps.push((label.to_owned(), short.to_owned(), ran.wall));
        Ok::<(), String>(())
    };
    remove_dir(out)?;
    codegen_run(&mut steps, "codegen (empty directory)")?;
    prepare_crate(out)?;
    let build = cargo(out, cargo_target, &["build", "-v"])?;
    steps.push((
        "cargo build".to_owned(),
        compiled_summary(&build.output, &case.crate_name),
        build.wall,
    ));
    codegen_run(&mut steps, "codegen again")?;
    let build = cargo(out, cargo_target, &["build", "-v"])?;
    steps.push((
        "cargo build again".to_owned(),
        compiled_summary(&build.output, &case.crate_name),
        build.wall,
    ));
    Ok(NoOp { steps })
}

/// Cargo needs a lock file for the generated crate; the workspace's pins
/// the same versions the workspace builds with.
fn prepare_crate(out: &Path) -> Result<(), String> {
    let lock = workspace_root().join("Cargo.lock");
    std::fs::copy(&lock, out.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", lock.display()))
}

fn cargo(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<Ran, String> {
    run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(args)
            .arg("--manifest-path")
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target),
    )
}

/// What `cargo … -v` did: how many packages it compiled and which were fresh.
fn compiled_summary(output: &Output, crate_name: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let compiled: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Compiling "))
        .collect();
    let fresh: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Fresh "))
        .collect();
    let name = |s: &str| s.split_whitespace().next().unwrap_or("").to_owned();
    let mut text = format!("{} compiled, {} fresh", compiled.len(), fresh.len());
    if compiled.len() <= 3 && !compiled.is_empty() {
        let names: Vec<String> = compiled.iter().map(|s| name(s)).collect();
        let _ = write!(text, " (compiled: {})", names.join(", "));
    }
    if compiled.is_empty() {
        if let Some(own) = fresh.iter().find(|s| name(s) == crate_name) {
            let _ = write!(text, " (`Fresh {}`)", own.trim());
        }
    }
    text
}

fn print_no_op(case: &Case, noop: &NoOp) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n### No-op regeneration ({}; debug `cargo build` of the generated crate)\n",
        case.label
    );
    let _ = writeln!(out, "| step | result | wall |");
    let _ = writeln!(out, "|---|---|--:|");
    for (step, result, wall) in &noop.steps {
        let _ = writeln!(out, "| {step} | {result} | {:.2} s |", wall.as_secs_f64());
    }
    print!("{out}");
}

/// `cargo check` of a generated crate alone (dependencies checked first,
/// untimed): after touching its root, once with incremental compilation
/// (what an edit-check loop sees) and once without it (a clean check, as CI
/// and a fresh clone see it), with that run's peak memory.
#[derive(Debug, Clone, Copy)]
struct Check {
    incremental: Duration,
    clean: Duration,
    /// Peak resident memory of the clean check (the largest process: rustc),
    /// from `/usr/bin/time` where it is installed.
    peak_kib: Option<u64>,
}

fn cargo_check_time(out: &Path, cargo_target: &Path) -> Result<Check, String> {
    prepare_crate(out)?;
    cargo(out, cargo_target, &["check", "--quiet"])?;
    let lib = out.join("src/lib.rs");
    let touch = || {
        let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
        std::fs::write(&lib, text).map_err(|e| format!("{}: {e}", lib.display()))
    };
    touch()?;
    let incremental = cargo(out, cargo_target, &["check", "--quiet"])?.wall;
    touch()?;
    let time = Path::new("/usr/bin/time");
    let peak_file = cargo_target.join("bench-check-peak.txt");
    let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&peak_file)
            .arg(&cargo_bin);
        c
    } else {
        Command::new(&cargo_bin)
    };
    command
        .args(["check", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", cargo_target)
        .env("CARGO_INCREMENTAL", "0");
    let clean = run(&mut command)?.wall;
    let peak_kib = time
        .exists()
        .then(|| std::fs::read_to_string(&peak_file).ok())
        .flatten()
        .and_then(|t| t.trim().lines().last()?.trim().parse().ok());
    Ok(Check {
        incremental,
        clean,
        peak_kib,
    })
}

fn print_weight(rows: &[(&Case, usize, Option<Check>)]) {
    let mut out = String::new();
    let _ = writeln!(out, "\n### Weight of the output\n");
    let _ = writeln!(
        out,
        "| spec | nodes | fields | generated lines (.rs) | lines per field | `cargo check`, incremental | `cargo check`, clean | peak memory (clean) |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|");
    for (case, lines, check) in rows {
        let (incremental, clean, peak) = match check {
            Some(c) => (
                format!("{:.1} s", c.incremental.as_secs_f64()),
                format!("{:.1} s", c.clean.as_secs_f64()),
                c.peak_kib.map_or("not measured".to_owned(), |k| {
                    format!("{:.2} GiB", k as f64 / (1024.0 * 1024.0))
                }),
            ),
            None => ("not run".to_owned(), "not run".to_owned(), "–".to_owned()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.1} | {incremental} | {clean} | {peak} |",
            case.label,
            case.nodes,
            case.fields,
            lines,
            *lines as f64 / case.fields.max(1) as f64
        );
    }
    print!("{out}");
}

/// Criterion's estimate of one benchmark (ns): the slope where criterion
/// fitted one, else the mean, as criterion itself reports.
fn criterion_estimate(root: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(root.join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["slope"]["point_estimate"]
        .as_f64()
        .or_else(|| json["mean"]["point_estimate"].as_f64())
}

/// Rounds of each paired comparison in `benches/decode.rs`.
const ROUNDS: usize = 3;

/// The results of `cargo bench -p graph-bench --bench decode`, with the ratios the figures ask for.
fn decode_table() -> Result<(), String> {
    let root = target_dir().join("criterion");
    let get = |id: &str| {
        criterion_estimate(&root, id).ok_or(format!(
            "no criterion result for `{id}` in {} (run `cargo bench -p graph-bench --bench decode` first)",
            root.display()
        ))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n### Decoding, validation, field selection (criterion; ns per operation)\n"
    );
    let _ = writeln!(
        out,
        "| comparison | per round (a / b = ratio) | median ratio |"
    );
    let _ = writeln!(out, "|---|---|--:|");
    for (label, a, b) in [
        (
            "generated `VoipInfo` / hand-written struct, `serde_json::from_slice`",
            "decode/generated_VoipInfo",
            "decode/handwritten_struct",
        ),
        (
            "the client's decoding (`tolerant::decode_slice::<VoipInfo>`, warnings collected) / hand-written struct, `serde_json::from_slice`",
            "decode/client_VoipInfo",
            "decode/handwritten_struct_again",
        ),
        (
            "generated `VoipInfo` / hand-written struct, from a `serde_json::Value` (JSON a user already holds)",
            "decode/generated_VoipInfo_from_value",
            "decode/handwritten_struct_from_value",
        ),
    ] {
        let mut ratios = Vec::new();
        let mut rounds = Vec::new();
        for round in 1..=ROUNDS {
            let (x, y) = (
                get(&format!("{a}_r{round}"))?,
                get(&format!("{b}_r{round}"))?,
            );
            ratios.push(x / y);
            rounds.push(format!("{x:.0} / {y:.0} = {:.3}", x / y));
        }
        let median = ratios[median_index(&ratios)];
        let _ = writeln!(out, "| {label} | {} | **{median:.3}** |", rounds.join("; "));
    }
    let _ = writeln!(out, "\n| benchmark | ns |");
    let _ = writeln!(out, "|---|--:|");
    for (label, id) in [
        (
            "`tolerant::decode::<VoipInfo>(&value)` (from a `Value`, warnings collected)",
            "decode/client_path_decode_from_value",
        ),
        (
            "`tolerant::decode_slice` with one value coerced and one kept raw",
            "decode/client_path_decode_slice_with_warnings",
        ),
        (
            "`tolerant::decode` (from a `Value`) with one value coerced and one kept raw",
            "decode/client_path_decode_with_warnings",
        ),
        ("`VoipInfo::validate(&value)`", "validate/validate"),
        (
            "`decode::from_value::<VoipInfo>(&value)`",
            "validate/decode_from_value",
        ),
        (
            "`VoipInfo::deserialize(&value)` (serde alone)",
            "validate/serde_deserialize_from_value",
        ),
        (
            "`FieldSelection::of(VoipInfoField::ALL).to_string()`",
            "field_selection/selection_to_string",
        ),
        (
            "`client.voip_info(id).fields(ALL).to_request()`",
            "field_selection/to_request",
        ),
    ] {
        let _ = writeln!(out, "| {label} | {:.0} |", get(id)?);
    }
    print!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_lines_are_read() {
        let stderr = "warning: something: 3 ms\n   load:    123.95 ms\n  total:   2897.42 ms\n";
        let stages = parse_timings(stderr);
        assert_eq!(stage(&stages, "load"), 123.95);
        assert_eq!(stage(&stages, "total"), 2897.42);
        assert!(stage(&stages, "format").is_nan());
    }

    #[test]
    fn median_of_three() {
        assert_eq!(median_index(&[3.0, 1.0, 2.0]), 2);
    }
}
