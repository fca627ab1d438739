//! The metadata cache: what the front matter of each file gave (article and problems), keyed by
//! the file's path within the library path it was found under, its size and its modification
//! time, so that a second start only has to stat the files.
//!
//! One cache file per set of library paths (`library-<hash of the canonical paths>.bin` in the
//! cache folder), in a compact hand-rolled binary form (no new dependency, and the decoder
//! checks every length, so a damaged file can never make it panic or allocate wildly):
//!
//! ```text
//! magic "QUIREMC\0", version u32, file count u64, file buckets u64, folder count u64,
//! folder buckets u64, file entries…, folder entries…, for files then folders: where each
//! entry starts (u64 each) and a hash table of entry numbers (u32 per bucket), checksum u64
//! of all bytes before it (of the checksums of those after the header in 4 MiB blocks, then of
//! the header: the file is written as its entries come, and the header, which counts them,
//! last)
//! entry:   root (index of the library path), key (path within it), stamp (u64, mtime seconds
//!          i64, mtime nanoseconds u32), payload
//! file:    stamp u64 = size; payload 0 = article (its text but the path, where the parts end,
//!          which optional fields are given, date, body offset, size, format, problems)
//!          | 1 = not an article (reason)
//! folder:  stamp u64 = inode; payload = its listing (authors file?, then for each article
//!          file and subfolder: whether a folder, inode, name length; then the names)
//! ```
//!
//! Folder listings are kept so that a warm start need not read folders whose modification time
//! (which any file added, removed or renamed in them changes) is the same as when they were
//! listed; only plain folders are kept (no links, nothing odd), and never one changed in the last
//! seconds before it was listed, which could change again within the same clock tick.
//!
//! Articles are stored *before* `authors.yml` resolution, which runs again after every load, so
//! that an edited authors file is never missed. A different [`VERSION`] means the file is simply
//! rebuilt; a file that fails its checks is set aside (`paths::set_aside`) with a warning.

use super::article_text::ArticleText;
use super::{Article, Date, Format, Problem};
use crate::paths::AtomicFile;
use std::borrow::Cow;
use std::fs::File;
use std::fs::Metadata;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 8] = b"QUIREMC\0";
/// Bump when the layout or the meaning of any field changes (including how files are parsed).
pub const VERSION: u32 = 9;
/// Magic, version, then for files and for folders: how many entries, how many buckets.
const HEADER: usize = MAGIC.len() + 4 + 4 * 8;

/// A file's identity for the cache: size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub secs: i64,
    pub nanos: u32,
}

impl Stamp {
    /// The stamp of what `meta` describes, its time as `stat` gives it (see [`since_epoch`]),
    /// so that it is the same whether the file was stat'ed by name or opened.
    pub fn of(meta: &Metadata) -> Stamp {
        let (secs, nanos) = meta.modified().map_or((0, 0), since_epoch);
        Stamp {
            size: meta.len(),
            secs,
            nanos,
        }
    }
}

/// Seconds and nanoseconds since 1970 as `stat` gives them: whole seconds rounded down and a
/// fraction counted up from there, before 1970 too (1.5 s before is -2 s and 0.5 s).
/// `SystemTime` gives a time before 1970 as a distance back instead (1 s and 0.5 s), and a
/// stamp made so never matched the stat by name of a warm start: such a file was parsed again
/// at every start.
fn since_epoch(time: std::time::SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => (after.as_secs() as i64, after.subsec_nanos()),
        Err(e) => {
            let back = e.duration();
            let secs = -(back.as_secs() as i64);
            match back.subsec_nanos() {
                0 => (secs, 0),
                fraction => (secs - 1, 1_000_000_000 - fraction),
            }
        }
    }
}

/// What a cached file gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// An article (authors not yet resolved) and its problems.
    Article(Article, Vec<Problem>),
    /// Not an article at all (a binary file): the reason, reported as a problem.
    NotArticle(String),
}

/// Why a cache file was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// Another version of quire wrote it: rebuild quietly.
    OtherVersion,
    /// Truncated or damaged: set aside, warn, rebuild.
    Damaged(&'static str),
}

/// The cache file for this set of library paths.
pub fn file_for(cache_dir: &Path, paths: &[PathBuf]) -> PathBuf {
    let mut hash = Fnv::default();
    for path in paths {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        hash.write(canonical.as_os_str().as_encoded_bytes());
        hash.write(&[0]);
    }
    cache_dir.join(format!("library-{:016x}.bin", hash.0))
}

/// A cache file's bytes: mapped (no copy into fresh memory, which is what reading 30 MB mostly
/// cost), or read.
pub enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes::Read(bytes)
    }
}

impl Bytes {
    /// Maps `file`, or reads it where it cannot be mapped.
    pub fn of_file(mut file: std::fs::File) -> std::io::Result<Bytes> {
        // SAFETY: the map is only read. The cache is replaced by renaming a new file over it,
        // never written in place, so the mapped file does not change under us; only another
        // program truncating it could (and then the checksum or a bounds check fails).
        // Not populated up front: the checksum's blocks, read on all cores, fault their pages in.
        match unsafe { memmap2::MmapOptions::new().map(&file) } {
            Ok(map) => Ok(Bytes::Mapped(map)),
            Err(_) => {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut bytes)?;
                Ok(Bytes::Read(bytes))
            }
        }
    }
}

/// A cache file mapped into memory; entries are decoded only when looked up. Opening it is a
/// checksum and a few bounds: where each entry starts and a hash table to find it by key are
/// in the file, written with it (indexing 110k entries at each start took 15 ms before the
/// walk could begin).
pub struct Index {
    /// Shared with the articles whose text stays in it.
    bytes: Arc<Bytes>,
    /// End of the entries; the tables of starts and buckets follow.
    entries_end: usize,
    files: Table,
    folders: Table,
}

