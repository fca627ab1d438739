//! Searching article bodies for a query's bare words and phrases, in parallel, fast.
//!
//! Per article: the metadata first ([`Query::prejudge`]: a word found in the title needs no
//! body); else the whole file in one read into a per-thread buffer, and the body folded the
//! cheap way: ASCII text (most of it; checked with the vectorized `is_ascii`) is lower-cased in
//! place, which is exactly what folding does to it, so there is no copy and no allocation; other
//! UTF-8 is folded into a reused buffer ([`crate::fold::fold_into`], bulk over ASCII runs). The
//! matchers are compiled once with the query (memchr's SIMD `memmem`, and regexes whose literal
//! prefilter does the same for phrases).

use super::decode::{Encoding, decode, sniff};
use super::folder::{self, Folder};
use super::{Article, MAX_BODY_BYTES};
use crate::query::{Query, Subject};
use rayon::prelude::*;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How often (in articles done) `on_progress` is called.
const PROGRESS_EVERY: usize = 256;

/// Tests `query` against the bodies of `candidates` (indices into `articles`) in parallel,
/// calling `on_match(index)` for each match as found (from worker threads, in no particular
/// order) and `on_progress(done)` now and then (and once at the end); stops early when `cancel`
/// is set. Articles count as unread and unstarred: when the query has `is:` terms, use
/// [`search_bodies_with_state`]. A file that cannot be read is matched on its metadata alone.
pub fn search_bodies(
    articles: &[Article],
    candidates: &[usize],
    query: &Query,
    cancel: &AtomicBool,
    on_match: &(dyn Fn(usize) + Sync),
    on_progress: &(dyn Fn(usize) + Sync),
) {
    search_bodies_with_state(
        articles,
        candidates,
        query,
        &|_| (false, false),
        cancel,
        on_match,
        on_progress,
    );
}

/// [`search_bodies`] with each article's `(read, starred)` state given by `state(index)`.
pub fn search_bodies_with_state(
    articles: &[Article],
    candidates: &[usize],
    query: &Query,
    state: &(dyn Fn(usize) -> (bool, bool) + Sync),
    cancel: &AtomicBool,
    on_match: &(dyn Fn(usize) + Sync),
    on_progress: &(dyn Fn(usize) + Sync),
) {
    let done = AtomicUsize::new(0);
    candidates.par_iter().with_min_len(16).for_each(|&index| {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        if let Some(article) = articles.get(index) {
            let (read, starred) = state(index);
            let subject = Subject {
                article,
                body: None,
                read,
                starred,
            };
            let matched = SEARCH.with(|search| search.borrow_mut().matches(query, &subject));
            if matched && !cancel.load(Ordering::Relaxed) {
                on_match(index);
            }
        }
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % PROGRESS_EVERY == 0 {
            on_progress(n);
        }
    });
    if !cancel.load(Ordering::Relaxed) {
        on_progress(done.load(Ordering::Relaxed));
    }
}

thread_local! {
    /// Each thread's buffers, kept from one search to the next: made afresh for each piece of
    /// work rayon hands out, they were new memory every time (a fifth of a search's time went
    /// to the kernel zeroing pages for them).
    static SEARCH: RefCell<BodySearch> = RefCell::new(BodySearch::default());
}

/// Buffers bigger than this are not kept from one article to the next.
const KEEP_BUFFERS: usize = 4 << 20;

/// One thread's buffers for matching queries against bodies; reuse it across articles.
#[derive(Default)]
pub struct BodySearch {
    bytes: Vec<u8>,
    folded: String,
    /// The folder of the last file read, held open: articles come folder by folder, and a file
    /// opened relative to it is one name to look up, not a whole path.
    folder: Option<Folder>,
}

