//! The files and folders the walk has taken, by identity, so that none is taken twice (a link
//! loop, a hard or symbolic link to a file already taken, overlapping paths).
//!
//! On Unix an identity is (device, inode), and the set keeps one bit per inode, 64 inodes to a
//! word: files made one after the other get inodes one after the other, so a folder's files
//! mostly share a word, and the words last used are kept aside. A hash set of 110k pairs was a
//! cache miss per file, 6% of a warm start's user time; this is a few instructions. Where
//! inodes are far apart it takes a word per inode: half as much memory again as that set.

#[cfg(unix)]
use super::cheap_hash::CheapHash;
#[cfg(unix)]
use std::collections::HashMap;

/// What identifies a file or folder, however it is reached.
#[cfg(unix)]
pub type Id = (u64, u64);
#[cfg(not(unix))]
pub type Id = std::path::PathBuf;

#[cfg(unix)]
pub struct IdSet {
    /// Bit `ino % 64` of the word at `(dev, ino / 64)`, but for the words in `recent`.
    words: HashMap<(u64, u64), u64, CheapHash>,
    /// The words last used, with where each goes (none yet: `None`), written back only when
    /// another takes their place: a folder's own inode is often far from its files', and one
    /// word aside was swapped out and back for every folder.
    recent: [(Option<(u64, u64)>, u64); RECENT],
    /// The one in `recent` to give up next.
    next: usize,
}

#[cfg(unix)]
const RECENT: usize = 4;

#[cfg(unix)]
impl IdSet {
    /// Room for about `ids` identities close together.
    pub fn with_room(ids: usize) -> IdSet {
        IdSet {
            words: HashMap::with_capacity_and_hasher(ids / 16, CheapHash),
            recent: [(None, 0); RECENT],
            next: 0,
        }
    }

    /// Adds `id`; false if it was there already.
    pub fn insert(&mut self, (dev, ino): Id) -> bool {
        let (at, bit) = ((dev, ino / 64), 1u64 << (ino % 64));
        let slot = match self.recent.iter().position(|(key, _)| *key == Some(at)) {
            Some(slot) => slot,
            None => {
                let slot = self.next;
                self.next = (slot + 1) % RECENT;
                if let (Some(key), word) = self.recent[slot] {
                    self.words.insert(key, word);
                }
                self.recent[slot] = (Some(at), self.words.get(&at).copied().unwrap_or(0));
                slot
            }
        };
        let word = &mut self.recent[slot].1;
        let new = *word & bit == 0;
        *word |= bit;
        new
    }
}

#[cfg(not(unix))]
pub struct IdSet(std::collections::HashSet<Id>);

#[cfg(not(unix))]
impl IdSet {
    pub fn with_room(ids: usize) -> IdSet {
        IdSet(std::collections::HashSet::with_capacity(ids))
    }

    pub fn insert(&mut self, id: Id) -> bool {
        self.0.insert(id)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn says_what_a_hash_set_says() {
        // Runs of close inodes, jumps between devices and far inodes, and repeats of each,
        // in an order that goes back to words left behind.
        let mut ids = Vec::new();
        for dev in [1u64, 2, u64::MAX] {
            for ino in (0..200).chain([63, 64, 65, 1 << 40, u64::MAX, u64::MAX - 63, 0]) {
                ids.push((dev, ino));
            }
        }
        let mut again = ids.clone();
        again.reverse();
        ids.extend(again);
        ids.extend([(1, 5), (3, 5), (1, 1 << 40), (2, 199)]);

        let (mut set, mut reference) = (IdSet::with_room(0), HashSet::new());
        for id in ids {
            assert_eq!(set.insert(id), reference.insert(id), "{id:?}");
        }
    }
}
