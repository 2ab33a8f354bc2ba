use std::io;

use bytes::Bytes;
use futures_util::StreamExt;

use super::*;

fn collect(upload: &Upload) -> Result<Vec<u8>, UploadError> {
    Ok(chunks(upload)?.concat())
}

/// The chunks a send reads, in order.
fn chunks(upload: &Upload) -> Result<Vec<Vec<u8>>, UploadError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let mut stream = upload.stream()?;
            let mut out = Vec::new();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| UploadError::from_io(&e).unwrap().clone())?;
                out.push(chunk.to_vec());
            }
            Ok(out)
        })
}

#[test]
fn bytes_are_sent_as_they_are_and_again() {
    let upload = Upload::from_bytes("photo.JPG", b"abc".to_vec());
    assert_eq!(
        (
            upload.file_name(),
            upload.content_type(),
            upload.len(),
            upload.is_empty()
        ),
        ("photo.JPG", "image/jpeg", 3, false)
    );
    assert_eq!(upload.path(), None);
    assert_eq!(collect(&upload).unwrap(), b"abc");
    assert_eq!(collect(&upload).unwrap(), b"abc");
    let middle = upload.range(1, 2).unwrap();
    assert_eq!(
        (collect(&middle).unwrap(), middle.len()),
        (b"bc".to_vec(), 2)
    );
    assert!(upload.range(2, 2).is_none());
    assert!(upload.is_seekable());
    let stream = Upload::from_stream("s", 3, futures_util::stream::empty());
    assert!(!stream.is_seekable() && stream.range(0, 1).is_none());
    let empty = Upload::from_bytes("e", Vec::new());
    assert!(empty.is_empty());
    assert_eq!(collect(&empty).unwrap(), b"");
}

#[test]
fn a_path_is_read_in_chunks_when_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mov");
    let data: Vec<u8> = (0..(2 * CHUNK + 17)).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let upload = Upload::from_path(&path).unwrap();
    assert_eq!(
        (upload.file_name(), upload.content_type(), upload.len()),
        ("clip.mov", "video/quicktime", data.len() as u64)
    );
    assert_eq!(upload.path(), Some(path.as_path()));
    assert_eq!(CHUNK, 65_536);
    let read = chunks(&upload).unwrap();
    let sizes: Vec<usize> = read.iter().map(Vec::len).collect();
    assert_eq!(sizes, [CHUNK, CHUNK, 17]);
    assert_eq!(read.concat(), data);
    // A range is read from its offset, exactly its length.
    let range = upload.range(CHUNK as u64 - 3, CHUNK as u64 + 5).unwrap();
    let sizes: Vec<usize> = chunks(&range).unwrap().iter().map(Vec::len).collect();
    assert_eq!(sizes, [CHUNK, 5]);
    assert_eq!(collect(&range).unwrap(), &data[CHUNK - 3..2 * CHUNK + 2]);
    assert_eq!(
        (range.len(), range.file_name(), range.content_type()),
        (CHUNK as u64 + 5, "clip.mov", "video/quicktime")
    );
    assert_eq!(
        upload.range(0, data.len() as u64).unwrap().len(),
        data.len() as u64
    );
    assert!(upload.range(1, data.len() as u64).is_none());
    assert!(upload.range(u64::MAX, 2).is_none());
    assert!(
        format!("{range:?}").contains(&format!("from {}", CHUNK - 3)),
        "{range:?}"
    );
    assert_ne!(
        range,
        upload.range(CHUNK as u64 - 2, CHUNK as u64 + 5).unwrap()
    );
    assert_eq!(
        range,
        upload.range(CHUNK as u64 - 3, CHUNK as u64 + 5).unwrap()
    );
    assert_eq!(
        format!("{upload:?}"),
        format!(
            "Upload {{ file_name: \"clip.mov\", content_type: \"video/quicktime\", len: {}, source: \"path {}\" }}",
            data.len(),
            path.display()
        )
    );
}

#[test]
fn a_path_that_is_not_a_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.png");
    let Err(error) = Upload::from_path(&missing) else {
        panic!("a missing file must be refused")
    };
    assert_eq!(error.file, missing.display().to_string());
    assert_eq!(error.message, "cannot read it");
    assert!(
        error
            .to_string()
            .starts_with(&format!("upload `{}`: cannot read it: ", missing.display()))
    );
    let Err(error) = Upload::from_path(dir.path()) else {
        panic!("a directory must be refused")
    };
    assert_eq!(error.message, "it is not a regular file");
    assert!(std::error::Error::source(&error).is_none());
}

#[test]
fn a_stream_goes_out_once_with_its_declared_length() {
    let chunks = || {
        futures_util::stream::iter([Ok(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"cd"))])
    };
    let upload = Upload::from_stream("s.bin", 4, chunks());
    assert_eq!(upload.content_type(), "application/octet-stream");
    let copy = upload.clone();
    assert_eq!(collect(&upload).unwrap(), b"abcd");
    let again = collect(&copy).unwrap_err();
    assert_eq!(
        again.to_string(),
        "upload `s.bin`: a stream upload can be sent only once, and the request had to be sent again"
    );
    let short = Upload::from_stream("short", 5, chunks());
    assert!(
        collect(&short)
            .unwrap_err()
            .message
            .starts_with("it gave fewer bytes")
    );
    let long = Upload::from_stream("long", 3, chunks());
    assert!(
        collect(&long)
            .unwrap_err()
            .message
            .starts_with("it gave more bytes")
    );
    let failing = Upload::from_stream(
        "bad",
        4,
        futures_util::stream::iter([Err(io::Error::other("disk on fire"))]),
    );
    let error = collect(&failing).unwrap_err();
    assert_eq!(
        error.to_string(),
        "upload `bad`: the stream failed: disk on fire"
    );
}

#[test]
fn equal_when_sent_the_same_way() {
    let a = Upload::from_bytes("a.png", "x");
    assert_eq!(a, a.clone());
    assert_ne!(a, Upload::from_bytes("a.png", "y"));
    assert_ne!(a, a.clone().with_file_name("b.png"));
    assert_eq!(
        a.clone().with_file_name("b.png").content_type(),
        "image/png"
    );
    assert_ne!(a, a.clone().with_content_type("image/jpeg"));
    let s = Upload::from_stream("a.png", 1, futures_util::stream::empty());
    assert_eq!(s, s.clone());
    assert_ne!(
        s,
        Upload::from_stream("a.png", 1, futures_util::stream::empty())
    );
    assert_ne!(s, a);
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::json!("a.png")
    );
}
