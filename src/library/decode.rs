//! Bytes to text: byte-order marks, UTF-16, invalid UTF-8 and binary files.

use std::borrow::Cow;

/// How much of the start of a file is looked at for NUL bytes.
const BINARY_SNIFF: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with `bom` true when the file starts with `EF BB BF`.
    Utf8 {
        bom: bool,
    },
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Length of the byte-order mark in the file.
    pub fn bom_len(self) -> usize {
        match self {
            Encoding::Utf8 { bom: true } => 3,
            Encoding::Utf8 { bom: false } => 0,
            Encoding::Utf16Le | Encoding::Utf16Be => 2,
        }
    }
}

/// The encoding from the first bytes, or `None` for a binary file (a NUL byte near the start of
/// a file that is not UTF-16).
pub fn sniff(bytes: &[u8]) -> Option<Encoding> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some(Encoding::Utf8 { bom: true }),
        [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
        _ => {
            let start = bytes.get(..BINARY_SNIFF).unwrap_or(bytes);
            if memchr::memchr(0, start).is_some() {
                None
            } else {
                Some(Encoding::Utf8 { bom: false })
            }
        }
    }
}

/// Text decoded from bytes that follow the byte-order mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// Borrowed when the bytes were valid UTF-8 already (most front matter: no copy).
    pub text: Cow<'a, str>,
    /// Some bytes were not valid and became U+FFFD.
    pub lossy: bool,
}

/// Decodes `bytes` (the BOM already removed). `complete` is false when `bytes` is only the start
/// of the file, so that a character cut in half at the end is not called invalid.
pub fn decode(bytes: &[u8], encoding: Encoding, complete: bool) -> Decoded<'_> {
    match encoding {
        Encoding::Utf8 { .. } => decode_utf8(bytes, complete),
        Encoding::Utf16Le => decode_utf16(bytes, u16::from_le_bytes, complete),
        Encoding::Utf16Be => decode_utf16(bytes, u16::from_be_bytes, complete),
    }
}

/// `bytes` as text when they are valid UTF-8: `simdutf8`, which checks 32 bytes at a time (the
/// standard check was 3% of loading 100k files, which checks every file's first page).
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// [`utf8`], saying where and how the bytes stop being UTF-8, as `std::str::from_utf8` does.
pub fn utf8_or_error(bytes: &[u8]) -> Result<&str, simdutf8::compat::Utf8Error> {
    simdutf8::compat::from_utf8(bytes)
}

fn decode_utf8(bytes: &[u8], complete: bool) -> Decoded<'_> {
    match utf8_or_error(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            lossy: false,
        },
        Err(err) => {
            // Only the tail is cut: decode up to the cut, and call it clean if it was.
            if !complete && err.error_len().is_none() {
                let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
                return Decoded {
                    text: String::from_utf8_lossy(valid),
                    lossy: false,
                };
            }
            Decoded {
                text: String::from_utf8_lossy(bytes),
                lossy: true,
            }
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, complete: bool) -> Decoded<'static> {
    let chunks = bytes.chunks_exact(2);
    let odd_tail = !chunks.remainder().is_empty();
    let units: Vec<u16> = chunks.map(|c| unit([c[0], c[1]])).collect();
    let mut lossy = complete && odd_tail;
    let mut text = String::with_capacity(units.len());
    let mut decoded = char::decode_utf16(units.iter().copied()).peekable();
    while let Some(c) = decoded.next() {
        match c {
            Ok(c) => text.push(c),
            // A high surrogate cut off at the end of a partial read is not an error.
            Err(_) if !complete && decoded.peek().is_none() => {}
            Err(_) => {
                lossy = true;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    Decoded {
        text: Cow::Owned(text),
        lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn sniffs_boms_and_binaries() {
        assert_eq!(sniff(b"\xEF\xBB\xBFhi"), Some(Encoding::Utf8 { bom: true }));
        assert_eq!(sniff(b"hi"), Some(Encoding::Utf8 { bom: false }));
        assert_eq!(sniff(b""), Some(Encoding::Utf8 { bom: false }));
        assert_eq!(sniff(&utf16le("hi")), Some(Encoding::Utf16Le));
        assert_eq!(sniff(b"\xFE\xFF\x00h"), Some(Encoding::Utf16Be));
        assert_eq!(sniff(b"PNG\x00\x01"), None);
        let mut late_nul = vec![b'a'; BINARY_SNIFF];
        late_nul.push(0);
        assert_eq!(sniff(&late_nul), Some(Encoding::Utf8 { bom: false }));
    }

    #[test]
    fn utf16_both_ways() {
        let le = utf16le("Céline 🎉");
        let d = decode(&le[2..], Encoding::Utf16Le, true);
        assert_eq!(d.text, "Céline 🎉");
        assert!(!d.lossy);
        let be: Vec<u8> = "Céline".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, Encoding::Utf16Be, true).text, "Céline");
    }

    #[test]
    fn invalid_utf8_is_lossy() {
        let d = decode(b"ab\xFFcd", Encoding::Utf8 { bom: false }, true);
        assert_eq!(d.text, "ab\u{FFFD}cd");
        assert!(d.lossy);
    }

    #[test]
    fn a_character_cut_by_a_partial_read_is_not_invalid() {
        let bytes = "é".as_bytes();
        let d = decode(&bytes[..1], Encoding::Utf8 { bom: false }, false);
        assert_eq!(d.text, "");
        assert!(!d.lossy);
        assert!(decode(&bytes[..1], Encoding::Utf8 { bom: false }, true).lossy);
        let le = utf16le("🎉");
        let d = decode(&le[2..4], Encoding::Utf16Le, false);
        assert!(!d.lossy);
    }

    #[test]
    fn lone_surrogates_are_lossy() {
        let d = decode(&[0x00, 0xD8, b'a', 0], Encoding::Utf16Le, true);
        assert!(d.lossy);
        assert!(d.text.ends_with('a'));
    }
}
