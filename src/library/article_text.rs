//! Where an article's text lives: in its own allocation (parsed from its file), or in the mapped
//! cache file it was taken from. A warm start of 100k articles copied 30 MB out of the cache
//! into fresh memory, and the kernel's zeroing of those pages was a tenth of its time; taken in
//! place, the text costs nothing until it is looked at.

use super::cache::Bytes;
use std::ops::Deref;
use std::sync::Arc;

/// An article's text: read as a `&str` either way.
#[derive(Clone)]
pub enum ArticleText {
    Own(Box<str>),
    InCache(CacheText),
}

impl Deref for ArticleText {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            ArticleText::Own(text) => text,
            ArticleText::InCache(text) => text.as_str(),
        }
    }
}

impl PartialEq for ArticleText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<Box<str>> for ArticleText {
    fn from(text: Box<str>) -> Self {
        ArticleText::Own(text)
    }
}

impl ArticleText {
    /// `text`, kept where it is when it lies in `file` (and copied otherwise).
    pub fn in_file(file: &Arc<Bytes>, text: &str) -> ArticleText {
        match CacheText::new(file, text) {
            Some(shared) => ArticleText::InCache(shared),
            None => ArticleText::Own(text.into()),
        }
    }
}

/// A stretch of a cache file's bytes that was valid UTF-8 when it was taken; the file stays
/// mapped while any article refers to it.
#[derive(Clone)]
pub struct CacheText {
    file: Arc<Bytes>,
    start: u32,
    len: u32,
}

impl CacheText {
    /// `None` when `text` is not within `file`, or lies past what 32 bits can say.
    fn new(file: &Arc<Bytes>, text: &str) -> Option<CacheText> {
        let base = file.as_ptr() as usize;
        let at = (text.as_ptr() as usize).checked_sub(base)?;
        let end = at.checked_add(text.len())?;
        (end <= file.len()).then_some(())?;
        Some(CacheText {
            file: Arc::clone(file),
            start: u32::try_from(at).ok()?,
            len: u32::try_from(text.len()).ok()?,
        })
    }

    fn as_str(&self) -> &str {
        let start = self.start as usize;
        let bytes = &self.file[start..start + self.len as usize];
        // SAFETY: `new` took these bytes from a `&str`, so they were UTF-8, and the cache file is
        // never changed in place (see `Bytes::of_file`): a new cache is renamed over the old
        // one, whose mapping keeps the bytes it had.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<Bytes> {
        Arc::new(Bytes::from(text.as_bytes().to_vec()))
    }

    #[test]
    fn text_within_the_file_is_kept_there() {
        let file = file("head: Tëst title, more");
        let within = std::str::from_utf8(&file[6..17]).unwrap();
        let text = ArticleText::in_file(&file, within);
        assert!(matches!(text, ArticleText::InCache(_)));
        assert_eq!(&*text, "Tëst title");
        assert_eq!(Arc::strong_count(&file), 2);
        drop(text);
        assert_eq!(Arc::strong_count(&file), 1);
    }

    #[test]
    fn text_elsewhere_is_copied() {
        let file = file("abc");
        let elsewhere = String::from("abc");
        let text = ArticleText::in_file(&file, &elsewhere);
        assert!(matches!(text, ArticleText::Own(_)));
        assert_eq!(&*text, "abc");
        assert_eq!(Arc::strong_count(&file), 1);
    }

    #[test]
    fn texts_compare_by_what_they_say() {
        let file = file("same");
        let shared = ArticleText::in_file(&file, std::str::from_utf8(&file[..]).unwrap());
        assert!(shared == ArticleText::Own("same".into()));
        assert!(shared != ArticleText::Own("other".into()));
    }
}
