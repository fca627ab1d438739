//! A body too big to parse at once: split into chunks at safe places, each parsed and laid out
//! only when a reader needs it.
//!
//! Chunks end at a blank line followed by an unindented line, outside fenced code blocks and
//! multi-line HTML blocks, once a chunk has [`TARGET_CHUNK`] bytes; a chunk that finds no such
//! place is cut at a line end at [`HARD_CHUNK`] bytes, and a single line longer than that (a 4 MB
//! line without a space) is cut inside the line, at a space if there is one near, else between
//! characters. A cut chunk is laid out without a blank line before it, and a cut inside a fenced
//! code block reopens the fence, so code stays code.
//!
//! What chunking changes, for bodies over [`SINGLE_CHUNK_MAX`] only (smaller ones are one chunk
//! and read exactly as [`Document::markdown`] reads them):
//! - links are numbered per chunk, and each chunk that has links ends with its own list of them;
//! - reference-style links resolve across chunks through a cheap pre-scan of `[label]: url`
//!   lines (titles are dropped);
//! - a footnote reference whose definition lies in another chunk shows as written (`[^1]`), and
//!   definitions show at the end of their chunk.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use memchr::{memchr, memmem, memrchr};

use super::{Document, Line, markdown};

/// Bodies up to this size are one chunk: parsed whole, as before.
pub const SINGLE_CHUNK_MAX: usize = 64 * 1024;
/// A chunk ends at the first safe place after this many bytes.
pub const TARGET_CHUNK: usize = 8 * 1024;
/// A chunk without a safe place is cut at this size.
pub const HARD_CHUNK: usize = 32 * 1024;

/// One piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Bytes of the body.
    pub range: Range<usize>,
    /// Cut inside a block: no blank line before it.
    pub joined: bool,
    /// The opening line of the fenced code block the cut fell in, parsed before the chunk.
    fence: Option<Range<usize>>,
    /// Blank lines in the chunk, for estimating its height before it is laid out.
    blank_lines: u32,
}

/// A body split into chunks, parsed on demand. Cheap to clone (the source is shared).
#[derive(Debug, Clone)]
pub struct LazyDocument {
    src: Arc<String>,
    markdown: bool,
    chunks: Vec<Chunk>,
    /// Link reference definitions (`[label]: url`) of the whole body, by normalized label.
    refs: Arc<HashMap<String, String>>,
}

impl LazyDocument {
    /// Markdown, chunked when over [`SINGLE_CHUNK_MAX`] bytes.
    pub fn markdown(src: impl Into<String>) -> Self {
        Self::new(Arc::new(src.into()), true)
    }

    /// Plain text, chunked when over [`SINGLE_CHUNK_MAX`] bytes.
    pub fn plain(src: impl Into<String>) -> Self {
        Self::new(Arc::new(src.into()), false)
    }

    fn new(src: Arc<String>, markdown: bool) -> Self {
        let chunks = if src.len() <= SINGLE_CHUNK_MAX {
            vec![Chunk {
                range: 0..src.len(),
                joined: false,
                fence: None,
                blank_lines: count_blank_lines(src.as_bytes()),
            }]
        } else {
            split(&src, markdown)
        };
        let refs = if markdown && chunks.len() > 1 {
            link_definitions(&src)
        } else {
            HashMap::new()
        };
        LazyDocument {
            src,
            markdown,
            chunks,
            refs: Arc::new(refs),
        }
    }

    /// The whole body.
    pub fn source(&self) -> &str {
        &self.src
    }

    pub fn is_markdown(&self) -> bool {
        self.markdown
    }

    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    pub fn len_chunks(&self) -> usize {
        self.chunks.len()
    }

    /// The body text of chunk `i` ("" past the end).
    pub fn chunk_source(&self, i: usize) -> &str {
        self.chunks
            .get(i)
            .and_then(|c| self.src.get(c.range.clone()))
            .unwrap_or("")
    }

