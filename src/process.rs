//! What the process sets for itself first thing, while it has one thread.

/// Makes the process ready before any thread starts: a descriptor table grown with threads
/// running waits on the kernel, and memory touched before huge pages are off was zeroed 2 MB at
/// a time.
///
/// - Room in the table of descriptors for the folders a load holds open
///   ([`crate::library::make_room_for_descriptors`]).
/// - No transparent huge pages. The allocator asks for them over its whole arena, so the first
///   allocation of each thread zeroed 2 MB, and this machine pays for fresh memory as it is
///   touched, at times slowly. A `quire list` of an empty folder took 6.2–24 ms (median 6.7)
///   with them and 4.4–6.8 ms (median 5.6) without, 25 runs each; a warm start of 100k articles
///   showed no difference beyond this machine's noise. The heap is a few tens of MB scattered
///   over the threads: huge pages buy it nothing. Children (an editor) inherit the setting,
///   which changes only their speed.
pub fn prepare() {
    crate::library::make_room_for_descriptors();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Refused only by kernels without the setting; nothing to do then.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_once_prepared() {
        super::prepare();
        assert_eq!(
            rustix::thread::transparent_huge_pages_are_disabled().ok(),
            Some(true)
        );
    }
}
