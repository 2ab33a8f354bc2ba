//! `codegen --next`: a crate generated from Facebook's v24.0 specs (a few
//! nodes, imported in memory) with `--next` their v25.0 specs builds with
//! `-D warnings`, and a program that uses a removed field, a removed method
//! and a removed enum value gets exactly those three `deprecated`
//! diagnostics, each naming v25.0. Reads `../shared/facebook-api-specs` and
//! `../shared/facebook-api-specs-history` (absent: fails under CI, skipped
//! elsewhere, `codegen/tests/support/shared_data.rs`).

use std::process::Command;

use codegen::import::{self, ImportOptions};
use tests::{cargo_ok, generated_target_dir, workspace, write_crate};

#[path = "../../codegen/tests/support/shared_data.rs"]
mod shared_data;

/// `AdVideo.season` (a removed field), `POST CommerceOrder/acknowledge_order`
/// (a removed operation), `…previews_ad_format_enum_param:INSTAGRAM_REELS_INSTREAM`
/// (a removed enum value, on `AdCreative`'s previews).
const NODES: &[&str] = &["AdVideo", "CommerceOrder", "AdCreative"];

/// The user's program: one use of each, and nothing else deprecated.
const PROGRAM: &str = r#"
use next_api::{AdFormat, AdVideo, Client};

pub fn season(video: &AdVideo) -> Option<&next_api::runtime::serde_json::Value> {
    video.season.as_ref()
}

pub fn acknowledge(client: &Client) {
    let _ = client
        .commerce_order("1")
        .create_acknowledge_order(next_api::CommerceOrderCreateAcknowledgeOrderParams::new(
            "key".into(),
        ));
}

pub fn format() -> AdFormat {
    AdFormat::InstagramReelsInstream
}
"#;

#[test]
fn a_v24_crate_with_next_v25_warns_exactly_where_user_code_uses_what_v25_removed() {
    let what = "the --next v24.0 → v25.0 test";
    let Some(next) = shared_data::shared_dir("facebook-api-specs/specs", what) else {
        return;
    };
    let Some(old) = shared_data::shared_dir("facebook-api-specs-history/v24.0/specs", what) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("spec24");
    let imported = import::import(&ImportOptions {
        input: old,
        api_version: None,
    })
    .unwrap_or_else(|d| panic!("import failed:\n{d}"));
    import::plan(&spec_dir, &imported.files)
        .unwrap()
        .apply(false)
        .unwrap();
    let crate_dir = dir.path().join("next-api");
    let generated = codegen::generate(&codegen::Options {
        spec_dir,
        out_dir: crate_dir.clone(),
        crate_name: "next-api".into(),
        runtime_dir: workspace().join("runtime"),
        nodes: Some(NODES.iter().map(|n| (*n).to_owned()).collect()),
        next: Some(next),
    })
    .unwrap_or_else(|d| panic!("generate failed:\n{d}"));
    assert_eq!(generated.api.api_version, "v24.0");
    write_crate(&crate_dir, &generated.files);
    // The crate itself: no warning at all.
    cargo_ok(
        &["rustc", "--lib", "--quiet"],
        &["-D", "warnings"],
        &crate_dir,
    );

    // The user's crate, with the lint an error so each use is reported.
    let user = dir.path().join("user");
    std::fs::create_dir_all(user.join("src")).unwrap();
    std::fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nnext-api = { path = \"../next-api\" }\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(user.join("src/lib.rs"), PROGRAM).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["rustc", "--lib", "--quiet", "--manifest-path"])
        .arg(user.join("Cargo.toml"))
        .args(["--", "-D", "deprecated"])
        .env("CARGO_TARGET_DIR", generated_target_dir())
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "no error:\n{stderr}");
    let mut errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: use of deprecated"))
        .collect();
    errors.sort_unstable();
    assert_eq!(
        errors,
        [
            "error: use of deprecated field `next_api::AdVideo::season`: removed in v25.0: `AdVideo.season`",
            "error: use of deprecated method `next_api::CommerceOrderRef::<'c, C>::create_acknowledge_order`: removed in v25.0: `POST CommerceOrder/acknowledge_order`",
            "error: use of deprecated unit variant `next_api::AdFormat::InstagramReelsInstream`: removed in v25.0: `adaccountgeneratepreviews_ad_format_enum_param:INSTAGRAM_REELS_INSTREAM`",
        ],
        "{stderr}"
    );
    // And nothing else: the three errors are all there is.
    let all = stderr.lines().filter(|l| l.starts_with("error")).count();
    assert_eq!(all, 4, "three uses and cargo's summary:\n{stderr}");
}

#[test]
fn absent_shared_data_fails_under_ci() {
    shared_data::assert_absent_data_fails_under_ci(
        "a_v24_crate_with_next_v25_warns_exactly_where_user_code_uses_what_v25_removed",
    );
}
