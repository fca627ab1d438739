//! Loading as a stream: the walk hands each folder's files to rayon workers as it goes, workers
//! stat each file (relative to its folder, which the walk holds open) and take it from the metadata
//! cache when its size and modification time are unchanged (or open it and parse its head),
//! resolve authors, and pass results on in batches.

use super::authors_file::{AuthorsFiles, Resolver};
use super::cache::{self, Entry, Index, Unusable};
use super::folder::{self, Folder, Target};
use super::scan::{self, Found, Listing};
use super::{Article, Problem, io_reason};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What [`load_streaming`] reports while it runs.
#[derive(Debug)]
pub enum LoadEvent {
    /// Files found so far by the walk.
    Found(usize),
    /// Parsed articles and problems, in any order, as they finish (batches of about
    /// [`BATCH_ARTICLES`] or every [`BATCH_INTERVAL`]). Authors are already resolved.
    Batch {
        articles: Vec<Article>,
        problems: Vec<Problem>,
    },
}

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Folder of the metadata cache (`paths::cache_dir()`); `None`: no cache is read or written.
    pub cache_dir: Option<PathBuf>,
}

/// How a load went, besides the articles and problems it streamed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Files found by the walk.
    pub found: usize,
    /// Files taken from the cache (not opened).
    pub from_cache: usize,
    /// Files opened and parsed.
    pub parsed: usize,
    /// Folders read from the file system; the others were unchanged since the cache listed them.
    pub folders_read: usize,
    /// What went wrong with the cache (damaged and set aside, could not be written): for the
    /// status bar or stderr. Never about the articles, so `quire check` leaves them out.
    pub cache_warnings: Vec<String>,
}

pub const BATCH_ARTICLES: usize = 1000;
pub const BATCH_INTERVAL: Duration = Duration::from_millis(30);
/// Files per worker task: small enough to spread a big folder over the cores.
const CHUNK: usize = 128;

/// Loads every article under `paths`, calling `on_event` (from worker threads, possibly several
/// at once) as results arrive; returns when the scan is done (and the cache written).
pub fn load_streaming(
    paths: &[PathBuf],
    options: &LoadOptions,
    on_event: &(dyn Fn(LoadEvent) + Sync),
) -> LoadReport {
    let sink = |loaded: Vec<Vec<Loaded>>, problems: Vec<(Order, Problem)>| {
        on_event(LoadEvent::Batch {
            articles: loaded.into_iter().flatten().map(|l| l.article).collect(),
            problems: problems.into_iter().map(|(_, p)| p).collect(),
        });
    };
    let found = |n| on_event(LoadEvent::Found(n));
    run(
        paths,
        options,
        Delivery::Batched(&sink),
        &found,
        |_| {},
        || (),
    )
    .0
}

/// An article with its place in scan order, for [`super::load`]'s stable order.
pub(super) struct Loaded {
    pub seq: usize,
    pub article: Article,
}

/// Sort key of a problem in [`super::load`]: walk problems in walk order, then each file's in
/// scan order, then those of authors files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Order {
    Walk(usize),
    File(usize),
    Authors,
}

/// Takes results as the workers made them: each worker's chunk in its own vector (copying
/// 100k articles into batch vectors was a copy and 28 MB of fresh memory for nothing).
type Sink<'a> = dyn Fn(Vec<Vec<Loaded>>, Vec<(Order, Problem)>) + Sync + 'a;

/// How results reach the sink.
#[derive(Clone, Copy)]
pub(super) enum Delivery<'a> {
    /// In batches (of [`BATCH_ARTICLES`] or every [`BATCH_INTERVAL`]): for a screen, which
    /// draws once per batch.
    Batched(&'a Sink<'a>),
    /// Each chunk as it is made, by the worker that made it: for a sink that puts articles in
    /// place. A chunk's vector is then freed at once by the core that made it, and its memory
    /// reused for the next, and no batch is kept or timed; held in batches, the vectors were
    /// freed late, often by the other core (a warm start of 100k articles: 0.314x of rg's
    /// time batched, 0.291x as made).
    AsMade(&'a Sink<'a>),
}

/// A batch being filled by the workers.
struct Pending {
    loaded: Vec<Vec<Loaded>>,
    /// Articles in `loaded`.
    count: usize,
    problems: Vec<(Order, Problem)>,
    since: Instant,
}