/// File or folder entries, found by number through their starts (`u64`, from the start of
/// the file) and by key through an open-addressing table of entry numbers (`u32`, linear
/// probing, [`EMPTY`] for none), both stored after the entries.
struct Table {
    count: usize,
    starts_at: usize,
    buckets_at: usize,
    /// A power of two.
    buckets: usize,
}

/// An empty bucket.
const EMPTY: u32 = u32::MAX;
/// Bytes per entry start and per bucket in the stored tables.
const START_BYTES: usize = 8;
const BUCKET_BYTES: usize = 4;

/// Bytes of a section's tables: its starts, then its buckets (`None`: more than memory holds).
fn table_len(count: usize, buckets: usize) -> Option<usize> {
    count
        .checked_mul(START_BYTES)?
        .checked_add(buckets.checked_mul(BUCKET_BYTES)?)
}

/// One entry as stored: library path index, key, stamp, payload.
pub type Record<'a> = (u32, &'a [u8], Stamp, &'a [u8]);

impl Index {
    /// Checks a cache file's bytes and finds its tables.
    pub fn parse(bytes: impl Into<Bytes>) -> Result<Index, Unusable> {
        let bytes = bytes.into();
        const TRUNCATED: Unusable = Unusable::Damaged("truncated");
        const BAD: Unusable = Unusable::Damaged("bad tables");
        if bytes.len() < MAGIC.len() || bytes.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(Unusable::Damaged("not a quire cache file"));
        }
        let mut r = Reader {
            bytes: &bytes,
            pos: MAGIC.len(),
        };
        if r.u32().ok_or(TRUNCATED)? != VERSION {
            return Err(Unusable::OtherVersion);
        }
        if bytes.len() < HEADER + 8 {
            return Err(TRUNCATED);
        }
        let body_end = bytes.len() - 8;
        let mut stored = [0u8; 8];
        stored.copy_from_slice(&bytes[body_end..]);
        if file_checksum(&bytes[..body_end]) != u64::from_le_bytes(stored) {
            return Err(Unusable::Damaged("checksum mismatch"));
        }
        let mut sizes = [0usize; 4];
        for size in &mut sizes {
            *size = r.u64().and_then(|n| usize::try_from(n).ok()).ok_or(BAD)?;
        }
        let [file_count, file_buckets, folder_count, folder_buckets] = sizes;
        let table_bytes = |count: usize, buckets: usize| {
            let fits = count < EMPTY as usize && buckets.is_power_of_two() && count < buckets;
            fits.then(|| table_len(count, buckets)).flatten()
        };
        let tables = table_bytes(file_count, file_buckets)
            .zip(table_bytes(folder_count, folder_buckets))
            .and_then(|(a, b)| a.checked_add(b))
            .ok_or(BAD)?;
        let entries_end = body_end
            .checked_sub(tables)
            .filter(|&e| e >= HEADER)
            .ok_or(BAD)?;
        let files = Table::at(entries_end, file_count, file_buckets);
        let folders = Table::at(files.end(), folder_count, folder_buckets);
        Ok(Index {
            bytes: Arc::new(bytes),
            entries_end,
            files,
            folders,
        })
    }

    /// The entries, without the tables after them: a record never reads into those.
    fn entries(&self) -> &[u8] {
        &self.bytes[..self.entries_end]
    }

    /// The whole file, for articles to keep their text in ([`decode`]).
    pub fn file_bytes(&self) -> &Arc<Bytes> {
        &self.bytes
    }

    /// How many files it holds.
    pub fn entry_count(&self) -> usize {
        self.files.count
    }

    /// How many folder listings it holds.
    pub fn folder_count(&self) -> usize {
        self.folders.count
    }

    /// The file entry for `key` under library path `root` when its stamp is still `stamp`: its
    /// number (for [`Index::file`]) and payload. `guess` is the number it probably has: the one
    /// after the last file looked up, since a folder's files are stored one after the other
    /// (each worker writes a run of them) and looked up in the same order. A right guess reads
    /// the bytes in order; a hash lookup is two cache misses (a fifth of a warm start's user
    /// time went to them).
    pub fn get(
        &self,
        root: u32,
        key: &[u8],
        stamp: Stamp,
        guess: Option<u32>,
    ) -> Option<(u32, &[u8])> {
        self.files
            .get(&self.bytes, self.entries(), root, key, stamp, guess)
    }

    /// The listing of folder `key` under library path `root` when its stamp is still `stamp`.
    pub fn get_folder(&self, root: u32, key: &[u8], stamp: Stamp) -> Option<(u32, &[u8])> {
        self.folders
            .get(&self.bytes, self.entries(), root, key, stamp, None)
    }

    /// File entry number `i`, to be written again.
    pub fn file(&self, i: u32) -> Option<Record<'_>> {
        self.files.record(&self.bytes, self.entries(), i)
    }

    /// Folder entry number `i`, to be written again.
    pub fn folder(&self, i: u32) -> Option<Record<'_>> {
        self.folders.record(&self.bytes, self.entries(), i)
    }
}

impl Table {
    fn at(starts_at: usize, count: usize, buckets: usize) -> Table {
        Table {
            count,
            starts_at,
            buckets_at: starts_at + count * START_BYTES,
            buckets,
        }
    }

    /// Where the next table starts.
    fn end(&self) -> usize {
        self.buckets_at + self.buckets * BUCKET_BYTES
    }