    /// Parses chunk `i` (an empty document past the end).
    pub fn parse_chunk(&self, i: usize) -> Document {
        let Some(chunk) = self.chunks.get(i) else {
            return Document::default();
        };
        let text = self.chunk_source(i);
        if !self.markdown {
            return Document::plain(text);
        }
        let refs = (self.chunks.len() > 1).then_some(&*self.refs);
        match &chunk.fence {
            Some(fence) => {
                let mut src = self.src.get(fence.clone()).unwrap_or("```\n").to_owned();
                if !src.ends_with('\n') {
                    src.push('\n');
                }
                src.push_str(text);
                Document {
                    blocks: markdown::parse_with(&src, refs),
                }
            }
            None => Document {
                blocks: markdown::parse_with(text, refs),
            },
        }
    }

    /// Lays out a parsed chunk `i` at `width`, from block `skip` on: what a reader shows of it.
    /// The first block gets its separating blank line unless it opens the body or the chunk was
    /// cut out of the block before.
    pub fn layout_chunk(&self, i: usize, doc: &Document, skip: usize, width: u16) -> Vec<Line> {
        let joined = self.chunks.get(i).is_none_or(|c| c.joined);
        let gap_first = skip > 0 || (i > 0 && !joined);
        doc.layout_range(skip..doc.len_blocks(), width, gap_first)
    }

    /// A guess at how many lines chunk `i` takes at `width`, without parsing it: blank lines,
    /// plus the text as if it filled lines to about 85%.
    pub fn estimate_lines(&self, i: usize, width: u16) -> usize {
        let Some(c) = self.chunks.get(i) else {
            return 0;
        };
        let width = usize::from(width.max(1));
        let bytes = c.range.len();
        let text = (bytes * 20).div_ceil(width * 17).max(1);
        text + c.blank_lines as usize
    }
}

fn count_blank_lines(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut blank = true;
    for &b in bytes {
        match b {
            b'\n' => {
                if blank {
                    n = n.saturating_add(1);
                }
                blank = true;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => blank = false,
        }
    }
    n
}

fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The line without up to three leading spaces, if it is indented less than four.
fn block_start(line: &[u8]) -> Option<&[u8]> {
    let spaces = line.iter().take(4).take_while(|&&b| b == b' ').count();
    (spaces < 4).then(|| &line[spaces..])
}

/// A fence line: its character and length.
fn fence_of(line: &[u8]) -> Option<(u8, usize)> {
    let rest = block_start(line)?;
    let c = *rest.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// For a line that opens an HTML block which may hold blank lines: what closes it.
fn html_block_end(line: &[u8]) -> Option<&'static [u8]> {
    let rest = block_start(line)?;
    if rest.first() != Some(&b'<') {
        return None;
    }
    let lower: Vec<u8> = rest.iter().take(12).map(u8::to_ascii_lowercase).collect();
    let starts = |p: &[u8]| lower.starts_with(p);
    let end: &'static [u8] = if starts(b"<!--") {
        b"-->"
    } else if starts(b"<script") {
        b"</script>"
    } else if starts(b"<pre") {
        b"</pre>"
    } else if starts(b"<style") {
        b"</style>"
    } else if starts(b"<textarea") {
        b"</textarea>"
    } else if starts(b"<?") {
        b"?>"
    } else if starts(b"<![cdata[") {
        b"]]>"
    } else {
        return None;
    };
    // Closed on its own line: nothing to track.
    let body = rest.get(2..).unwrap_or_default();
    if contains_ignore_case(body, end) {
        None
    } else {
        Some(end)
    }
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    if hay.len() > 4096 {
        // Long lines: an exact (case-sensitive) search is enough for the common lower case.
        return memmem::find(hay, needle).is_some();
    }
    hay.windows(needle.len().max(1))
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The largest char boundary at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where to cut a long line so the chunk from `start` stays within [`HARD_CHUNK`]: after a space
/// near the limit if there is one, else between characters. Always past `min`.
fn cut_point(src: &str, start: usize, min: usize) -> usize {
    let limit = floor_boundary(src, start + HARD_CHUNK);
    let window_start = limit.saturating_sub(1024).max(min + 1);
    let bytes = src.as_bytes();
    let cut = bytes
        .get(window_start..limit)
        .and_then(|w| memrchr(b' ', w))
        .map(|i| window_start + i + 1)
        .unwrap_or(limit);
    if cut <= min {
        // Never stall: at least one character.
        let next = src.get(min..).and_then(|s| s.chars().next());
        min + next.map_or(1, char::len_utf8)
    } else {
        cut
    }
}

/// The start of the line holding `i`, when only up to three spaces come before `i` on it.
fn line_start_of(bytes: &[u8], i: usize) -> Option<usize> {
    let mut s = i;
    while s > 0 && bytes[s - 1] == b' ' && i - s < 4 {
        s -= 1;
    }
    (i - s < 4 && (s == 0 || bytes[s - 1] == b'\n')).then_some(s)
}

/// The end of the line holding `i`, past its newline.
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr(b'\n', bytes.get(i..).unwrap_or_default()).map_or(bytes.len(), |p| i + p + 1)
}