/// What the workers share.
struct Shared<'a> {
    cache: Option<&'a Index>,
    /// The new cache, when one is kept: the files parsed anew...
    fresh: Option<Mutex<cache::Writer<cache::FileOut>>>,
    /// ... and the numbers of the old cache's entries still good.
    hits: Mutex<Vec<u32>>,
    authors: Mutex<AuthorsFiles>,
    pending: Mutex<Pending>,
    delivery: Delivery<'a>,
    from_cache: AtomicUsize,
    parsed: AtomicUsize,
}

/// Loads as [`load_streaming`] says; `expect` is told first how many files the cache knows (0
/// without one), a guess at how many will come; `beside_cache` runs once the last results went
/// to `sink`, on one core while the cache is written on the other, and what it gives comes
/// back too.
pub(super) fn run<R: Send>(
    paths: &[PathBuf],
    options: &LoadOptions,
    delivery: Delivery<'_>,
    on_found: &(dyn Fn(usize) + Sync),
    expect: impl FnOnce(usize),
    beside_cache: impl FnOnce() -> R + Send,
) -> (LoadReport, R) {
    let mut report = LoadReport::default();
    let cache_file = options
        .cache_dir
        .as_deref()
        .map(|dir| cache::file_for(dir, paths));
    let index = cache_file
        .as_deref()
        .and_then(|file| open_cache(file, &mut report.cache_warnings));
    expect(index.as_ref().map_or(0, Index::entry_count));
    let shared = Shared {
        cache: index.as_ref(),
        fresh: cache_file
            .as_ref()
            .map(|file| Mutex::new(cache::Writer::new(cache::FileOut::new(file)))),
        hits: Mutex::new(Vec::with_capacity(
            index.as_ref().map_or(0, Index::entry_count),
        )),
        authors: Mutex::new(AuthorsFiles::with_room(
            index.as_ref().map_or(0, Index::folder_count),
        )),
        pending: Mutex::new(Pending {
            loaded: Vec::new(),
            count: 0,
            problems: Vec::new(),
            since: Instant::now(),
        }),
        delivery,
        from_cache: AtomicUsize::new(0),
        parsed: AtomicUsize::new(0),
    };

    let mut found_total = 0;
    let mut walk_problems = 0;
    let mut last_found = Instant::now();
    let mut walked = scan::WalkReport::default();
    rayon::scope(|scope| {
        let shared = &shared;
        walked = scan::walk(paths, index.as_ref(), &mut |listing: Listing| {
            let Listing {
                folder,
                listed,
                files,
                problems,
            } = listing;
            if let Some((dir, has_file)) = listed {
                lock(&shared.authors).listed(&dir, has_file);
            }
            found_total += files.len();
            if !problems.is_empty() {
                let problems = problems
                    .into_iter()
                    .map(|p| {
                        walk_problems += 1;
                        (Order::Walk(walk_problems), p)
                    })
                    .collect();
                shared.add(Vec::new(), problems, false);
            }
            let mut files = files;
            while !files.is_empty() {
                let rest = files.split_off(files.len().min(CHUNK));
                let chunk = std::mem::replace(&mut files, rest);
                let folder = folder.clone();
                scope.spawn(move |_| shared.load_chunk(folder.as_deref(), chunk));
            }
            if last_found.elapsed() >= BATCH_INTERVAL {
                last_found = Instant::now();
                on_found(found_total);
            }
        });
        on_found(found_total);
    });
    shared.add(Vec::new(), Vec::new(), true);

    report.found = found_total;
    report.from_cache = shared.from_cache.load(Ordering::Relaxed);
    report.parsed = shared.parsed.load(Ordering::Relaxed);
    report.folders_read = walked.relisted;
    // Nothing new and nothing gone: the file on disk is still exact.
    let unchanged = index.as_ref().is_some_and(|i| {
        i.entry_count() == report.from_cache
            && i.folder_count() == walked.kept()
            && report.parsed == 0
            && walked.relisted == 0
    });
    let write_cache = || -> Option<String> {
        let (file, fresh) = (cache_file?, shared.fresh?);
        if unchanged {
            return None;
        }
        let mut fresh = fresh.into_inner().unwrap_or_else(|e| e.into_inner());
        let hits = shared.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = &index {
            for (root, key, stamp, payload) in hits.into_iter().filter_map(|i| index.file(i)) {
                fresh.push(root, key, stamp, payload);
            }
        }
        for &i in &walked.old_listings {
            if let Some((root, key, stamp, bytes)) = index.as_ref().and_then(|x| x.folder(i)) {
                fresh.push_folder(root, key, stamp, bytes);
            }
        }
        fresh.add_folders(walked.new_listings);
        let err = fresh.finish().and_then(cache::FileOut::commit).err()?;
        Some(format!(
            "cannot write the cache {}: {}",
            file.display(),
            io_reason(&err)
        ))
    };
    let (beside, warning) = rayon::join(beside_cache, write_cache);
    report.cache_warnings.extend(warning);
    (report, beside)
}