    /// `file` is the whole file (for the tables), `entries` the part that holds the entries.
    fn get<'a>(
        &self,
        file: &[u8],
        entries: &'a [u8],
        root: u32,
        key: &[u8],
        stamp: Stamp,
        guess: Option<u32>,
    ) -> Option<(u32, &'a [u8])> {
        let (i, (_, _, stored, payload)) = guess
            .and_then(|i| Some((i, self.record_of(file, entries, i, root, key)?)))
            .or_else(|| self.find(file, entries, root, key))?;
        (stored == stamp).then_some((i, payload))
    }

    fn find<'a>(
        &self,
        file: &[u8],
        entries: &'a [u8],
        root: u32,
        key: &[u8],
    ) -> Option<(u32, Record<'a>)> {
        let mask = self.buckets - 1;
        let mut at = key_hash(root, key) as usize & mask;
        // At most every bucket once: a damaged table without an empty one cannot loop.
        for _ in 0..self.buckets {
            let i = Reader::at(file, self.buckets_at + at * BUCKET_BYTES).u32()?;
            if i == EMPTY {
                return None;
            }
            if let Some(record) = self.record_of(file, entries, i, root, key) {
                return Some((i, record));
            }
            at = (at + 1) & mask;
        }
        None
    }

    /// Entry `i` if it is the one of `key` under `root`.
    fn record_of<'a>(
        &self,
        file: &[u8],
        entries: &'a [u8],
        i: u32,
        root: u32,
        key: &[u8],
    ) -> Option<Record<'a>> {
        self.record(file, entries, i)
            .filter(|(r, k, _, _)| *r == root && *k == key)
    }

    fn record<'a>(&self, file: &[u8], entries: &'a [u8], i: u32) -> Option<Record<'a>> {
        if i as usize >= self.count {
            return None;
        }
        let start = Reader::at(file, self.starts_at + i as usize * START_BYTES).u64()?;
        Reader::at(entries, usize::try_from(start).ok()?).record(entries)
    }
}

/// Where a cache goes as it is written: a file (see [`FileOut`]), or memory.
pub trait Out {
    /// Appends `bytes`.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Writes `header` over the first bytes (written as zeros first, while unknown).
    fn write_header(&mut self, header: &[u8]) -> io::Result<()>;
}

impl Out for Vec<u8> {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.extend_from_slice(bytes);
        Ok(())
    }

    fn write_header(&mut self, header: &[u8]) -> io::Result<()> {
        match self.get_mut(..header.len()) {
            Some(start) => start.copy_from_slice(header),
            None => return Err(io::ErrorKind::UnexpectedEof.into()),
        }
        Ok(())
    }
}

/// A cache file written in place of `path` ([`AtomicFile`]), made when the first bytes come:
/// a start that parses nothing anew and finds nothing changed never makes one. Bytes go out in
/// pieces of [`FileOut::PIECE`]: the workers hand on a folder's entries at a time (a few KB),
/// and writing each at once was 12,000 small writes in a load of 100k articles.
pub struct FileOut {
    path: PathBuf,
    file: Option<AtomicFile>,
    /// Bytes not yet written.
    held: Vec<u8>,
}

impl FileOut {
    const PIECE: usize = 256 << 10;

    pub fn new(path: &Path) -> FileOut {
        FileOut {
            path: path.to_path_buf(),
            file: None,
            held: Vec::new(),
        }
    }

    fn file(&mut self) -> io::Result<&mut File> {
        made(&mut self.file, &self.path)
    }

    /// Writes what is held.
    fn write_held(&mut self) -> io::Result<()> {
        if !self.held.is_empty() {
            made(&mut self.file, &self.path)?.write_all(&self.held)?;
            self.held.clear();
        }
        Ok(())
    }

    /// Puts the file written in place of the old one (without waiting for the disk: a crash
    /// leaves a file the checksum turns away).
    pub fn commit(mut self) -> io::Result<()> {
        self.write_held()?;
        match self.file {
            Some(file) => file.commit(false),
            None => Ok(()),
        }
    }
}

/// The file being written in place of `path`, made if it is not yet.
fn made<'f>(file: &'f mut Option<AtomicFile>, path: &Path) -> io::Result<&'f mut File> {
    let file = match file {
        Some(file) => file,
        none => none.insert(AtomicFile::create(path)?),
    };
    Ok(file.file())
}

impl Out for FileOut {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        // The file is made with the first bytes, as they come, so that it cannot fail later.
        self.file()?;
        if self.held.len() + bytes.len() > FileOut::PIECE {
            self.write_held()?;
        }
        if bytes.len() >= FileOut::PIECE {
            return self.file()?.write_all(bytes);
        }
        if self.held.capacity() == 0 {
            self.held.reserve_exact(FileOut::PIECE);
        }
        self.held.extend_from_slice(bytes);
        Ok(())
    }

    fn write_header(&mut self, header: &[u8]) -> io::Result<()> {
        self.write_held()?;
        let file = self.file()?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(header)?;
        file.seek(SeekFrom::End(0)).map(|_| ())
    }
}

/// Builds a cache file as the entries come: file entries in any order, then folder listings,
/// then [`Writer::finish`]. The entries go out at once (a load without cache writes them while
/// it parses, instead of holding 30 MB to write at its end, which waited for it); where each
/// starts and its key's hash are kept for the tables, and the checksum is summed on the way.
pub struct Writer<O: Out> {
    out: O,
    /// The first error writing: nothing more is written, and [`Writer::finish`] gives it.
    error: Option<io::Error>,
    /// Bytes written so far, the header's room included.
    len: usize,
    /// Of everything after the header, block by block.
    sum: BlockSums,
    /// Where each file entry starts, and its key's hash.
    files: Vec<(u64, u64)>,
    /// Files pushed one by one, gathered before they go out.
    staged: Files,
    /// Folder entries, which go out after all files.
    folders: Vec<Files>,
}

/// Staged entries go out once they are this big.
const STAGED: usize = 1 << 20;

impl<O: Out> Writer<O> {
    pub fn new(out: O) -> Writer<O> {
        Writer {
            out,
            error: None,
            len: 0,
            sum: BlockSums::default(),
            files: Vec::new(),
            staged: Files::default(),
            folders: Vec::new(),
        }
    }

