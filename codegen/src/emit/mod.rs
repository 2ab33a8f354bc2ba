//! Stage 4, emit: IR → token streams (and `Cargo.toml` text), one per file.
//!
//! Each submodule turns one kind of IR item into code with `quote!`; the
//! templates read like the code they produce. Names and types were chosen
//! by lowering and the IR passes; `types` holds the one mapping from IR
//! types to Rust. The names each template defines itself are listed next to
//! it and gathered in [`RESERVED`], which the naming pass keeps every
//! generated name clear of.

pub(crate) mod client;
pub mod doc;
pub(crate) mod enums;
pub(crate) mod krate;
pub mod node;
mod params;
mod types;

use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::ir::{Api, Deprecation};

/// The names the templates define themselves, by namespace.
#[derive(Debug)]
pub struct Reserved {
    /// Crate-root types: the client's and the runtime re-exports.
    pub root_types: &'static [&'static [&'static str]],
    /// Methods of the generated client (`GraphClient`).
    pub client_methods: &'static [&'static [&'static str]],
    /// Methods of every node handle (`VoipInfoRef`).
    pub handle_methods: &'static [&'static [&'static str]],
    /// Fields of every model besides the spec's.
    pub model_fields: &'static [&'static [&'static str]],
    /// Variants of every value enum besides the spec's values.
    pub enum_variants: &'static [&'static [&'static str]],
    /// Associated constants of every field enum besides its expansions.
    pub field_constants: &'static [&'static [&'static str]],
}

/// Every name the templates define, from the lists beside them.
pub const RESERVED: Reserved = Reserved {
    root_types: &[client::ROOT_TYPES, krate::ROOT_EXPORTS, types::PRELUDE],
    client_methods: &[client::CLIENT_METHODS, TRAIT_METHODS],
    handle_methods: &[node::HANDLE_METHODS, TRAIT_METHODS],
    model_fields: &[node::MODEL_FIELDS],
    enum_variants: &[enums::ENUM_VARIANTS],
    field_constants: &[node::FIELD_CONSTANTS],
};

/// Methods every type gets from the derives and trait impls the templates
/// write (`Debug`, `Clone`, `From`): an inherent method of the same name
/// would shadow them.
pub(crate) const TRAIT_METHODS: &[&str] = &["clone", "clone_from", "fmt", "from", "into"];

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
    /// Rust, to be formatted by prettyplease, and the doc comments its
    /// placeholder attributes stand for ([`doc::to_attrs`]).
    Rust(TokenStream, doc::Docs),
    /// TOML, final.
    Toml(String),
}

/// One file of the generated crate, before it is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileJob {
    /// `Cargo.toml`.
    Manifest,
    /// `src/lib.rs`.
    Lib,
    /// `src/api.rs`: everything the crate exports.
    Exports,
    /// `src/nodes.rs`: the node modules.
    NodeModules,
    /// `src/client.rs`.
    Client,
    /// `src/enums.rs` (only when the spec has enums).
    Enums,
    /// `src/nodes/<module>.rs` for the node with this index.
    Node(usize),
}

/// Every file the crate needs, in a fixed order.
pub fn plan(api: &Api) -> Vec<FileJob> {
    let mut jobs = vec![
        FileJob::Manifest,
        FileJob::Lib,
        FileJob::Exports,
        FileJob::NodeModules,
        FileJob::Client,
    ];
    if !api.enums.is_empty() {
        jobs.push(FileJob::Enums);
    }
    jobs.extend((0..api.nodes.len()).map(FileJob::Node));
    jobs
}

/// Emits one file: its path relative to the output directory, and its content.
/// Jobs are independent, so callers may run them on several threads.
pub fn emit_one(api: &Api, options: &EmitOptions, job: FileJob) -> (PathBuf, Content) {
    let rust = |emit: &dyn Fn() -> TokenStream| {
        let (tokens, docs) = doc::collect(emit);
        Content::Rust(tokens, docs)
    };
    let content = match job {
        FileJob::Manifest => Content::Toml(krate::cargo_toml(api, options)),
        FileJob::Lib => rust(&|| krate::lib_rs(api)),
        FileJob::Exports => rust(&|| krate::api_rs(api)),
        FileJob::NodeModules => rust(&|| krate::nodes_rs(api)),
        FileJob::Client => rust(&|| client::module(api)),
        FileJob::Enums => rust(&|| enums::module(api)),
        FileJob::Node(id) => rust(&|| node::module(api, &api.nodes[id])),
    };
    (path(api, job), content)
}

/// The file a job writes, relative to the output directory.
pub fn path(api: &Api, job: FileJob) -> PathBuf {
    PathBuf::from(match job {
        FileJob::Manifest => "Cargo.toml".to_owned(),
        FileJob::Lib => "src/lib.rs".to_owned(),
        FileJob::Exports => "src/api.rs".to_owned(),
        FileJob::NodeModules => "src/nodes.rs".to_owned(),
        FileJob::Client => "src/client.rs".to_owned(),
        FileJob::Enums => "src/enums.rs".to_owned(),
        FileJob::Node(id) => format!("src/nodes/{}.rs", api.nodes[id].module),
    })
}

/// `#[deprecated(since = …, note = …)]` for an item the next API version
/// removes or retypes (`codegen --next`); nothing otherwise.
pub(crate) fn deprecated(deprecation: Option<&Deprecation>) -> TokenStream {
    match deprecation {
        Some(Deprecation { since, note }) => {
            quote::quote!(#[deprecated(since = #since, note = #note)])
        }
        None => TokenStream::new(),
    }
}

/// `#[allow(deprecated)]` on generated code that must mention a deprecated
/// item; nothing when `mentions` is false, so output without `--next` is unchanged.
pub(crate) fn allow_deprecated(mentions: bool) -> TokenStream {
    if mentions {
        quote::quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}
