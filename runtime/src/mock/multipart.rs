//! `multipart/form-data` bodies (RFC 7578), as the emulator reads them.
//!
//! [`parse`] splits a body into its [`Part`]s. It reads what the runtime's
//! own encoder sends and what RFC 7578 allows besides: a `boundary`
//! parameter quoted or not, header names in any case, folded header lines,
//! a preamble before the first boundary and an epilogue after the last,
//! transport padding after a boundary, parts with or without a
//! `Content-Type`, and data holding any bytes (line breaks, and `\r\n--`
//! followed by something that is not a boundary line, included).
//!
//! Inside a quoted `name` or `filename`, exactly four escapes are decoded,
//! the ones browsers (and the runtime) write: `%25` (`%`), `%22` (`"`),
//! `%0D` (CR) and `%0A` (LF), hex digits in either case. Any other `%` is
//! kept as it is, a backslash is an ordinary character (a Windows path
//! stays intact), and non-ASCII text is raw UTF-8.
//!
//! ```
//! use graph_runtime::mock::multipart::parse;
//!
//! let body = b"--XyZ\r\n\
//!     Content-Disposition: form-data; name=\"title\"\r\n\
//!     \r\n\
//!     Hello\r\n\
//!     --XyZ\r\n\
//!     Content-Disposition: form-data; name=\"source\"; filename=\"a%22b.jpg\"\r\n\
//!     Content-Type: image/jpeg\r\n\
//!     \r\n\
//!     \xff\xd8\r\n--X\r\n\
//!     --XyZ--\r\n";
//! let parts = parse("multipart/form-data; boundary=XyZ", body).unwrap();
//! assert_eq!(parts[0].name, "title");
//! assert_eq!(parts[0].data, b"Hello");
//! assert_eq!(parts[1].file_name.as_deref(), Some("a\"b.jpg"));
//! assert_eq!(parts[1].content_type.as_deref(), Some("image/jpeg"));
//! assert_eq!(parts[1].data, b"\xff\xd8\r\n--X");
//!
//! assert!(parse("multipart/form-data", body).unwrap_err().contains("boundary"));
//! ```

use std::fmt;

/// The longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// One part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Part {
    /// The `name` of its `Content-Disposition`, unescaped.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, unescaped: set for a
    /// file part, `None` for a text field.
    pub file_name: Option<String>,
    /// Its `Content-Type` header, if it has one, as sent (trimmed).
    pub content_type: Option<String>,
    /// Its content, byte for byte.
    pub data: Vec<u8>,
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data", &Abbreviated(&self.data))
            .finish()
    }
}

/// Data in `Debug` output: the first bytes and the length, so that a
/// failing test with a megabyte upload prints a readable message.
pub(super) struct Abbreviated<'a>(pub(super) &'a [u8]);

impl fmt::Debug for Abbreviated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 64;
        let shown = &self.0[..self.0.len().min(SHOWN)];
        write!(f, "b\"{}\"", shown.escape_ascii())?;
        if self.0.len() > SHOWN {
            write!(f, "… ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// The parts of a `multipart/form-data` body, in order, given the request's
/// `Content-Type` (which carries the boundary). An error says what is wrong
/// (no boundary, a part without a name, a body that ends early, …); no
/// input makes it panic.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = boundary(content_type)?;
    let delimiter = [b"--", boundary.as_bytes()].concat();
    let Some(mut at) = first_delimiter(body, &delimiter) else {
        return Err(format!(
            "the multipart body has no boundary line `--{boundary}`"
        ));
    };
    let mut parts = Vec::new();
    loop {
        let number = parts.len() + 1;
        match delimiter_end(body, at) {
            Some(DelimiterEnd::Close) => return Ok(parts),
            Some(DelimiterEnd::Line(next)) => at = next,
            None => {
                return Err(format!(
                    "the boundary before part {number} is not followed by a line break"
                ));
            }
        }
        // The header block runs to the first empty line; with no headers at
        // all, that empty line comes at once.
        let (headers, data_start) = if body[at..].starts_with(b"\r\n") {
            (&body[at..at], at + 2)
        } else {
            match find(&body[at..], b"\r\n\r\n") {
                Some(end) => (&body[at..at + end], at + end + 4),
                None => {
                    return Err(format!("part {number} has no empty line after its headers"));
                }
            }
        };
        if find(headers, &delimiter).is_some() {
            return Err(format!("part {number} has no empty line after its headers"));
        }
        let Some((data_end, next)) = next_delimiter(body, data_start, &delimiter) else {
            return Err(format!(
                "the multipart body ends inside part {number}, before the closing boundary `--{boundary}--`"
            ));
        };
        let mut part = part_headers(headers).map_err(|why| format!("part {number}: {why}"))?;
        part.data = body[data_start..data_end].to_vec();
        parts.push(part);
        at = next;
    }
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Result<String, String> {
    let (media_type, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media_type
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return Err(format!(
            "the Content-Type `{}` is not multipart/form-data",
            media_type.trim()
        ));
    }
    let params = parameters(params, Quoting::Mime)?;
    let boundary = params
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value)
        .ok_or("the multipart/form-data Content-Type has no boundary parameter")?;
    if boundary.is_empty() || boundary.len() > MAX_BOUNDARY {
        return Err(format!(
            "the multipart boundary must be 1 to {MAX_BOUNDARY} characters long, not {}",
            boundary.len()
        ));
    }
    if boundary.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Err("the multipart boundary holds a line break".to_owned());
    }
    Ok(boundary)
}