    /// Writes `bytes` after what was written (the header's room first); says where they start.
    fn write(&mut self, bytes: &[u8]) -> u64 {
        if self.len == 0 {
            self.len = HEADER;
            self.out_append(&[0; HEADER]);
        }
        let start = self.len as u64;
        self.len += bytes.len();
        self.sum.write(bytes);
        self.out_append(bytes);
        start
    }

    /// Appends to the output, unless an error came before (which [`Writer::finish`] gives).
    fn out_append(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(err) = self.out.append(bytes)
        {
            self.error = Some(err);
        }
    }

    /// Adds a file whose payload is already encoded (copied from the old cache, or [`encode`]d).
    pub fn push(&mut self, root: u32, key: &[u8], stamp: Stamp, payload: &[u8]) {
        self.staged.push(root, key, stamp, payload);
        if self.staged.bytes.len() >= STAGED {
            self.flush_staged();
        }
    }

    fn flush_staged(&mut self) {
        let staged = std::mem::take(&mut self.staged);
        self.append(&staged);
    }

    /// Writes the files a worker gathered (one lock for a chunk of files, not one per file).
    pub fn append(&mut self, files: &Files) {
        if files.count == 0 {
            return;
        }
        let base = self.write(&files.bytes);
        let starts = files.starts.iter().map(|&(at, hash)| (base + at, hash));
        self.files.extend(starts);
    }

    /// Adds a folder listing ([`encode_listing`]).
    pub fn push_folder(&mut self, root: u32, key: &[u8], stamp: Stamp, listing: &[u8]) {
        match self.folders.last_mut() {
            Some(last) => last.push(root, key, stamp, listing),
            None => {
                let mut folders = Files::default();
                folders.push(root, key, stamp, listing);
                self.folders.push(folders);
            }
        }
    }

    /// Adds folder listings gathered apart.
    pub fn add_folders(&mut self, folders: Files) {
        self.folders.push(folders);
    }

    /// Writes the folders, the tables, the header and the checksum; gives back where it all
    /// went, or the first error.
    pub fn finish(mut self) -> io::Result<O> {
        self.flush_staged();
        let mut folder_starts = Vec::new();
        for folders in std::mem::take(&mut self.folders) {
            let base = self.write(&folders.bytes);
            folder_starts.extend(folders.starts.iter().map(|&(at, hash)| (base + at, hash)));
        }
        let (file_count, folder_count) = (self.files.len(), folder_starts.len());
        let (file_buckets, folder_buckets) = (buckets_for(file_count), buckets_for(folder_count));
        let file_tables = tables(&self.files, file_buckets);
        self.write(&file_tables);
        self.write(&tables(&folder_starts, folder_buckets));
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&VERSION.to_le_bytes());
        for n in [file_count, file_buckets, folder_count, folder_buckets] {
            header.extend_from_slice(&(n as u64).to_le_bytes());
        }
        let sum = std::mem::take(&mut self.sum).finish(&header, self.len as u64);
        if self.error.is_none()
            && let Err(err) = self.out.write_header(&header)
        {
            self.error = Some(err);
        }
        // The checksum is not part of what it sums.
        self.out_append(&sum.to_le_bytes());
        match self.error {
            Some(err) => Err(err),
            None => Ok(self.out),
        }
    }
}

/// Buckets for a table of `count` entries: at most half full, so that probes stay short.
fn buckets_for(count: usize) -> usize {
    (count * 2).next_power_of_two().max(2)
}

/// A section's tables as stored: where each entry starts, then the buckets of entry numbers.
fn tables(starts: &[(u64, u64)], buckets: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(table_len(starts.len(), buckets).unwrap_or(0));
    let mut table = vec![EMPTY; buckets];
    for (i, &(start, hash)) in starts.iter().enumerate() {
        out.extend_from_slice(&start.to_le_bytes());
        let mut at = hash as usize & (buckets - 1);
        while table[at] != EMPTY {
            at = (at + 1) & (buckets - 1);
        }
        table[at] = i as u32;
    }
    out.extend(table.iter().flat_map(|i| i.to_le_bytes()));
    out
}

/// Entries gathered apart (by a worker, for [`Writer::append`]), with where each starts among
/// them and its key's hash, for the tables.
#[derive(Default)]
pub struct Files {
    bytes: Vec<u8>,
    starts: Vec<(u64, u64)>,
    count: usize,
}

impl Files {
    /// Room for `entries` entries of a usual size (about 300 bytes), reserved at once: grown by
    /// doubling, the buffers of a 100k-file load were reallocated into fresh (zeroed) memory
    /// thousands of times.
    pub fn with_room(entries: usize) -> Files {
        Files {
            bytes: Vec::with_capacity(entries * 512),
            starts: Vec::with_capacity(entries),
            count: 0,
        }
    }

    pub fn push(&mut self, root: u32, key: &[u8], stamp: Stamp, payload: &[u8]) {
        self.starts
            .push((self.bytes.len() as u64, key_hash(root, key)));
        put_entry(&mut self.bytes, root, key, stamp, payload);
        self.count += 1;
    }

    /// How many entries it holds.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// One entry as stored (see the module's layout).
fn put_entry(out: &mut Vec<u8>, root: u32, key: &[u8], stamp: Stamp, payload: &[u8]) {
    put_varint(out, u64::from(root));
    put_bytes(out, key);
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.secs.to_le_bytes());
    out.extend_from_slice(&stamp.nanos.to_le_bytes());
    put_bytes(out, payload);
}

/// A folder as listed, for the next start: whether it holds an authors file, and its article
/// files and subfolders (names, with inodes for files), in name order.
/// Names are borrowed from the cache when read from it (a warm start reads 100k of them, only
/// to join each to its folder's path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderListing<'a> {
    pub authors_file: bool,
    pub children: Vec<Listed<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<'a> {
    pub folder: bool,
    pub ino: u64,
    pub name: Cow<'a, str>,
}

