//! Stage 4, emit: IR → token streams (and `Cargo.toml` text), one per file.
//!
//! Each submodule turns one kind of IR item into code with `quote!`; the
//! templates read like the code they produce. Names and types were chosen
//! by `check`/`ir`; [`types`] holds the one mapping from IR types to Rust.

mod client;
pub mod doc;
mod enums;
mod krate;
mod node;
mod params;
mod types;

use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};

use crate::ir::Api;

/// What the generated crate is called and how it finds the runtime.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Package name (`graph-api`).
    pub crate_name: String,
    /// Path of `runtime/` relative to the output directory (or absolute).
    pub runtime_path: String,
    /// Whether the crate gets its own `[workspace]` table (it is not a member of an enclosing one).
    pub standalone: bool,
}

/// A file's content before formatting.
#[derive(Debug)]
pub enum Content {
    /// Rust, to be formatted by prettyplease.
    Rust(TokenStream),
    /// TOML, final.
    Toml(String),
}

/// Every file of the generated crate, by path relative to the output directory.
pub fn emit(api: &Api, options: &EmitOptions) -> Vec<(PathBuf, Content)> {
    let mut files = vec![
        (
            PathBuf::from("Cargo.toml"),
            Content::Toml(krate::cargo_toml(api, options)),
        ),
        (
            PathBuf::from("src/lib.rs"),
            Content::Rust(krate::lib_rs(api)),
        ),
        (
            PathBuf::from("src/client.rs"),
            Content::Rust(client::module(api)),
        ),
    ];
    if !api.enums.is_empty() {
        files.push((
            PathBuf::from("src/enums.rs"),
            Content::Rust(enums::module(api)),
        ));
    }
    for node in &api.nodes {
        files.push((
            PathBuf::from(format!("src/nodes/{}.rs", node.module)),
            Content::Rust(node::module(api, node)),
        ));
    }
    files
}

/// An identifier from a name made by [`crate::ident`] (`r#type` becomes a raw identifier).
pub(crate) fn rust_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