impl BodySearch {
    /// Whether `subject` matches `query`, reading its body only when the metadata cannot tell
    /// (`subject.body` is ignored). Same answer as [`Query::matches`] given the body that
    /// [`super::read_body`] returns; an unreadable body counts as empty.
    pub fn matches(&mut self, query: &Query, subject: &Subject) -> bool {
        if let Some(known) = query.prejudge(subject) {
            return known;
        }
        let len = self.read_file(subject.article).unwrap_or(0);
        let bytes = &mut self.bytes[..len];
        let body = fold_body(bytes, subject.article.body_offset, &mut self.folded);
        let matched = query.matches_body(subject, body);
        // A huge article's buffers are let go at once rather than kept for the next article:
        // two threads holding 20 MB each stayed resident long after the search.
        if self.bytes.capacity() > KEEP_BUFFERS {
            self.bytes = Vec::new();
            self.folded = String::new();
        }
        matched
    }
}

impl BodySearch {
    /// Opens an article's file, relative to its folder when it can.
    fn open(&mut self, article: &Article) -> io::Result<File> {
        let Some((folder, name)) = folder::split(article.path()) else {
            return folder::open_path(article.path());
        };
        // Compared as bytes: `Path`'s equality parses every component, per article.
        let same = |f: &Folder| f.path().as_os_str() == folder.as_os_str();
        if !self.folder.as_ref().is_some_and(same) {
            self.folder = Some(Folder::open(folder));
        }
        match &self.folder {
            Some(open) => open.open_file(name),
            None => folder::open_path(article.path()),
        }
    }

    /// Reads the whole file (up to the body cap past the body's start) into `self.bytes`, which
    /// keeps its length across calls (no zeroing of what is reused); returns how many bytes are
    /// the file's. A file of the size the scan saw takes one `read` call: asking for a byte more
    /// and getting less means the end was reached (regular files give short reads only there).
    fn read_file(&mut self, article: &Article) -> io::Result<usize> {
        let cap = article.body_offset.saturating_add(MAX_BODY_BYTES);
        let cap = usize::try_from(cap).unwrap_or(usize::MAX);
        // Opened without blocking, and not stat'ed again (a tenth of a search's system time):
        // should the file have become something else since the scan, reading it cannot hang
        // (a FIFO reads as empty, a folder fails) and never reads past `cap`.
        let mut file = self.open(article)?;
        let buf = &mut self.bytes;
        let mut len = 0;
        let mut want = (article.size as usize).saturating_add(1).min(cap);
        loop {
            if buf.len() < want {
                buf.resize(want, 0);
            }
            let n = match file.read(&mut buf[len..want]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            len += n;
            if n == 0 || len < want || len >= cap {
                return Ok(len);
            }
            // Grew since the scan: read on.
            want = want.saturating_mul(2).min(cap);
        }
    }
}

/// The body of the file in `bytes`, folded: ASCII in place; other text into `folded`.
fn fold_body<'a>(bytes: &'a mut [u8], body_offset: u64, folded: &'a mut String) -> &'a str {
    let encoding = sniff_bom(&bytes[..bytes.len().min(3)]).unwrap_or(Encoding::Utf8 { bom: false });
    let start = (body_offset as usize)
        .max(encoding.bom_len())
        .min(bytes.len());
    let body = &mut bytes[start..];
    folded.clear();
    if let Encoding::Utf8 { .. } = encoding {
        if body.is_ascii() {
            body.make_ascii_lowercase();
            return super::decode::utf8(body).unwrap_or_default();
        }
        if let Some(text) = super::decode::utf8(body) {
            crate::fold::fold_into(text, folded);
            return folded;
        }
    }
    let text = decode(body, encoding, true).text;
    crate::fold::fold_into(&text, folded);
    folded
}

/// The encoding as [`super::read_body`] sees it: only a byte-order mark counts.
fn sniff_bom(start: &[u8]) -> Option<Encoding> {
    match sniff(start) {
        Some(e @ (Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Utf8 { bom: true })) => Some(e),
        _ => None,
    }
}
