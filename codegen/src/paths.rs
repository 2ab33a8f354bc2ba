//! Where things are: the workspace, the runtime, and paths between them.

use std::path::{Component, Path, PathBuf};

/// The workspace this codegen belongs to: the nearest directory above the
/// current one that holds `codegen/` and `runtime/`, else the one codegen
/// was built in. This is what lets `cargo run -p codegen` work from any
/// directory of the workspace.
pub fn workspace_root() -> PathBuf {
    let is_root = |dir: &Path| {
        dir.join("runtime/Cargo.toml").is_file() && dir.join("codegen/Cargo.toml").is_file()
    };
    if let Ok(cwd) = std::env::current_dir() {
        if let Some(found) = cwd.ancestors().find(|d| is_root(d)) {
            return found.to_path_buf();
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `path` made absolute and normalised, resolving symlinks in the part that
/// exists (the output directory may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let normal = normalize(&joined);
    let mut existing = normal.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(canonical, |acc: PathBuf, c| acc.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normal,
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path of `to` as seen from directory `from` (both absolute): `../runtime`.
pub fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.iter().collect();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    out
}

/// Whether `dir` (absolute) is a member of the workspace enclosing it. A
/// generated crate that is not gets its own `[workspace]` table, so
/// `cargo build --manifest-path DIR/Cargo.toml` works wherever it is.
pub fn is_workspace_member(dir: &Path) -> bool {
    for ancestor in dir.ancestors().skip(1) {
        let manifest = ancestor.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        let Some(workspace) = table.get("workspace").and_then(|w| w.as_table()) else {
            continue;
        };
        let members = workspace.get("members").and_then(|m| m.as_array());
        return members
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str())
            .any(|member| match member.strip_suffix("/*") {
                Some(parent) => dir.parent() == Some(&normalize(&ancestor.join(parent))),
                None => normalize(&ancestor.join(member)) == dir,
            });
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/w/generated"), Path::new("/w/runtime")),
            PathBuf::from("../runtime")
        );
        assert_eq!(
            relative(Path::new("/tmp/x/out"), Path::new("/w/runtime")),
            PathBuf::from("../../../w/runtime")
        );
        assert_eq!(
            relative(Path::new("/w"), Path::new("/w/runtime")),
            PathBuf::from("runtime")
        );
    }

    #[test]
    fn normalizes_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