/// A fenced code block or a multi-line HTML block: no safe place inside.
struct Region {
    range: Range<usize>,
    /// A fence's opening line.
    fence: Option<Range<usize>>,
}

/// The fenced code blocks and multi-line HTML blocks of a Markdown body, in order. Found by
/// searching for fence and `<` characters (fast, whatever the body), not line by line.
fn regions(src: &str) -> Vec<Region> {
    let bytes = src.as_bytes();
    let len = bytes.len();
    let backticks = memmem::Finder::new(b"```");
    let tildes = memmem::Finder::new(b"~~~");
    // One pass, front to back: the next fence or `<` at or after `pos`, each kind's next
    // position kept until passed.
    let find = |kind: usize, from: usize| -> Option<usize> {
        let hay = bytes.get(from..)?;
        let off = match kind {
            0 => backticks.find(hay),
            1 => tildes.find(hay),
            _ => memchr(b'<', hay),
        };
        off.map(|o| from + o)
    };
    let mut next: [Option<usize>; 3] = [find(0, 0), find(1, 0), find(2, 0)];
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        for (kind, at) in next.iter_mut().enumerate() {
            if at.is_some_and(|a| a < pos) {
                *at = find(kind, pos);
            }
        }
        let Some(c) = next.iter().flatten().min().copied() else {
            break;
        };
        pos = c + 1;
        let Some(ls) = line_start_of(bytes, c) else {
            continue;
        };
        let le = line_end(bytes, c);
        let line = &bytes[ls..le];
        if let Some((ch, n)) = fence_of(line) {
            let finder = if ch == b'`' { &backticks } else { &tildes };
            let mut p = le;
            let end = loop {
                let Some(off) = finder.find(&bytes[p..]) else {
                    break len;
                };
                let at = p + off;
                match line_start_of(bytes, at) {
                    Some(ls2) => {
                        let le2 = line_end(bytes, at);
                        let closer = &bytes[ls2..le2];
                        if let Some((c2, n2)) = fence_of(closer)
                            && c2 == ch
                            && n2 >= n
                            && is_blank(block_start(closer).map_or(closer, |l| &l[n2..]))
                        {
                            break le2;
                        }
                        p = le2;
                    }
                    None => p = at + 1,
                }
            };
            out.push(Region {
                range: ls..end,
                fence: Some(ls..le),
            });
            pos = end;
        } else if let Some(close) = html_block_end(line) {
            let end =
                memmem::find(&bytes[le..], close).map_or(len, |off| line_end(bytes, le + off));
            out.push(Region {
                range: ls..end,
                fence: None,
            });
            pos = end;
        }
    }
    out
}

/// The region holding byte `i`, if any.
fn region_at(regions: &[Region], i: usize) -> Option<&Region> {
    let k = regions.partition_point(|r| r.range.end <= i);
    regions.get(k).filter(|r| r.range.start <= i)
}

