//! Keys kept out of swap: each lives alone on its own page, locked in RAM (`mlock` on
//! Unix, `VirtualLock` on Windows, through the `region` crate) and zeroized before the page is
//! unlocked and returned to the system.
//!
//! One page per buffer on purpose: a lock is per page and does not nest, so two keys sharing a
//! page would unlock each other. Where the platform refuses the lock (a low `RLIMIT_MEMLOCK`, a
//! sandbox), the buffer falls back to an ordinary heap allocation that still zeroizes on drop;
//! [`Locked::is_locked`] tells which one a buffer got. Core dumps are turned off separately
//! (`api::process::harden`).

use std::mem::{ManuallyDrop, align_of, size_of};
use std::ptr;

use zeroize::Zeroize;

/// A `T` on a page of its own, locked in RAM where the platform allows; on drop, `T`'s own
/// destructor runs and then every byte it occupied is zeroized.
///
/// Not `Clone`, not `Debug`: the owning key type decides how it is shown (redacted).
pub(crate) struct Locked<T> {
    store: Store<T>,
}

/// `N` secret bytes, locked (see [`Locked`]).
pub(crate) type LockedBytes<const N: usize> = Locked<[u8; N]>;

enum Store<T> {
    /// Field order matters: the lock guard drops (unlocks) before the allocation unmaps.
    Page {
        _lock: region::LockGuard,
        _page: region::Allocation,
        value: *mut T,
    },
    Heap(ManuallyDrop<Box<T>>),
}

// SAFETY: `Locked<T>` owns its `T` exclusively (the page is mapped for it alone), like a `Box`.
unsafe impl<T: Send> Send for Locked<T> {}
// SAFETY: shared access only hands out `&T`, like a `Box`.
unsafe impl<T: Sync> Sync for Locked<T> {}

impl<T> Locked<T> {
    /// Moves `value` onto a locked page. For a secret made in place, start from a harmless
    /// value (zeros) and write the secret through [`Self::get_mut`], so no copy of it is left on
    /// the stack.
    pub(crate) fn new(value: T) -> Self {
        match Self::locked_page() {
            Some((lock, page)) => {
                let slot = page.as_ptr::<T>().cast_mut();
                // SAFETY: the page is writable, page-aligned (checked against T's alignment in
                // `locked_page`) and at least size_of::<T>() bytes; nothing else points into it.
                unsafe { ptr::write(slot, value) };
                Locked {
                    store: Store::Page {
                        _lock: lock,
                        _page: page,
                        value: slot,
                    },
                }
            }
            None => Locked {
                store: Store::Heap(ManuallyDrop::new(Box::new(value))),
            },
        }
    }

    fn locked_page() -> Option<(region::LockGuard, region::Allocation)> {
        let size = region::page::size();
        if size_of::<T>() > size || align_of::<T>() > size {
            return None;
        }
        let page = region::alloc(size, region::Protection::READ_WRITE).ok()?;
        let lock = region::lock(page.as_ptr::<u8>(), size).ok()?;
        Some((lock, page))
    }

    /// Whether the value sits on a page locked in RAM (not written to swap).
    pub(crate) fn is_locked(&self) -> bool {
        matches!(self.store, Store::Page { .. })
    }

    pub(crate) fn get(&self) -> &T {
        match &self.store {
            // SAFETY: `value` points at the initialised T on our own page (see `new`).
            Store::Page { value, .. } => unsafe { &**value },
            Store::Heap(b) => b,
        }
    }

    pub(crate) fn get_mut(&mut self) -> &mut T {
        match &mut self.store {
            // SAFETY: as in `get`, and `&mut self` makes this the only borrow.
            Store::Page { value, .. } => unsafe { &mut **value },
            Store::Heap(b) => b,
        }
    }
}

impl<const N: usize> Locked<[u8; N]> {
    /// A zero-filled buffer; the caller writes the secret into [`Self::bytes_mut`] in place.
    pub(crate) fn zeroed() -> Self {
        Locked::new([0u8; N])
    }

