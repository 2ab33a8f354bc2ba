//! Stage 1, load: spec directory → [`SpecFile`]s with source positions.
//!
//! Reads every `*.yaml` file of the directory (sorted, so output never
//! depends on directory order), parses each into a positioned tree
//! ([`yaml`]), and converts the trees into spec structs ([`spec`]).

pub mod spec;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
pub use spec::SpecFile;

/// Largest spec file read, so a stray huge file fails fast instead of eating memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Every `*.yaml` / `*.yml` file directly in `dir`, sorted by name.
pub fn spec_paths(dir: &Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::global(format!(
            "cannot read spec directory {}: {e}",
            crate::diagnostic::display_path(dir)
        ))
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Diagnostic::global(format!(
            "no .yaml files in spec directory {}",
            crate::diagnostic::display_path(dir)
        )));
    }
    Ok(paths)
}

/// Loads every spec file of `dir`. Diagnostics collect every problem found;
/// files with problems still contribute what could be read.
///
/// Files are independent, so they are read and parsed on every core; files
/// and diagnostics come back in path order, as from one thread.
pub fn load_dir(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<SpecFile> {
    let paths = match spec_paths(dir) {
        Ok(paths) => paths,
        Err(d) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    let load = |path: &PathBuf| {
        let mut found = Diagnostics::default();
        let file = match read_text(path) {
            Ok(text) => Some(load_text(path, text, &mut found)),
            Err(d) => {
                found.push(d);
                None
            }
        };
        (file, found)
    };
    let workers = (paths.len() / FILES_PER_WORKER).max(1);
    let loaded: Vec<(Option<SpecFile>, Diagnostics)> =
        crate::pool::map_ordered(&paths, workers, load)
            .into_iter()
            .zip(&paths)
            .map(|(result, path)| {
                result.unwrap_or_else(|panicked| {
                    let mut found = Diagnostics::default();
                    found.push(Diagnostic::global(format!(
                        "internal error: loading {} panicked: {}",
                        crate::diagnostic::display_path(path),
                        panicked.0
                    )));
                    (None, found)
                })
            })
            .collect();
    loaded
        .into_iter()
        .filter_map(|(file, found)| {
            diagnostics.extend(found);
            file
        })
        .collect()
}

/// Below this many files per core, starting threads (tens of microseconds
/// each) is not worth it: a small spec loads in well under a millisecond.
const FILES_PER_WORKER: usize = 16;

/// Loads one file's text (tests and fuzzing call this directly).
pub fn load_text(path: &Path, text: String, diagnostics: &mut Diagnostics) -> SpecFile {
    let file = Arc::new(SourceFile {
        path: path.to_path_buf(),
        text,
    });
    match yaml::parse(&file) {
        Ok(Some(root)) => spec::from_yaml(&root, diagnostics),
        Ok(None) => SpecFile {
            complete: true,
            ..SpecFile::default()
        },
        Err(d) => {
            diagnostics.push(d);
            SpecFile::default()
        }
    }
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let shown = crate::diagnostic::display_path(path);
    let len = std::fs::metadata(path)
        .map_err(|e| Diagnostic::global(format!("cannot read {shown}: {e}")))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::global(format!(
            "{shown} is {len} bytes; spec files are limited to {MAX_FILE_BYTES}"
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::global(format!("cannot read {shown}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::global(format!(
            "{shown} is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}
