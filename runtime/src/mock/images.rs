//! Ad image uploads: `POST /{account}/adimages` with file parts or a base64
//! `bytes` parameter ([`MockGraph::ad_images`](super::MockGraph::ad_images)).

use serde_json::{Map, json};
use sha2::{Digest, Sha256};

use super::State;
use super::server::{Incoming, Reply, error};
use crate::request::Method;

/// The answer to an image upload, or `None` for any other request (reads
/// of the `adimages` edge are served as any edge is).
pub(super) fn answer(
    state: &mut State,
    incoming: &Incoming,
    method: Method,
    segments: &[String],
    trace: &str,
) -> Option<Reply> {
    let (Method::Post, [account, edge]) = (method, segments) else {
        return None;
    };
    if edge != "adimages" || !state.image_accounts.contains(account) {
        return None;
    }
    let mut uploads: Vec<(String, Vec<u8>)> = incoming
        .parts
        .iter()
        .map(|part| {
            let name = part.file_name.clone().unwrap_or_else(|| part.name.clone());
            (name, part.data.clone())
        })
        .collect();
    if let Some(text) = incoming.param("bytes") {
        match decode_base64(text) {
            Some(data) => uploads.push(("bytes".to_owned(), data)),
            None => {
                return Some(error(
                    400,
                    100,
                    "OAuthException",
                    "(#100) Param bytes must be base64-encoded image data",
                    trace,
                ));
            }
        }
    }
    if uploads.is_empty() {
        return Some(error(
            400,
            100,
            "OAuthException",
            "(#100) No image file was uploaded",
            trace,
        ));
    }
    let mut images = Map::new();
    let listed = state
        .edges
        .entry((account.clone(), "adimages".to_owned()))
        .or_default();
    for (name, data) in uploads {
        let hash = image_hash(&data);
        let image = json!({
            "hash": hash,
            "url": format!("https://mock.graph/images/{hash}.jpg"),
            "name": name,
        });
        listed.push(json!({
            "id": format!("{}:{hash}", account.trim_start_matches("act_")),
            "account_id": account.trim_start_matches("act_"),
            "hash": hash,
            "name": name,
            "url": image["url"],
        }));
        images.insert(name, image);
    }
    Some(Reply::json(200, &json!({ "images": images })))
}

/// The emulator's image hash: the first 16 bytes of the SHA-256 of the
/// data, as 32 lowercase hex digits.
fn image_hash(data: &[u8]) -> String {
    Sha256::digest(data)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Standard or URL-safe base64, padded or not, whitespace ignored; `None`
/// if it is not base64.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches(|c: char| c == '=' || c.is_ascii_whitespace());
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from(buffer >> bits).ok()?);
            buffer &= (1 << bits) - 1;
        }
    }
    // One character alone in the last group carries only 6 bits: no byte.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_padded_unpadded_and_url_safe() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVs\r\nbG8h").unwrap(), b"hello!");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("_-8=").unwrap(), [0xff, 0xef]);
        assert_eq!(decode_base64("/+8=").unwrap(), [0xff, 0xef]);
        assert_eq!(decode_base64("aGVsbG8a"), Some(b"hello\x1a".to_vec()));
        assert_eq!(decode_base64("aGVsb"), None);
        assert_eq!(decode_base64("aG*s"), None);
        assert_eq!(decode_base64("a=b="), None);
    }

    #[test]
    fn the_hash_is_half_a_sha256() {
        // SHA-256("abc") starts ba7816bf 8f01cfea 414140de 5dae2223.
        assert_eq!(image_hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223");
    }
}
