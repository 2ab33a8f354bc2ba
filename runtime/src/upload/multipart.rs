//! `multipart/form-data` bodies (RFC 7578), streamed: text parts for the
//! parameters, then a file part per upload, read while the body is sent.
//!
//! Names and file names are quoted, with `%`, `"`, CR and LF written as
//! `%25`, `%22`, `%0D` and `%0A` (what browsers do for the last three; `%`
//! too so that every name reads back as it was); other characters,
//! non-ASCII included, travel as UTF-8. The length of the whole body is
//! known before it is sent, so it goes with a `Content-Length`.

use bytes::Bytes;
use futures_util::StreamExt;

use super::{ByteStream, Upload, UploadBody, UploadError};
use crate::error::Error;

/// A body ready to stream.
pub(crate) struct Multipart {
    boundary: String,
    pieces: Vec<Piece>,
    len: u64,
}

enum Piece {
    /// Headers, text values and delimiters.
    Text(Bytes),
    File(Upload),
}

impl Multipart {
    /// The body for these parameters and files, with a random boundary that
    /// none of the texts contains. Fails if a content type holds a control
    /// character (it would break the part's headers).
    pub(crate) fn new(
        params: &[(String, String)],
        files: &[(String, Upload)],
    ) -> Result<Self, Error> {
        let boundary = loop {
            let boundary = random_boundary();
            let clash = params
                .iter()
                .any(|(name, value)| name.contains(&boundary) || value.contains(&boundary))
                || files.iter().any(|(name, upload)| {
                    name.contains(&boundary) || upload.file_name().contains(&boundary)
                });
            if !clash {
                break boundary;
            }
        };
        let mut body = Multipart {
            boundary,
            pieces: Vec::with_capacity(2 * files.len() + 2),
            len: 0,
        };
        let mut text = String::new();
        for (name, value) in params {
            body.part_head(&mut text, name, None);
            text.push_str(value);
            text.push_str("\r\n");
        }
        for (name, upload) in files {
            let content_type = upload.content_type();
            if content_type.chars().any(char::is_control) {
                return Err(Error::Upload(UploadError::new(
                    upload.file_name(),
                    "its content type holds a control character",
                    None,
                )));
            }
            body.part_head(&mut text, name, Some((upload.file_name(), content_type)));
            body.push_text(&mut text);
            body.len += upload.len();
            body.pieces.push(Piece::File(upload.clone()));
            text.push_str("\r\n");
        }
        text.push_str("--");
        text.push_str(&body.boundary);
        text.push_str("--\r\n");
        body.push_text(&mut text);
        Ok(body)
    }

    fn part_head(&self, text: &mut String, name: &str, file: Option<(&str, &str)>) {
        text.push_str("--");
        text.push_str(&self.boundary);
        text.push_str("\r\nContent-Disposition: form-data; name=\"");
        escape(text, name);
        text.push('"');
        if let Some((file_name, content_type)) = file {
            text.push_str("; filename=\"");
            escape(text, file_name);
            text.push_str("\"\r\nContent-Type: ");
            text.push_str(content_type);
        }
        text.push_str("\r\n\r\n");
    }

    fn push_text(&mut self, text: &mut String) {
        let text = std::mem::take(text);
        self.len += text.len() as u64;
        self.pieces.push(Piece::Text(Bytes::from(text)));
    }

    /// `multipart/form-data; boundary=…`.
    pub(crate) fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The length of the whole body, in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The body as a stream of chunks. Each file is opened when its part is
    /// reached. Fails at once if a stream upload was already sent.
    pub(crate) fn stream(&self) -> Result<ByteStream, UploadError> {
        let mut streams: Vec<ByteStream> = Vec::with_capacity(self.pieces.len());
        for piece in &self.pieces {
            streams.push(match piece {
                Piece::Text(text) => Box::pin(futures_util::stream::iter([Ok(text.clone())])),
                Piece::File(upload) => upload.stream()?,
            });
        }
        Ok(Box::pin(futures_util::stream::iter(streams).flatten()))
    }
}