/// A listing is its children's kinds, inodes and name lengths, then their names one after the
/// other: the names are checked (UTF-8, no separator or NUL) in one go, where a check per name
/// was a tenth of a warm start's instructions.
pub fn encode_listing(listing: &FolderListing, out: &mut Vec<u8>) {
    out.push(u8::from(listing.authors_file));
    put_varint(out, listing.children.len() as u64);
    for child in &listing.children {
        out.push(u8::from(child.folder));
        put_varint(out, child.ino);
        put_varint(out, child.name.len() as u64);
    }
    for child in &listing.children {
        out.extend_from_slice(child.name.as_bytes());
    }
}

pub fn decode_listing(payload: &[u8]) -> Option<FolderListing<'_>> {
    let mut r = Reader {
        bytes: payload,
        pos: 0,
    };
    let authors_file = match r.byte()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let n = r.count()?;
    // Where the names start, and how long they are together.
    let headers = r.pos;
    let mut names_len = 0usize;
    for _ in 0..n {
        if r.byte()? > 1 {
            return None;
        }
        r.varint()?;
        names_len = names_len.checked_add(r.count()?)?;
    }
    // All the names, and nothing after them.
    let names = super::decode::utf8(payload.get(r.pos..)?)?;
    // A name is one path component: anything else would walk out of the folder. (memchr
    // looks at 32 bytes at a time.)
    if names.len() != names_len || memchr::memchr3(b'/', b'\\', 0, names.as_bytes()).is_some() {
        return None;
    }
    let mut r = Reader::at(payload, headers);
    let mut children = Vec::with_capacity(n);
    let mut at = 0;
    for _ in 0..n {
        let folder = r.byte()? == 1;
        let ino = r.varint()?;
        let end = at + r.count()?;
        let name = names.get(at..end)?;
        if name.is_empty() || name == "." || name == ".." {
            return None;
        }
        children.push(Listed {
            folder,
            ino,
            name: Cow::Borrowed(name),
        });
        at = end;
    }
    Some(FolderListing {
        authors_file,
        children,
    })
}

/// Encodes what a file gave. Problems are stored without their path (always the file's own).
pub fn encode(entry: &Entry, out: &mut Vec<u8>) {
    match entry {
        Entry::NotArticle(reason) => {
            out.push(1);
            put_str(out, reason);
        }
        Entry::Article(a, problems) => {
            out.push(0);
            // The article's own text as it is (one copy back out, one check of it).
            let (text, ends, given) = a.stored();
            put_str(out, text);
            for end in ends {
                put_varint(out, end.into());
            }
            put_varint(out, given.into());
            match a.date {
                None => out.push(0),
                Some(d) => {
                    out.push(1);
                    out.extend_from_slice(&d.year.to_le_bytes());
                    out.push(d.month);
                    out.push(d.day);
                }
            }
            put_varint(out, a.body_offset);
            put_varint(out, a.size);
            out.push(match a.format {
                Format::Markdown => 0,
                Format::Text => 1,
            });
            put_varint(out, problems.len() as u64);
            for p in problems {
                put_varint(out, p.line.map_or(0, |l| l as u64 + 1));
                put_str(out, &p.reason);
            }
        }
    }
}

/// Decodes a payload for the file at `path` (as walked: its problems name it). The article it
/// gives is at no path yet: the caller moves in the path it owns ([`Article::place`]). Its text
/// stays in `file` when the payload lies in it. `None` when it does not decode.
pub fn decode(payload: &[u8], path: &Path, file: Option<&Arc<Bytes>>) -> Option<Entry> {
    let mut r = Reader {
        bytes: payload,
        pos: 0,
    };
    let entry = match r.byte()? {
        1 => Entry::NotArticle(r.string()?),
        0 => {
            let len = r.count()?;
            let text = super::decode::utf8(r.take(len)?)?;
            let text = match file {
                Some(file) => ArticleText::in_file(file, text),
                None => ArticleText::Own(text.into()),
            };
            let mut ends = [0u32; 7];
            for end in &mut ends {
                *end = u32::try_from(r.varint()?).ok()?;
            }
            let given = u16::try_from(r.varint()?).ok()?;
            let mut article = Article::from_stored(text, ends, given)?;
            article.date = match r.byte()? {
                0 => None,
                1 => {
                    let year = r.u32()? as i32;
                    Some(Date::new(year, r.byte()?, r.byte()?))
                }
                _ => return None,
            };
            article.body_offset = r.varint()?;
            article.size = r.varint()?;
            article.format = match r.byte()? {
                0 => Format::Markdown,
                1 => Format::Text,
                _ => return None,
            };
            let n = r.count()?;
            let mut problems = Vec::with_capacity(n);
            for _ in 0..n {
                let line = r.varint()?;
                problems.push(Problem {
                    path: path.to_path_buf(),
                    line: line.checked_sub(1).map(|l| l as usize),
                    reason: r.string()?,
                });
            }
            Entry::Article(article, problems)
        }
        _ => return None,
    };
    (r.pos == payload.len()).then_some(entry)
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// Reads what the `put_*` functions wrote; every read checks its bounds.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn at(bytes: &'a [u8], pos: usize) -> Reader<'a> {
        Reader { bytes, pos }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Option<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Some(u64::from_le_bytes(a))
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// A length or count, which can never exceed the bytes left.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    /// One entry: library path index, key, stamp, payload (see [`put_entry`]).
    fn record<'b>(&mut self, bytes: &'b [u8]) -> Option<Record<'b>> {
        let root = u32::try_from(self.varint()?).ok()?;
        let key = self.span()?;
        let stamp = Stamp {
            size: self.u64()?,
            secs: self.u64()? as i64,
            nanos: self.u32()?,
        };
        let payload = self.span()?;
        Some((
            root,
            bytes.get(key.0..key.1)?,
            stamp,
            bytes.get(payload.0..payload.1)?,
        ))
    }

    fn span(&mut self) -> Option<(usize, usize)> {
        let n = self.count()?;
        let start = self.pos;
        self.take(n)?;
        Some((start, start + n))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }
}