/// The first safe place in `from..=limit`: the start of an unindented line after a blank line,
/// outside any region.
fn safe_place(bytes: &[u8], from: usize, limit: usize, regions: &[Region]) -> Option<usize> {
    let limit = limit.min(bytes.len());
    if from >= limit {
        return None;
    }
    let mut prev = memrchr(b'\n', &bytes[..from]);
    for off in memchr::memchr_iter(b'\n', &bytes[from..limit]) {
        let nl = from + off;
        let line_from = prev.map_or(0, |p| p + 1);
        prev = Some(nl);
        let next = nl + 1;
        if next >= bytes.len() || next > limit {
            break;
        }
        if is_blank(&bytes[line_from..nl])
            && !matches!(bytes[next], b' ' | b'\t' | b'\r' | b'\n')
            && region_at(regions, next).is_none()
        {
            return Some(next);
        }
    }
    None
}

/// Splits a body into chunks (see the module comment).
fn split(src: &str, markdown: bool) -> Vec<Chunk> {
    let bytes = src.as_bytes();
    let len = bytes.len();
    let regions = if markdown { regions(src) } else { Vec::new() };
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut joined = false;
    let mut fence = None;
    while start < len {
        let (end, next_joined) = if len - start <= TARGET_CHUNK {
            (len, false)
        } else if let Some(at) =
            safe_place(bytes, start + TARGET_CHUNK, start + HARD_CHUNK, &regions)
        {
            (at, false)
        } else if len - start <= HARD_CHUNK {
            (len, false)
        } else {
            // No safe place: at a line end if there is one, else inside the line.
            let window = &bytes[start + TARGET_CHUNK..start + HARD_CHUNK];
            let cut = match memrchr(b'\n', window) {
                Some(off) => start + TARGET_CHUNK + off + 1,
                None => cut_point(src, start, start),
            };
            let before = &bytes[..cut.saturating_sub(1)];
            let last_line = memrchr(b'\n', before).map_or(0, |p| p + 1);
            (
                cut,
                !(cut > 0 && bytes[cut - 1] == b'\n' && is_blank(&before[last_line..])),
            )
        };
        let text = &bytes[start..end];
        // About half the line ends of a chunk end a paragraph (a plain count vectorizes).
        let blank_lines = text.iter().filter(|&&b| b == b'\n').count() / 2;
        chunks.push(Chunk {
            range: start..end,
            joined,
            fence: fence.take(),
            blank_lines: u32::try_from(blank_lines).unwrap_or(u32::MAX),
        });
        if next_joined {
            fence = region_at(&regions, end)
                .and_then(|r| r.fence.clone())
                .filter(|f| f.end <= end);
        }
        joined = next_joined;
        start = end;
    }
    if chunks.is_empty() {
        chunks.push(Chunk {
            range: 0..0,
            joined: false,
            fence: None,
            blank_lines: 0,
        });
    }
    chunks
}