/// A name or file name inside its quotes.
fn escape(out: &mut String, name: &str) {
    for c in name.chars() {
        match c {
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

/// `graph-` and 32 random letters and digits.
fn random_boundary() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut boundary = String::with_capacity(38);
    boundary.push_str("graph-");
    for _ in 0..32 {
        boundary.push(ALPHABET[fastrand::usize(..ALPHABET.len())] as char);
    }
    boundary
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn collect(body: &Multipart) -> Result<Vec<u8>, std::io::Error> {
        let mut stream = body.stream().map_err(std::io::Error::other)?;
        let mut out = Vec::new();
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    fn run<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn writes_text_parts_then_file_parts_with_the_announced_length() {
        let params = [
            ("upload_phase".to_owned(), "transfer".to_owned()),
            ("odd \"name\"\r\n100%".to_owned(), "é\r\n".to_owned()),
        ];
        let files = [(
            "video_file_chunk".to_owned(),
            Upload::from_bytes("a\"b.mp4", vec![0u8, 13, 10, 45, 45]),
        )];
        let body = Multipart::new(&params, &files).unwrap();
        let b = body.boundary.clone();
        assert!(b.starts_with("graph-") && b.len() == 38, "{b}");
        assert_eq!(
            body.content_type(),
            format!("multipart/form-data; boundary={b}")
        );
        let bytes = run(collect(&body)).unwrap();
        let mut expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"upload_phase\"\r\n\r\ntransfer\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"odd %22name%22%0D%0A100%25\"\r\n\r\né\r\n\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"video_file_chunk\"; filename=\"a%22b.mp4\"\r\n\
             Content-Type: video/mp4\r\n\r\n"
        )
        .into_bytes();
        expected.extend_from_slice(&[0, 13, 10, 45, 45]);
        expected.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(bytes, expected);
        assert_eq!(body.len(), bytes.len() as u64);
        // Sent again, the same bytes.
        assert_eq!(run(collect(&body)).unwrap(), expected);
    }

    #[test]
    fn boundaries_differ_and_avoid_the_texts() {
        let one = random_boundary();
        assert_ne!(one, random_boundary());
        assert!(one[6..].bytes().all(|c| c.is_ascii_alphanumeric()));
        let body = Multipart::new(&[("a".to_owned(), one.clone())], &[]).unwrap();
        assert_ne!(body.boundary, one);
        assert_eq!(
            run(collect(&body)).unwrap(),
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{one}\r\n--{b}--\r\n",
                b = body.boundary
            )
            .into_bytes()
        );
    }

    #[test]
    fn refuses_a_content_type_that_would_break_the_headers() {
        let upload = Upload::from_bytes("x.png", "x").with_content_type("image/png\r\nX-Evil: 1");
        let Err(Error::Upload(error)) = Multipart::new(&[], &[("f".to_owned(), upload)]) else {
            panic!("a content type with CR LF must be refused")
        };
        assert_eq!(
            error.to_string(),
            "upload `x.png`: its content type holds a control character"
        );
    }

    #[test]
    fn a_file_that_changed_length_fails_the_body() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clip.mp4");
        std::fs::write(&path, b"0123456789").unwrap();
        let upload = Upload::from_path(&path).unwrap();
        assert_eq!((upload.len(), upload.content_type()), (10, "video/mp4"));
        let body = Multipart::new(&[], &[("source".to_owned(), upload.clone())]).unwrap();
        let whole = run(collect(&body)).unwrap();
        assert!(whole.windows(10).any(|w| w == b"0123456789"));
        std::fs::write(&path, b"01234").unwrap();
        let error = run(collect(&body)).unwrap_err();
        assert_eq!(
            UploadError::from_io(&error)
                .map(ToString::to_string)
                .as_deref(),
            Some(
                "upload `clip.mp4`: it gave fewer bytes than its declared length of 10 (at least 5)"
            )
        );
        std::fs::write(&path, b"0123456789ABCDEF").unwrap();
        let error = run(collect(&body)).unwrap_err();
        assert!(
            UploadError::from_io(&error)
                .unwrap()
                .message
                .starts_with("it gave more bytes than its declared length of 10"),
            "{error}"
        );
        std::fs::remove_file(&path).unwrap();
        let error = run(collect(&body)).unwrap_err();
        let error = UploadError::from_io(&error).unwrap();
        assert_eq!(error.message, "cannot open the file");
        assert!(std::error::Error::source(error).is_some());
    }
}