/// The hash of a key under a library path.
fn key_hash(root: u32, key: &[u8]) -> u64 {
    checksum(key) ^ u64::from(root).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A fast 64-bit hash of `bytes`, eight bytes at a time in four independent lanes (one lane
/// was a chain of dependent multiplies, 6 ms over a 30 MB cache; damage detection and key
/// hashing, not security).
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::new();
    sum.write(bytes);
    sum.finish(bytes.len() as u64)
}

/// The checksum stored at the end of a cache file, of all the bytes before it (`body`): the
/// checksums of the bytes after the header in blocks of [`SUM_BLOCK`], then the header, which is
/// written last (its counts are known only once all entries are). In blocks so that a start can
/// check them on all cores (one core took 8 ms for 30 MB before the walk could begin).
fn file_checksum(body: &[u8]) -> u64 {
    use rayon::prelude::*;
    let (header, rest) = body.split_at(HEADER.min(body.len()));
    let blocks: Vec<u64> = rest.par_chunks(SUM_BLOCK).map(checksum).collect();
    combine_sums(&blocks, header, body.len() as u64)
}

/// Bytes per block of a cache file's checksum.
const SUM_BLOCK: usize = 4 << 20;

/// A cache file's checksum from its blocks' and its header.
fn combine_sums(blocks: &[u64], header: &[u8], len: u64) -> u64 {
    let mut sum = Checksum::new();
    for block in blocks {
        sum.write(&block.to_le_bytes());
    }
    sum.write(header);
    sum.finish(len)
}

/// [`file_checksum`] summed as the bytes after the header are written.
#[derive(Default)]
struct BlockSums {
    done: Vec<u64>,
    block: Checksum,
    block_len: usize,
}

impl BlockSums {
    fn write(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = (SUM_BLOCK - self.block_len).min(bytes.len());
            self.block.write(&bytes[..take]);
            self.block_len += take;
            bytes = &bytes[take..];
            if self.block_len == SUM_BLOCK {
                self.done.push(self.block.finish(SUM_BLOCK as u64));
                (self.block, self.block_len) = (Checksum::new(), 0);
            }
        }
    }

    fn finish(mut self, header: &[u8], len: u64) -> u64 {
        if self.block_len > 0 {
            self.done.push(self.block.finish(self.block_len as u64));
        }
        combine_sums(&self.done, header, len)
    }
}

impl Default for Checksum {
    fn default() -> Checksum {
        Checksum::new()
    }
}

/// [`checksum`] over bytes given in pieces (their total length told at the end).
struct Checksum {
    lanes: [u64; 4],
    /// The lane of the next word.
    next: usize,
    /// Bytes of a word not yet complete.
    tail: [u8; 8],
    tail_len: usize,
}

impl Checksum {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new() -> Checksum {
        Checksum {
            lanes: [
                0x5151_7CC1_B727_220A,
                0x2545_F491_4F6C_DD1D,
                0x9FB2_1C65_1E98_DF25,
                0xD6E8_FEB8_6659_FD93,
            ],
            next: 0,
            tail: [0; 8],
            tail_len: 0,
        }
    }

    fn mix(lane: u64, w: u64) -> u64 {
        (lane ^ w).wrapping_mul(Self::K).rotate_left(29)
    }

    fn word(&mut self, w: [u8; 8]) {
        self.lanes[self.next] = Self::mix(self.lanes[self.next], u64::from_le_bytes(w));
        self.next = (self.next + 1) % 4;
    }

    fn write(&mut self, mut bytes: &[u8]) {
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.word(self.tail);
            self.tail_len = 0;
        }
        let word = |b: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(b);
            w
        };
        while self.next != 0 && bytes.len() >= 8 {
            self.word(word(&bytes[..8]));
            bytes = &bytes[8..];
        }
        // Whole blocks of four words, one to each lane.
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            for (lane, w) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
                *lane = Self::mix(*lane, u64::from_le_bytes(word(w)));
            }
        }
        let mut words = blocks.remainder().chunks_exact(8);
        for w in &mut words {
            self.word(word(w));
        }
        let rest = words.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    fn finish(&self, len: u64) -> u64 {
        let mut h = Self::mix(self.lanes[0], len);
        for (i, lane) in self.lanes.iter().enumerate().skip(1) {
            h = Self::mix(h, lane.rotate_left(13 * i as u32));
        }
        for &b in &self.tail[..self.tail_len] {
            h = Self::mix(h, u64::from(b));
        }
        h ^ (h >> 32)
    }
}