/// Normalizes a link label as CommonMark matches them: case-folded, inner whitespace collapsed.
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `[label]: url` lines of the whole body, first definition winning. A cheap scan for `]:`, not a
/// parse: a definition inside a code block counts too, which is harmless (it only resolves links
/// that would otherwise show as written).
fn link_definitions(src: &str) -> HashMap<String, String> {
    let bytes = src.as_bytes();
    let mut refs = HashMap::new();
    for i in memmem::find_iter(bytes, b"]:") {
        // The label starts its line; look back a bounded distance only.
        let from = i.saturating_sub(1000);
        let line_start = memrchr(b'\n', &bytes[from..i]).map_or(from, |p| from + p + 1);
        if line_start == from && from > 0 && bytes.get(from - 1) != Some(&b'\n') {
            continue;
        }
        let Some(head) = block_start(&bytes[line_start..i]) else {
            continue;
        };
        let Some(label) = head.strip_prefix(b"[") else {
            continue;
        };
        if label.is_empty() || label.first() == Some(&b'^') || label.contains(&b']') {
            continue;
        }
        let Ok(label) = std::str::from_utf8(label) else {
            continue;
        };
        let after = &src[i + 2..];
        let after = &after[..after.len().min(2048)];
        let after = &after[..floor_boundary(after, after.len())];
        let Some(url) = after.split_whitespace().next() else {
            continue;
        };
        let url = url
            .strip_prefix('<')
            .and_then(|u| u.strip_suffix('>'))
            .unwrap_or(url);
        let key = normalize_label(label);
        if !key.is_empty() {
            refs.entry(key).or_insert_with(|| url.to_owned());
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: usize) -> String {
        format!("Paragraph {n} with some words in it that go on for a while.\n\n")
    }

    #[test]
    fn small_bodies_are_one_chunk() {
        let doc = LazyDocument::markdown("# A\n\ntext\n");
        assert_eq!(doc.len_chunks(), 1);
        assert_eq!(
            doc.layout_chunk(0, &doc.parse_chunk(0), 0, 40),
            Document::markdown("# A\n\ntext\n").layout(40)
        );
    }

    #[test]
    fn chunks_cover_the_body_and_split_at_blank_lines() {
        let src: String = (0..5000).map(para).collect();
        let doc = LazyDocument::markdown(src.as_str());
        assert!(doc.len_chunks() > 10);
        let mut at = 0;
        for c in doc.chunks() {
            assert_eq!(c.range.start, at);
            assert!(!c.joined);
            assert!(c.range.len() <= HARD_CHUNK);
            at = c.range.end;
        }
        assert_eq!(at, src.len());
        // Laid out chunk by chunk, the body reads as it does whole.
        let mut lines = Vec::new();
        for i in 0..doc.len_chunks() {
            lines.extend(doc.layout_chunk(i, &doc.parse_chunk(i), 0, 60));
        }
        assert_eq!(lines, Document::markdown(&src).layout(60));
    }

    #[test]
    fn fenced_code_is_not_split_at_its_blank_lines() {
        let mut src = String::new();
        for i in 0..2000 {
            src.push_str(&format!("```\ncode {i}\n\nmore\n```\n\n"));
        }
        let doc = LazyDocument::markdown(src.as_str());
        for i in 0..doc.len_chunks() {
            assert!(doc.chunk_source(i).starts_with("```"), "chunk {i}");
        }
    }

    #[test]
    fn a_huge_code_block_stays_code_across_cuts() {
        let src = format!("```\n{}```\n", "let x = 1;\n".repeat(20_000));
        let doc = LazyDocument::markdown(src.as_str());
        assert!(doc.len_chunks() > 3);
        for i in 0..doc.len_chunks() {
            let lines = doc.layout_chunk(i, &doc.parse_chunk(i), 0, 40);
            assert!(
                lines
                    .iter()
                    .flat_map(|l| &l.spans)
                    .all(|s| s.look.code || s.text.trim().is_empty())
            );
        }
    }

    #[test]
    fn a_long_line_without_spaces_is_cut() {
        let src = "x".repeat(4 << 20);
        let doc = LazyDocument::plain(src.as_str());
        assert!(doc.len_chunks() >= (4 << 20) / HARD_CHUNK);
        assert!(doc.chunks().iter().all(|c| c.range.len() <= HARD_CHUNK));
        assert!(doc.chunks()[1..].iter().all(|c| c.joined));
        let lines = doc.layout_chunk(3, &doc.parse_chunk(3), 0, 100);
        assert!(lines.iter().all(|l| l.width() <= 100));
    }

    #[test]
    fn multibyte_long_lines_cut_at_char_boundaries() {
        let src = "日本語".repeat(1 << 18);
        let doc = LazyDocument::markdown(src.as_str());
        for i in 0..doc.len_chunks() {
            assert!(!doc.chunk_source(i).is_empty());
        }
    }

    #[test]
    fn reference_links_resolve_across_chunks() {
        let mut src = String::from("See [the site][site].\n\n");
        src.extend((0..3000).map(para));
        src.push_str("[site]: https://example.com/x\n");
        let doc = LazyDocument::markdown(src.as_str());
        assert!(doc.len_chunks() > 1);
        let lines = doc.layout_chunk(0, &doc.parse_chunk(0), 0, 80);
        let text: Vec<String> = lines.iter().map(Line::text).collect();
        assert!(
            text.iter().any(|l| l.contains("https://example.com/x")),
            "{text:?}"
        );
    }
}