/// Reads and checks the cache file; sets a damaged one aside with a warning.
fn open_cache(file: &Path, warnings: &mut Vec<String>) -> Option<Index> {
    let bytes = match fs::File::open(file).and_then(cache::Bytes::of_file) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            warnings.push(format!(
                "cannot read the cache {}: {}",
                file.display(),
                io_reason(&err)
            ));
            return None;
        }
    };
    match Index::parse(bytes) {
        Ok(index) => Some(index),
        Err(Unusable::OtherVersion) => None,
        Err(Unusable::Damaged(why)) => {
            let moved = match crate::paths::set_aside(file) {
                Ok(to) => format!("set aside as {}", to.display()),
                Err(err) => format!("could not be set aside: {}", io_reason(&err)),
            };
            warnings.push(format!(
                "cache {} is damaged ({why}), {moved}; rebuilding it",
                file.display()
            ));
            None
        }
    }
}

impl Shared<'_> {
    /// Loads files of one folder (`None`: files given as paths).
    fn load_chunk(&self, folder: Option<&Folder>, chunk: Vec<Found>) {
        // The walk could not spare a descriptor for this folder: one for this chunk.
        let opened;
        let folder = match folder {
            Some(given) if !given.is_open() => {
                opened = Folder::open(given.path());
                Some(&opened)
            }
            given => given,
        };
        let mut loaded = Vec::with_capacity(chunk.len());
        let mut problems = Vec::new();
        let mut payload = Vec::new();
        let mut fresh = match (&self.fresh, self.cache) {
            (Some(_), None) => cache::Files::with_room(chunk.len()),
            _ => cache::Files::default(),
        };
        let mut parsed = 0;
        let mut key = Vec::new();
        let mut hits = Vec::new();
        let mut guess = None;
        let mut head = Vec::with_capacity(super::FIRST_READ + 1);
        for found in chunk {
            let order = Order::File(found.seq);
            let problem = |reason: String| {
                (
                    order,
                    Problem {
                        path: found.path.clone(),
                        line: None,
                        reason,
                    },
                )
            };
            let target = target_of(folder, &found);
            // Without a cache to consult the file is read anyway: open it, then stat what is
            // open (its name is looked up once, not twice).
            let mut opened = None;
            let stat = match self.cache {
                Some(_) => target.stat(),
                None => target.open().and_then(|file| {
                    let stat = folder::stat_file(&file);
                    opened = Some(file);
                    stat
                }),
            };
            let stat = match stat {
                Ok(stat) if stat.regular => stat,
                Ok(_) => {
                    problems.push(problem("not a regular file".to_string()));
                    continue;
                }
                Err(err) => {
                    problems.push(problem(io_reason(&err)));
                    continue;
                }
            };
            key.clear();
            key.extend_from_slice(found.key());
            // From the cache: one stat, no open.
            if let Some(index) = self.cache
                && let Some((number, raw)) = index.get(found.root, &key, stat.stamp, guess)
                && let Some(entry) = cache::decode(raw, &found.path, Some(index.file_bytes()))
            {
                guess = number.checked_add(1);
                hits.push(number);
                take(entry, found, &mut loaded, &mut problems);
                continue;
            }
            parsed += 1;
            let file = match opened.take() {
                Some(file) => Ok(file),
                None => target.open(),
            };
            let file = match file {
                Ok(file) => file,
                Err(err) => {
                    problems.push(problem(io_reason(&err)));
                    continue;
                }
            };
            match super::load_file(&found.path, file, stat.stamp.size, &mut head) {
                Ok(entry) => {
                    if self.fresh.is_some() {
                        payload.clear();
                        cache::encode(&entry, &mut payload);
                        fresh.push(found.root, &key, stat.stamp, &payload);
                    }
                    take(entry, found, &mut loaded, &mut problems);
                }
                Err(problem) => problems.push((order, problem)),
            }
        }
        self.from_cache.fetch_add(hits.len(), Ordering::Relaxed);
        self.parsed.fetch_add(parsed, Ordering::Relaxed);
        if let Some(writer) = &self.fresh {
            lock(&self.hits).extend(hits);
            lock(writer).append(&fresh);
        }
        // The shared authors files are asked (under their lock) once per folder; what reading
        // one went wrong with is taken with the chain that read it.
        let mut resolver = Resolver::default();
        let mut chain_of = |folder: &[u8]| {
            let mut authors = lock(&self.authors);
            let chain = authors.chain(folder);
            problems.extend(authors.problems.drain(..).map(|p| (Order::Authors, p)));
            chain
        };
        // A folder's files are its path joined with their names: no need to look for it in
        // each (files given as paths have none).
        let in_folder = folder.map(|f| f.path().as_os_str().as_encoded_bytes());
        for l in &mut loaded {
            match in_folder {
                Some(folder) => resolver.resolve_in(&mut l.article, folder, &mut chain_of),
                None => resolver.resolve(&mut l.article, &mut chain_of),
            }
        }
        self.add(loaded, problems, false);
    }

    /// Adds results to the batch; passes the batch on when it is big or old enough, or `last`.
    fn add(&self, loaded: Vec<Loaded>, problems: Vec<(Order, Problem)>, last: bool) {
        let sink = match self.delivery {
            Delivery::AsMade(sink) => {
                if !loaded.is_empty() || !problems.is_empty() {
                    sink(vec![loaded], problems);
                }
                return;
            }
            Delivery::Batched(sink) => sink,
        };
        let ready = {
            let mut pending = lock(&self.pending);
            pending.count += loaded.len();
            if !loaded.is_empty() {
                pending.loaded.push(loaded);
            }
            pending.problems.extend(problems);
            let due = last
                || pending.count >= BATCH_ARTICLES
                || pending.since.elapsed() >= BATCH_INTERVAL;
            if due && (!pending.loaded.is_empty() || !pending.problems.is_empty()) {
                pending.since = Instant::now();
                pending.count = 0;
                Some((
                    std::mem::take(&mut pending.loaded),
                    std::mem::take(&mut pending.problems),
                ))
            } else {
                None
            }
        };
        if let Some((loaded, problems)) = ready {
            sink(loaded, problems);
        }
    }
}