#[derive(Default)]
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_counted_as_stat_counts_them() {
        use std::time::Duration;
        let at = |millis: i64| {
            let d = Duration::from_millis(millis.unsigned_abs());
            since_epoch(if millis < 0 {
                UNIX_EPOCH - d
            } else {
                UNIX_EPOCH + d
            })
        };
        assert_eq!(at(1_500), (1, 500_000_000));
        assert_eq!(at(0), (0, 0));
        assert_eq!(at(-1_500), (-2, 500_000_000));
        assert_eq!(at(-2_000), (-2, 0));
        assert_eq!(at(-1), (-1, 999_000_000));
    }

    fn article() -> (Article, Vec<Problem>) {
        let (a, _) = super::super::parse_article(
            Path::new("x/2013-09-16-a.md"),
            b"---\ntitle: T\nauthors: [a, b]\ntags: x, y\nsource: S\nfoo: bar\n---\n# H\n",
        );
        // An empty value is not a missing one.
        let mut parts = a.parts();
        parts.summary = Some("sum".into());
        parts.lang = Some(String::new());
        let a = Article::new(parts);
        let p = vec![Problem {
            path: PathBuf::from("x/2013-09-16-a.md"),
            line: Some(3),
            reason: "why".into(),
        }];
        (a, p)
    }

    #[test]
    fn entries_round_trip() {
        let (a, p) = article();
        for entry in [
            Entry::Article(a, p),
            Entry::NotArticle("binary file".into()),
        ] {
            let mut bytes = Vec::new();
            encode(&entry, &mut bytes);
            let is_article = matches!(entry, Entry::Article(..));
            let at = Path::new("x/2013-09-16-a.md");
            // The article comes at no path, for the caller to move its own in.
            let placed = |decoded: Option<Entry>| {
                decoded.map(|mut entry| {
                    if let Entry::Article(article, _) = &mut entry {
                        assert_eq!(article.path(), Path::new(""));
                        article.place(at.to_path_buf());
                    }
                    entry
                })
            };
            assert_eq!(placed(decode(&bytes, at, None)), Some(entry.clone()));
            // Decoded from the file it lies in, an article keeps its text there.
            let file = Arc::new(Bytes::from(bytes.clone()));
            let decoded = placed(decode(&file, at, Some(&file)));
            assert_eq!(decoded, Some(entry.clone()));
            assert_eq!(Arc::strong_count(&file), if is_article { 2 } else { 1 });
            drop(decoded);
            assert_eq!(Arc::strong_count(&file), 1);
            for cut in 0..bytes.len() {
                assert_eq!(decode(&bytes[..cut], at, None), None);
            }
        }
    }

    #[test]
    fn files_round_trip_and_damage_is_caught() {
        let (a, p) = article();
        let mut payload = Vec::new();
        encode(&Entry::Article(a, p), &mut payload);
        let stamp = Stamp {
            size: 10,
            secs: 20,
            nanos: 30,
        };
        let mut w = Writer::new(Vec::new());
        w.push(0, b"k/one", stamp, &payload);
        w.push(0, b"k/two", stamp, b"\x01\x00");
        w.push(1, b"k/one", stamp, b"\x01\x01");
        let folder = FolderListing {
            authors_file: true,
            children: vec![
                Listed {
                    folder: false,
                    ino: 7,
                    name: "one".into(),
                },
                Listed {
                    folder: true,
                    ino: 8,
                    name: "sub".into(),
                },
            ],
        };
        let mut listing = Vec::new();
        encode_listing(&folder, &mut listing);
        w.push_folder(0, b"k", stamp, &listing);
        let file = w.finish().unwrap();
        let index = Index::parse(file.clone()).unwrap();
        assert_eq!(index.entry_count(), 3);
        let get = |root, key: &[u8], stamp| index.get(root, key, stamp, None).map(|(_, p)| p);
        assert_eq!(get(0, b"k/one", stamp), Some(payload.as_slice()));
        assert_eq!(get(0, b"k/two", stamp), Some(b"\x01\x00".as_slice()));
        assert_eq!(get(1, b"k/one", stamp), Some(b"\x01\x01".as_slice()));
        assert_eq!(get(0, b"k/three", stamp), None);
        assert_eq!(get(2, b"k/one", stamp), None);
        let newer = Stamp { secs: 21, ..stamp };
        assert_eq!(get(0, b"k/one", newer), None);
        // A guess only saves the hash lookup: right, wrong, past the end or of a changed file,
        // the answer is the same as without one.
        for key in [&b"k/one"[..], b"k/two", b"k/three"] {
            for stamp in [stamp, newer] {
                let plain = index.get(0, key, stamp, None);
                for guess in [0, 1, 2, 3, u32::MAX] {
                    assert_eq!(index.get(0, key, stamp, Some(guess)), plain, "{guess}");
                }
            }
        }
        assert_eq!(
            index.get(1, b"k/one", stamp, Some(0)).map(|(i, _)| i),
            Some(2)
        );
        assert_eq!(
            index.file(1),
            Some((0, b"k/two".as_slice(), stamp, b"\x01\x00".as_slice()))
        );
        assert_eq!(
            index.get_folder(0, b"k", stamp),
            Some((0, listing.as_slice()))
        );
        assert_eq!(index.folder_count(), 1);
        assert_eq!(decode_listing(&listing), Some(folder));

        for cut in 0..file.len() {
            assert!(Index::parse(file[..cut].to_vec()).is_err(), "cut at {cut}");
        }
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x40;
            assert!(Index::parse(bad).is_err(), "flip at {i}");
        }
        let mut other = file.clone();
        other[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
        assert_eq!(Index::parse(other).err(), Some(Unusable::OtherVersion));
    }

    #[test]
    fn the_checksum_of_pieces_is_the_checksum_of_the_whole() {
        let bytes: Vec<u8> = (0..100u8).map(|i| i.wrapping_mul(37)).collect();
        let whole = checksum(&bytes);
        for a in 0..bytes.len() {
            for b in a..bytes.len() {
                let mut sum = Checksum::new();
                sum.write(&bytes[..a]);
                sum.write(&bytes[a..b]);
                sum.write(&bytes[b..]);
                assert_eq!(sum.finish(bytes.len() as u64), whole, "cut at {a} and {b}");
            }
        }
        assert_ne!(checksum(b"abcdefghi"), checksum(b"abcdefghj"));
    }

    #[test]
    fn a_file_written_as_it_comes_is_the_same_and_an_error_stops_it() {
        fn fill<O: Out>(w: &mut Writer<O>) {
            let stamp = Stamp {
                size: 1,
                secs: 2,
                nanos: 3,
            };
            let mut files = Files::default();
            for i in 0..3000u32 {
                files.push(0, format!("f/{i}.md").as_bytes(), stamp, &[7; 700]);
                // Pieces smaller than the file's buffer, then one larger (the last thousand).
                if (i < 2000 && i % 100 == 99) || i == 2999 {
                    w.append(&files);
                    files = Files::default();
                }
            }
            w.push_folder(0, b"f", stamp, &[0, 0]);
        }
        let mut in_memory = Writer::new(Vec::new());
        fill(&mut in_memory);
        let in_memory = in_memory.finish().unwrap();
        assert_eq!(Index::parse(in_memory.clone()).unwrap().entry_count(), 3000);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut to_file = Writer::new(FileOut::new(&path));
        fill(&mut to_file);
        to_file.finish().unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), in_memory);

        /// Takes this many bytes, then fails.
        struct Full(usize);
        impl Out for Full {
            fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
                self.0 = self
                    .0
                    .checked_sub(bytes.len())
                    .ok_or(io::ErrorKind::StorageFull)?;
                Ok(())
            }
            fn write_header(&mut self, _: &[u8]) -> io::Result<()> {
                Ok(())
            }
        }
        for room in [0, 10, 500_000, in_memory.len() - 1] {
            let mut w = Writer::new(Full(room));
            fill(&mut w);
            let err = w.finish().err().map(|e| e.kind());
            assert_eq!(err, Some(io::ErrorKind::StorageFull), "{room}");
        }
        let mut w = Writer::new(Full(in_memory.len()));
        fill(&mut w);
        assert!(w.finish().is_ok());
    }

    #[test]
    fn the_checksum_summed_while_writing_is_the_one_checked_on_all_cores() {
        let header = [7u8; HEADER];
        let rest: Vec<u8> = (0..2 * SUM_BLOCK + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        let mut sums = BlockSums::default();
        // Pieces of uneven sizes, some across a block's end.
        let mut at = 0;
        for size in [1, 7, SUM_BLOCK - 9, 3, SUM_BLOCK, 100_000]
            .into_iter()
            .cycle()
        {
            let end = (at + size).min(rest.len());
            sums.write(&rest[at..end]);
            at = end;
            if at == rest.len() {
                break;
            }
        }
        let body = [&header[..], &rest].concat();
        let streamed = sums.finish(&header, body.len() as u64);
        assert_eq!(streamed, file_checksum(&body));
        let mut changed = body.clone();
        changed[HEADER + SUM_BLOCK + 5] ^= 1;
        assert_ne!(file_checksum(&changed), streamed);
    }

    /// A cache of `n` files, some pushed one by one and some appended as a worker's piece,
    /// with a folder; and the stamp they all have.
    fn many(n: u32) -> (Vec<u8>, Stamp) {
        let stamp = Stamp {
            size: 1,
            secs: 2,
            nanos: 3,
        };
        let mut w = Writer::new(Vec::new());
        let mut files = Files::with_room(8);
        for i in 0..n {
            let key = format!("f/{i}.md");
            let payload = i.to_le_bytes();
            if i % 3 == 0 {
                files.push(i % 2, key.as_bytes(), stamp, &payload);
            } else {
                w.push(i % 2, key.as_bytes(), stamp, &payload);
            }
        }
        w.append(&files);
        w.push_folder(0, b"f", stamp, &[0, 0]);
        (w.finish().unwrap(), stamp)
    }

    #[test]
    fn every_entry_is_found_by_its_key_and_by_its_number() {
        let (file, stamp) = many(3000);
        let index = Index::parse(file).unwrap();
        assert_eq!(index.entry_count(), 3000);
        for i in 0..3000u32 {
            let key = format!("f/{i}.md");
            let (number, payload) = index.get(i % 2, key.as_bytes(), stamp, None).unwrap();
            assert_eq!(payload, i.to_le_bytes(), "{key}");
            let (root, stored_key, _, stored) = index.file(number).unwrap();
            assert_eq!((root, stored_key, stored), (i % 2, key.as_bytes(), payload));
            assert_eq!(index.get(1 - i % 2, key.as_bytes(), stamp, None), None);
        }
        assert_eq!(index.get(0, b"f/3000.md", stamp, None), None);
        assert_eq!(index.file(3000), None);
        assert!(index.get_folder(0, b"f", stamp).is_some());
    }

    proptest::proptest! {
        /// Tables that pass the checksum but point anywhere (a file written by someone else):
        /// lookups end, never panic, and never give another key's entry.
        #[test]
        fn tables_pointing_anywhere_never_give_a_wrong_entry(
            noise in proptest::collection::vec(proptest::num::u8::ANY, 1..64),
            at in 0usize..100_000,
        ) {
            let (mut file, stamp) = many(200);
            let tables_start = Index::parse(file.clone()).unwrap().entries_end;
            let body_end = file.len() - 8;
            let at = tables_start + at % (body_end - tables_start);
            for (i, b) in noise.iter().enumerate() {
                if let Some(byte) = file.get_mut(at + i).filter(|_| at + i < body_end) {
                    *byte ^= b | 1;
                }
            }
            let sum = file_checksum(&file[..body_end]);
            file[body_end..].copy_from_slice(&sum.to_le_bytes());
            let index = Index::parse(file).unwrap();
            for i in 0..200u32 {
                let key = format!("f/{i}.md");
                if let Some((number, payload)) = index.get(i % 2, key.as_bytes(), stamp, Some(i)) {
                    proptest::prop_assert_eq!(payload, i.to_le_bytes());
                    let record = index.file(number).unwrap();
                    proptest::prop_assert_eq!(record.1, key.as_bytes());
                }
            }
        }
    }

    #[test]
    fn a_listing_never_names_more_than_one_component() {
        for name in ["", ".", "..", "a/b", "a\\b", "a\0b"] {
            let listing = FolderListing {
                authors_file: false,
                children: vec![Listed {
                    folder: true,
                    ino: 1,
                    name: name.into(),
                }],
            };
            let mut bytes = Vec::new();
            encode_listing(&listing, &mut bytes);
            assert_eq!(decode_listing(&bytes), None, "{name:?}");
            for cut in 0..bytes.len() {
                assert_eq!(decode_listing(&bytes[..cut]), None);
            }
        }
    }
}