    /// A buffer filled by `fill`, which writes the secret straight into locked memory.
    pub(crate) fn filled_with<E>(
        fill: impl FnOnce(&mut [u8; N]) -> Result<(), E>,
    ) -> Result<Self, E> {
        let mut bytes = Self::zeroed();
        fill(bytes.bytes_mut())?;
        Ok(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8; N] {
        self.get()
    }

    pub(crate) fn bytes_mut(&mut self) -> &mut [u8; N] {
        self.get_mut()
    }
}

/// Runs `T`'s destructor at `slot`, then zeroizes the bytes it occupied.
///
/// SAFETY: `slot` points at an initialised `T` that is never used again.
unsafe fn drop_and_wipe<T>(slot: *mut T) {
    // SAFETY: per this function's contract.
    unsafe {
        ptr::drop_in_place(slot);
        std::slice::from_raw_parts_mut(slot.cast::<u8>(), size_of::<T>()).zeroize();
    }
}

impl<T> Drop for Locked<T> {
    fn drop(&mut self) {
        match &mut self.store {
            // SAFETY: the T on our page is initialised and this is its last use; the page itself
            // is unlocked and unmapped by the fields' own drops, after this.
            Store::Page { value, .. } => unsafe { drop_and_wipe(*value) },
            Store::Heap(b) => {
                // SAFETY: taken once, here; the box is not used again.
                let raw = Box::into_raw(unsafe { ManuallyDrop::take(b) });
                // SAFETY: `raw` is the box's initialised T; afterwards its memory is freed as
                // uninitialised bytes, so T's destructor does not run twice.
                unsafe {
                    drop_and_wipe(raw);
                    drop(Box::from_raw(raw.cast::<std::mem::MaybeUninit<T>>()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Locked:` size, in KiB, of the mapping in `/proc/self/smaps` that holds `addr`.
    #[cfg(target_os = "linux")]
    fn locked_kib_at(addr: usize) -> Option<u64> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((lo, hi)) = range.split_once('-')
                && let (Ok(lo), Ok(hi)) =
                    (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                inside = (lo..hi).contains(&addr);
                continue;
            }
            if inside && let Some(rest) = line.strip_prefix("Locked:") {
                return rest.trim().trim_end_matches("kB").trim().parse().ok();
            }
        }
        None
    }

    #[test]
    fn bytes_round_trip_and_start_zeroed() {
        let mut b = LockedBytes::<32>::zeroed();
        assert_eq!(b.bytes(), &[0u8; 32]);
        b.bytes_mut().copy_from_slice(&[7u8; 32]);
        assert_eq!(b.bytes(), &[7u8; 32]);
        let filled = LockedBytes::<20>::filled_with(|buf| {
            buf[0] = 1;
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(filled.bytes()[0], 1);
        assert!(LockedBytes::<20>::filled_with(|_| Err("no")).is_err());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn key_pages_are_locked_in_ram_when_the_limit_allows() {
        let key = LockedBytes::<32>::zeroed();
        let addr = key.bytes().as_ptr() as usize;
        // Any RLIMIT_MEMLOCK of a few pages holds one (8 MiB on current Debian); only a system
        // that allows no locking at all may give the heap fallback, never a false "locked".
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the local struct only.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } == 0;
        if ok && limit.rlim_cur >= 64 * 1024 {
            assert!(
                key.is_locked(),
                "mlock of one page failed under a {} byte limit",
                limit.rlim_cur
            );
        }
        if key.is_locked() {
            assert_eq!(addr % region::page::size(), 0, "a locked key owns its page");
            let kib = locked_kib_at(addr).expect("the key's page is in /proc/self/smaps");
            assert!(kib >= 4, "the key's page is not locked: Locked: {kib} kB");
        }
    }

    #[test]
    fn the_value_is_dropped_exactly_once() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        struct Counted(Arc<AtomicUsize>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let drops = Arc::new(AtomicUsize::new(0));
        let held = Locked::new(Counted(drops.clone()));
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(held);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn two_keys_never_share_a_page() {
        let a = LockedBytes::<32>::zeroed();
        let b = LockedBytes::<32>::zeroed();
        if a.is_locked() && b.is_locked() {
            let page = region::page::size();
            let pa = a.bytes().as_ptr() as usize / page;
            let pb = b.bytes().as_ptr() as usize / page;
            assert_ne!(pa, pb);
            drop(a);
            // Dropping one key leaves the other's page locked.
            #[cfg(target_os = "linux")]
            assert!(locked_kib_at(b.bytes().as_ptr() as usize).unwrap_or(0) >= 4);
        }
    }
}