/// Where a file is opened or stat'ed: by name in its folder, or by path (a link to the file, or
/// a folder the walk could not hold open).
fn target_of<'a>(folder: Option<&'a Folder>, found: &'a Found) -> Target<'a> {
    match (folder, found.by_path, found.name()) {
        (Some(folder), false, Some(name)) => Target::In(folder, name),
        _ => Target::Path(&found.path),
    }
}

/// Files that are not articles become problems; articles keep their problems next to them.
/// An article, decoded from the cache or parsed, comes at no path: the walk's path is moved in
/// (no copy of 100k paths, in a start with or without a cache).
fn take(
    entry: Entry,
    found: Found,
    loaded: &mut Vec<Loaded>,
    problems: &mut Vec<(Order, Problem)>,
) {
    let order = Order::File(found.seq);
    match entry {
        Entry::Article(mut article, file_problems) => {
            article.place(found.path);
            problems.extend(file_problems.into_iter().map(|p| (order, p)));
            loaded.push(Loaded {
                seq: found.seq,
                article,
            });
        }
        Entry::NotArticle(reason) => problems.push((
            order,
            Problem {
                path: found.path,
                line: None,
                reason,
            },
        )),
    }
}

/// A poisoned lock only means another worker panicked; the data is still whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, seq: usize) -> Found {
        Found {
            path: PathBuf::from(path),
            root: 0,
            rel: 0,
            seq,
            by_path: false,
            name_at: 0,
        }
    }

    #[test]
    fn an_article_takes_the_walks_path_and_a_non_article_names_it() {
        let (mut loaded, mut problems) = (Vec::new(), Vec::new());
        let at = found("lib/a.md", 3);
        let walked = at.path.as_os_str().as_encoded_bytes().as_ptr();
        let mut article = Article::sample("T", &[], &[]);
        article.place(PathBuf::new());
        take(
            Entry::Article(article, Vec::new()),
            at,
            &mut loaded,
            &mut problems,
        );
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0].seq, 3);
        assert_eq!(loaded[0].article.path(), Path::new("lib/a.md"));
        // Moved in, not copied.
        let placed = loaded[0]
            .article
            .path()
            .as_os_str()
            .as_encoded_bytes()
            .as_ptr();
        assert_eq!(placed, walked);
        take(
            Entry::NotArticle("binary file".into()),
            found("lib/b.png.md", 4),
            &mut loaded,
            &mut problems,
        );
        assert_eq!(loaded.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, Order::File(4));
        assert_eq!(problems[0].1.path, Path::new("lib/b.png.md"));
        assert_eq!(problems[0].1.reason, "binary file");
    }
}
