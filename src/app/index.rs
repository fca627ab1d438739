//! What the app prepares once per article so that a keystroke over 100,000 articles stays cheap:
//! folded metadata for queries, tags and authors interned to numbers for pickers and facet
//! filters, and sort keys.

use super::sort::Sort;
use crate::fold::fold;
use crate::library::{Article, Items};
use crate::query::FoldedTable;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Distinct values (tags or authors), compared folded (case and accents ignored), shown as first
/// written.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    /// The folded form of each name, by id: what queries compare.
    folded: Vec<String>,
}

impl Interner {
    fn intern(&mut self, value: &str) -> u32 {
        let key = fold(value);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(key.clone(), id);
        self.names.push(value.to_string());
        self.folded.push(key);
        id
    }

    /// The id of `value`, if some article has it.
    pub fn find(&self, value: &str) -> Option<u32> {
        self.ids.get(&fold(value)).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// Every value folded, by id.
    pub fn folded(&self) -> &[String] {
        &self.folded
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// A set of article indices, as a bit per article: checked for every article on every
/// keystroke, so a lookup must cost next to nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(Vec<bool>);

impl Marks {
    pub fn contains(&self, i: &usize) -> bool {
        self.0.get(*i).copied().unwrap_or(false)
    }

    pub fn insert(&mut self, i: usize) {
        if self.0.len() <= i {
            self.0.resize(i + 1, false);
        }
        self.0[i] = true;
    }

    /// Flips `i` in or out of the set.
    pub fn toggle(&mut self, i: usize) {
        let now = self.contains(&i);
        if now {
            self.0[i] = false;
        } else {
            self.insert(i);
        }
    }
}

/// Which facet a picker or filter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Tag,
    Author,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Laid out in the list's order once the scan is over (see [`Index::arrange`]).
    pub folded: FoldedTable,
    pub tags: Interner,
    pub authors: Interner,
    article_tags: Flat,
    article_authors: Flat,
    /// Folded title or first author, for the sort in force (empty for date and path sorts).
    sort_keys: Vec<String>,
    /// Each article's [`super::sort::date_key`].
    date_keys: Vec<u64>,
}

impl Index {
    /// Adds the articles that were appended to `articles` since the last call.
    pub fn extend(&mut self, articles: &[Article], sort: Sort) {
        for article in articles.get(self.folded.len()..).unwrap_or_default() {
            self.folded.push(article);
            let tags: Vec<u32> = article.tags().iter().map(|t| self.tags.intern(t)).collect();
            let authors: Vec<u32> = article
                .authors()
                .iter()
                .map(|a| self.authors.intern(a))
                .collect();
            self.article_tags.push(&dedup(tags));
            self.article_authors.push(&dedup(authors));
            self.sort_keys.push(sort.key_text(article));
            self.date_keys.push(super::sort::date_key(article.date));
        }
    }

    /// Lays the folded fields out in `order` (the list's), so that a keystroke's filtering
    /// reads them front to back instead of jumping about memory (ten times slower over 100,000
    /// articles).
    pub fn arrange(&mut self, order: &[usize]) {
        self.folded.arrange(order);
    }

    /// Recomputes the sort keys after the sort field changed.
    pub fn resort_keys(&mut self, articles: &[Article], sort: Sort) {
        self.sort_keys = articles.iter().map(|a| sort.key_text(a)).collect();
    }

    /// Article `a` against `b` in `sort`'s order: by the date keys when they decide it, else
    /// by [`Sort::compare`].
    pub fn compare(&self, sort: Sort, articles: &[Article], a: usize, b: usize) -> Ordering {
        let date = |i: usize| self.date_keys.get(i).copied().unwrap_or(0);
        sort.quick(date(a), date(b)).unwrap_or_else(|| {
            sort.compare(
                &articles[a],
                self.sort_key(a),
                &articles[b],
                self.sort_key(b),
            )
        })
    }

    fn sort_key(&self, index: usize) -> &str {
        self.sort_keys.get(index).map_or("", String::as_str)
    }

    pub fn interner(&self, facet: Facet) -> &Interner {
        match facet {
            Facet::Tag => &self.tags,
            Facet::Author => &self.authors,
        }
    }

    /// The ids of `facet` that article `index` has.
    pub fn ids(&self, facet: Facet, index: usize) -> &[u32] {
        match facet {
            Facet::Tag => self.article_tags.get(index),
            Facet::Author => self.article_authors.get(index),
        }
    }

    /// Each value of `facet` among `articles` with how many of them have it, most frequent
    /// first, then alphabetically.
    pub fn counts(&self, facet: Facet, articles: &[usize]) -> Vec<(String, usize)> {
        let interner = self.interner(facet);
        let mut counts = vec![0usize; interner.len()];
        for &i in articles {
            for &id in self.ids(facet, i) {
                if let Some(c) = counts.get_mut(id as usize) {
                    *c += 1;
                }
            }
        }
        ranked(interner, counts)
    }
}

/// Values with their counts (indexed by id), most frequent first, then alphabetically; values
/// no article has are left out.
fn ranked(interner: &Interner, counts: Vec<usize>) -> Vec<(String, usize)> {
    let mut list: Vec<(u32, usize)> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| *c > 0)
        .map(|(id, c)| (id as u32, c))
        .collect();
    list.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| interner.folded[a.0 as usize].cmp(&interner.folded[b.0 as usize]))
    });
    list.into_iter()
        .map(|(id, c)| (interner.name(id).to_string(), c))
        .collect()
}

