//! Finding the front matter: the fence lines, where it ends and where the body starts.
//!
//! Works on bytes (the fences are ASCII), so that offsets are file offsets even when the rest of
//! the file is not valid UTF-8.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Between `---` and `---` or `...`.
    Yaml,
    /// Between `+++` and `+++` (Hugo, Zola).
    Toml,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// The file does not start with a fence: it is all body.
    Absent,
    /// Front matter from `start` to `end` (byte offsets of the lines between the fences); the body
    /// starts at `body_start`, just past the closing fence line.
    Closed {
        kind: Kind,
        start: usize,
        end: usize,
        body_start: usize,
    },
    /// An opening fence and no closing one in the bytes given.
    Unclosed { kind: Kind },
}

/// Splits `bytes` (the BOM already removed). `complete` is false when `bytes` is only the start of
/// the file: a last line without its newline may then be cut short and does not count as a fence.
pub fn split(bytes: &[u8], complete: bool) -> Split {
    let mut lines = Lines { bytes, pos: 0 };
    let Some((first, _, _)) = lines.next() else {
        return Split::Absent;
    };
    let kind = match trim_line(first) {
        b"---" => Kind::Yaml,
        b"+++" => Kind::Toml,
        _ => return Split::Absent,
    };
    let start = lines.pos;
    while let Some((line, line_start, has_newline)) = lines.next() {
        if !has_newline && !complete {
            break;
        }
        let closes = matches!(
            (kind, trim_line(line)),
            (Kind::Yaml, b"---" | b"...") | (Kind::Toml, b"+++")
        );
        if closes {
            return Split::Closed {
                kind,
                start,
                end: line_start,
                body_start: lines.pos,
            };
        }
    }
    Split::Unclosed { kind }
}

/// A line without its `\r\n` / `\n` and trailing blanks.
fn trim_line(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line.get(end - 1), Some(b'\r' | b' ' | b'\t')) {
        end -= 1;
    }
    line.get(..end).unwrap_or(line)
}

/// Lines with their start offset and whether they ended with a newline.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a [u8], usize, bool);
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.bytes.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        match memchr::memchr(b'\n', rest) {
            Some(i) => {
                self.pos += i + 1;
                Some((rest.get(..i)?, start, true))
            }
            None => {
                self.pos = self.bytes.len();
                Some((rest, start, false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(bytes: &[u8]) -> (Kind, &[u8], &[u8]) {
        match split(bytes, true) {
            Split::Closed {
                kind,
                start,
                end,
                body_start,
            } => (kind, &bytes[start..end], &bytes[body_start..]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn yaml_fences() {
        assert_eq!(
            closed(b"---\na: 1\n---\nbody\n"),
            (Kind::Yaml, &b"a: 1\n"[..], &b"body\n"[..])
        );
        assert_eq!(
            closed(b"---\na: 1\n...\nbody"),
            (Kind::Yaml, &b"a: 1\n"[..], &b"body"[..])
        );
        assert_eq!(closed(b"---\n---\n"), (Kind::Yaml, &b""[..], &b""[..]));
        assert_eq!(
            closed(b"---\na: 1\n---"),
            (Kind::Yaml, &b"a: 1\n"[..], &b""[..])
        );
    }

    #[test]
    fn toml_fences() {
        assert_eq!(
            closed(b"+++\na = 1\n+++\nbody"),
            (Kind::Toml, &b"a = 1\n"[..], &b"body"[..])
        );
        // A YAML closing fence does not close TOML.
        assert_eq!(
            split(b"+++\na = 1\n---\nbody", true),
            Split::Unclosed { kind: Kind::Toml }
        );
    }

    #[test]
    fn crlf_and_trailing_blanks() {
        assert_eq!(
            closed(b"--- \r\na: 1\r\n---\r\nbody\r\n"),
            (Kind::Yaml, &b"a: 1\r\n"[..], &b"body\r\n"[..])
        );
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(split(b"", true), Split::Absent);
        assert_eq!(split(b"# Title\n---\n", true), Split::Absent);
        assert_eq!(split(b"----\na\n----\n", true), Split::Absent);
        assert_eq!(split(b" ---\na: 1\n---\n", true), Split::Absent);
    }

    #[test]
    fn unclosed() {
        assert_eq!(
            split(b"---\ntitle: x\nbody\n", true),
            Split::Unclosed { kind: Kind::Yaml }
        );
        // A cut last line is not trusted as a fence in a partial read.
        assert_eq!(
            split(b"---\na: 1\n---", false),
            Split::Unclosed { kind: Kind::Yaml }
        );
    }
}