/// How quoted parameter values are read.
#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    /// MIME's quoted-string: a backslash escapes the next character.
    Mime,
    /// `Content-Disposition` in form data (RFC 7578, as browsers write it):
    /// no backslash escapes; `%25`, `%22`, `%0D` and `%0A` decoded.
    FormData,
}

/// `; name=value; name="quoted value"` after a header's first item.
fn parameters(text: &str, quoting: Quoting) -> Result<Vec<(String, String)>, String> {
    let mut params = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        rest = rest.strip_prefix(';').unwrap_or(rest).trim_start();
        if rest.is_empty() {
            break;
        }
        let Some((name, after)) = rest.split_once('=') else {
            return Err(format!("the parameter `{}` has no value", rest.trim()));
        };
        let name = name.trim();
        if name.is_empty() || name.contains(';') {
            let first = name.split(';').next().unwrap_or(name).trim();
            return Err(format!("the parameter `{first}` has no value"));
        }
        let after = after.trim_start();
        let (value, remaining) = match after.strip_prefix('"') {
            Some(quoted) => {
                let (value, remaining) = quoted_string(quoted, quoting)
                    .ok_or_else(|| format!("the parameter `{name}` has no closing quote"))?;
                let remaining = remaining.trim_start();
                if !remaining.is_empty() && !remaining.starts_with(';') {
                    return Err(format!(
                        "the parameter `{name}` has text after its closing quote"
                    ));
                }
                (value, remaining)
            }
            None => {
                let end = after.find(';').unwrap_or(after.len());
                let value = after[..end].trim();
                let value = match quoting {
                    Quoting::Mime => value.to_owned(),
                    Quoting::FormData => unescape(value),
                };
                (value, &after[end..])
            }
        };
        params.push((name.to_owned(), value));
        rest = remaining;
    }
    Ok(params)
}

/// A quoted string's value and what follows its closing quote; `text`
/// starts after the opening quote. `None` without a closing quote.
fn quoted_string(text: &str, quoting: Quoting) -> Option<(String, &str)> {
    match quoting {
        Quoting::FormData => {
            let end = text.find('"')?;
            Some((unescape(&text[..end]), &text[end + 1..]))
        }
        Quoting::Mime => {
            let mut value = String::new();
            let mut chars = text.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => return Some((value, &text[i + 1..])),
                    '\\' => value.push(chars.next()?.1),
                    c => value.push(c),
                }
            }
            None
        }
    }
}

/// Decodes the four escapes form data uses in names; any other `%` stays.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.get(..2).and_then(|hex| {
            [("25", '%'), ("22", '"'), ("0D", '\r'), ("0A", '\n')]
                .into_iter()
                .find(|(code, _)| hex.eq_ignore_ascii_case(code))
                .map(|(_, c)| c)
        });
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[2..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A part's name, file name and content type from its header block.
fn part_headers(block: &[u8]) -> Result<Part, String> {
    let block = std::str::from_utf8(block).map_err(|_| "its headers are not UTF-8".to_owned())?;
    // Unfold: a line starting with a space or tab continues the one before.
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in block.split("\r\n").filter(|line| !line.is_empty()) {
        if line.starts_with([' ', '\t']) {
            match headers.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
                None => return Err("its first header line starts with a space".to_owned()),
            }
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("the header line `{line}` has no colon"));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.as_str())
    };
    let disposition =
        header("content-disposition").ok_or("it has no Content-Disposition header")?;
    let (kind, params) = disposition.split_once(';').unwrap_or((disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(format!(
            "its Content-Disposition is `{}`, not form-data",
            kind.trim()
        ));
    }
    let params = parameters(params, Quoting::FormData)
        .map_err(|why| format!("in its Content-Disposition, {why}"))?;
    let param = |wanted: &str| {
        params
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.clone())
    };
    Ok(Part {
        name: param("name").ok_or("its Content-Disposition has no name")?,
        file_name: param("filename"),
        content_type: header("content-type").map(str::to_owned),
        data: Vec::new(),
    })
}