/// Values of a facet (tags or authors) over some articles, with how many articles have each,
/// as the pickers rank them; for the headless `tags` and `authors`, which need no index.
pub fn facet_counts<'a>(
    articles: impl Iterator<Item = &'a Article>,
    values: impl Fn(&'a Article) -> Items<'a>,
) -> Vec<(String, usize)> {
    let mut interner = Interner::default();
    let mut counts: Vec<usize> = Vec::new();
    for article in articles {
        let ids = dedup(values(article).iter().map(|v| interner.intern(v)).collect());
        for id in ids {
            let id = id as usize;
            if counts.len() <= id {
                counts.resize(id + 1, 0);
            }
            counts[id] += 1;
        }
    }
    ranked(&interner, counts)
}

/// Lists of ids, one per article, in one allocation: a keystroke walks all of them, and memory
/// read in order is far faster than 100,000 separate boxes.
#[derive(Debug, Clone, Default)]
struct Flat {
    ids: Vec<u32>,
    /// Where each article's list ends in `ids`.
    ends: Vec<usize>,
}

impl Flat {
    fn push(&mut self, ids: &[u32]) {
        self.ids.extend_from_slice(ids);
        self.ends.push(self.ids.len());
    }

    fn get(&self, index: usize) -> &[u32] {
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or_default()
    }
}

fn dedup(mut ids: Vec<u32>) -> Vec<u32> {
    let mut seen = Vec::with_capacity(ids.len());
    ids.retain(|id| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_differing_in_case_or_accents_are_one() {
        let articles = [
            Article::sample("A", &["Japan", "russia"], &["Céline Pajon"]),
            Article::sample("A", &["japan"], &["celine pajon"]),
            Article::sample("A", &["Energy"], &[]),
        ];
        let mut index = Index::default();
        index.extend(&articles, Sort::default());
        let counts = index.counts(Facet::Tag, &[0, 1, 2]);
        assert_eq!(counts[0], ("Japan".to_string(), 2));
        assert_eq!(counts.len(), 3);
        assert_eq!(
            index.counts(Facet::Author, &[0, 1]),
            [("Céline Pajon".to_string(), 2)]
        );
        assert_eq!(index.tags.find("JAPAN"), index.tags.find("japan"));
        assert_eq!(
            index.ids(Facet::Tag, 1),
            index.ids(Facet::Tag, 0).get(..1).unwrap()
        );
    }

    #[test]
    fn facet_counts_merge_case_and_sort_by_count() {
        let articles = [
            Article::sample("A", &["Japan", "russia"], &[]),
            Article::sample("A", &["japan"], &[]),
            Article::sample("A", &["Energy"], &[]),
        ];
        let counts = facet_counts(articles.iter(), Article::tags);
        assert_eq!(counts[0], ("Japan".to_string(), 2));
        assert_eq!(counts.len(), 3);
        let mut index = Index::default();
        index.extend(&articles, Sort::default());
        assert_eq!(
            counts,
            index.counts(Facet::Tag, &[0, 1, 2]),
            "one ranking for both"
        );
    }

    #[test]
    fn counts_cover_only_the_articles_given_and_extend_is_incremental() {
        let mut articles = vec![
            Article::sample("A", &["a"], &[]),
            Article::sample("A", &["b"], &[]),
        ];
        let mut index = Index::default();
        index.extend(&articles, Sort::default());
        articles.push(Article::sample("A", &["a", "A"], &[]));
        index.extend(&articles, Sort::default());
        assert_eq!(index.folded.len(), 3);
        assert_eq!(
            index.ids(Facet::Tag, 2).len(),
            1,
            "duplicate tags count once"
        );
        assert_eq!(index.counts(Facet::Tag, &[0, 2]), [("a".to_string(), 2)]);
    }
}