/// What follows a boundary delimiter.
enum DelimiterEnd {
    /// `--`: the close delimiter; the rest is epilogue.
    Close,
    /// Transport padding and CRLF; the next part starts at this index.
    Line(usize),
}

/// What follows the delimiter ending just before `at`: `--`, or optional
/// spaces and tabs and then CRLF. `None` for anything else (so a
/// delimiter-like run of bytes followed by other data is not a delimiter).
fn delimiter_end(body: &[u8], at: usize) -> Option<DelimiterEnd> {
    let rest = body.get(at..)?;
    if rest.starts_with(b"--") {
        return Some(DelimiterEnd::Close);
    }
    let padding = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    rest[padding..]
        .starts_with(b"\r\n")
        .then_some(DelimiterEnd::Line(at + padding + 2))
}

/// The index just after the first delimiter: at the very start of the body
/// (whatever follows it, so that a bad first boundary line is reported as
/// such), or after a CRLF that ends the preamble.
fn first_delimiter(body: &[u8], delimiter: &[u8]) -> Option<usize> {
    if body.starts_with(delimiter) {
        return Some(delimiter.len());
    }
    next_delimiter(body, 0, delimiter).map(|(_, after)| after)
}

/// The next `CRLF--boundary` at or after `from` that really is a boundary
/// line: where the part's data ends, and the index just after the delimiter.
fn next_delimiter(body: &[u8], from: usize, delimiter: &[u8]) -> Option<(usize, usize)> {
    let mut search = from;
    loop {
        let found = search + find(body.get(search..)?, b"\r\n")?;
        let after = found + 2;
        if body[after..].starts_with(delimiter)
            && delimiter_end(body, after + delimiter.len()).is_some()
        {
            return Some((found, after + delimiter.len()));
        }
        search = found + 1;
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "multipart/form-data; boundary=B0und";

    fn text(name: &str, value: &str) -> Part {
        Part {
            name: name.to_owned(),
            data: value.as_bytes().to_vec(),
            ..Part::default()
        }
    }

    #[test]
    fn reads_what_the_runtime_encoder_writes() {
        let body = b"--B0und\r\n\
            Content-Disposition: form-data; name=\"upload_phase\"\r\n\
            \r\n\
            transfer\r\n\
            --B0und\r\n\
            Content-Disposition: form-data; name=\"video_file_chunk\"; filename=\"clip.mp4\"\r\n\
            Content-Type: video/mp4\r\n\
            \r\n\
            \x00\x01\r\n\r\n\xfe\r\n\
            --B0und--\r\n";
        let parts = parse(TYPE, body).unwrap();
        assert_eq!(
            parts,
            vec![
                text("upload_phase", "transfer"),
                Part {
                    name: "video_file_chunk".to_owned(),
                    file_name: Some("clip.mp4".to_owned()),
                    content_type: Some("video/mp4".to_owned()),
                    data: b"\x00\x01\r\n\r\n\xfe".to_vec(),
                },
            ]
        );
    }

    #[test]
    fn data_with_boundary_like_bytes_is_kept_whole() {
        // `\r\n--B0un` (a prefix of the boundary), `\r\n--B0und` followed by
        // other bytes, `\r\n--` alone, and a bare `--B0und` not after CRLF.
        let data: &[u8] = b"a\r\n--B0un\r\nb\r\n--B0undX\r\n--\r\n--B0und-x--B0und\r\n";
        let mut body =
            b"--B0und\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n"
                .to_vec();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n--B0und--");
        let parts = parse(TYPE, &body).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].data, data);
    }

    #[test]
    fn reads_what_rfc_7578_allows() {
        let body = b"This is the preamble.\r\n\
            --\"odd\"  \r\n\
            content-disposition: FORM-DATA;name=plain ;\r\n\
            \tfilename=\"C:\\dir\\caf\xc3\xa9 100%.txt\"\r\n\
            CONTENT-TYPE:  text/plain; charset=utf-8 \r\n\
            \r\n\
            x\r\n\
            --\"odd\"\t\r\n\
            Content-Disposition: form-data; name=\"empty\"\r\n\
            \r\n\
            \r\n\
            --\"odd\"--\r\nepilogue \r\n--\"odd\"\r\n";
        let parts = parse(
            "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"\\\"odd\\\"\"",
            body,
        )
        .unwrap();
        assert_eq!(
            parts,
            vec![
                Part {
                    name: "plain".to_owned(),
                    file_name: Some("C:\\dir\\café 100%.txt".to_owned()),
                    content_type: Some("text/plain; charset=utf-8".to_owned()),
                    data: b"x".to_vec(),
                },
                text("empty", ""),
            ]
        );
        assert_eq!(parse(TYPE, b"--B0und--\r\n").unwrap(), vec![]);
    }

    #[test]
    fn decodes_exactly_the_four_escapes() {
        assert_eq!(unescape("a%22b%25c%0D%0a%0d%0A"), "a\"b%c\r\n\r\n");
        // One pass: `%2522` is an escaped `%` then `22`.
        assert_eq!(unescape("%2522"), "%22");
        assert_eq!(unescape("%20%41%2%"), "%20%41%2%");
        assert_eq!(unescape("%é"), "%é");
        let body = "--B0und\r\nContent-Disposition: form-data; name=\"n%22a%0D%0Ame\u{e9}\"\r\n\r\nv\r\n--B0und--";
        assert_eq!(parse(TYPE, body.as_bytes()).unwrap()[0].name, "n\"a\r\nmeé");
    }

    #[test]
    fn malformed_bodies_are_errors_that_say_why() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("text/plain", b"", "not multipart/form-data"),
            ("multipart/form-data", b"", "no boundary parameter"),
            ("multipart/form-data; boundary=\"\"", b"", "1 to 70"),
            ("multipart/form-data; boundary=\"abc", b"", "closing quote"),
            (TYPE, b"", "no boundary line"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name=a\r\n\r\nx", "ends inside part 1"),
            (TYPE, b"preamble only\r\n--B0un", "no boundary line"),
            (TYPE, b"--B0undX\r\n--B0und", "not followed by a line break"),
            (TYPE, b"--B0und junk\r\n", "not followed by a line break"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name=a\r\n--B0und--", "no empty line"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name=a\r\n", "no empty line"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name=a\r\n--B0und\r\nA: b\r\n\r\n\r\n--B0und--", "part 1 has no empty line"),
            (TYPE, b"--B0und\r\n\r\nx\r\n--B0und--", "part 1: it has no Content-Disposition"),
            (TYPE, b"--B0und\r\nContent-Disposition: attachment; name=a\r\n\r\n\r\n--B0und--", "not form-data"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; filename=a\r\n\r\n\r\n--B0und--", "has no name"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name=\"a\r\n\r\n\r\n--B0und--", "closing quote"),
            (TYPE, b"--B0und\r\nContent-Disposition: form-data; name\r\n\r\n\r\n--B0und--", "has no value"),
            (TYPE, b"--B0und\r\nno colon here\r\n\r\n\r\n--B0und--", "no colon"),
            (TYPE, b"--B0und\r\nX: \xff\r\n\r\n\r\n--B0und--", "not UTF-8"),
        ];
        for (content_type, body, expected) in cases {
            let why = parse(content_type, body).unwrap_err();
            assert!(
                why.contains(expected),
                "{content_type} {:?}: `{why}` should say `{expected}`",
                body.escape_ascii().to_string()
            );
        }
        let long = format!("multipart/form-data; boundary={}", "b".repeat(71));
        assert!(parse(&long, b"").unwrap_err().contains("1 to 70"));
    }

    #[test]
    fn never_panics_on_prefixes_of_a_body() {
        let body = b"pre\r\n--B0und \r\nContent-Disposition: form-data; name=\"a%2\"; filename=\"%\"\r\n\r\n\r\n--B0\r\n--B0und--\r\n";
        for end in 0..=body.len() {
            let _ = parse(TYPE, &body[..end]);
            let _ = parse(TYPE, &body[end..]);
        }
        assert_eq!(
            parse(TYPE, body).unwrap()[0].file_name.as_deref(),
            Some("%")
        );
    }

    #[test]
    fn debug_output_abbreviates_the_data() {
        let part = Part {
            data: vec![b'x'; 1000],
            ..text("big", "")
        };
        let shown = format!("{part:?}");
        assert!(shown.contains("(1000 bytes)"), "{shown}");
        assert!(shown.len() < 200, "{shown}");
    }
}
