//! Process hardening: a process that holds the vault's keys and decrypted evidence must not
//! write them into a core dump.

/// Turns off core dumps for this process, before any secret is read. Called first by the CLI
/// and the desktop app.
///
/// Linux: `prctl(PR_SET_DUMPABLE, 0)` (also hides the process's memory from other users'
/// `ptrace` and `/proc/<pid>/mem`) and `RLIMIT_CORE = 0`; other Unixes: `RLIMIT_CORE = 0`.
/// Windows writes no core files by default (Windows Error Reporting's local dumps are
/// opt-in), so nothing is done there. Failures are ignored: hardening must not stop the app.
pub fn harden() {
    #[cfg(unix)]
    // SAFETY: setrlimit and prctl take plain integers and a pointer to a local struct; they
    // touch no memory of ours beyond that struct.
    unsafe {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &zero);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Whether core dumps are off for this process (for tests and `casefile verify --json`).
pub fn core_dumps_disabled() -> bool {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into the local struct only.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) } == 0;
        ok && limit.rlim_cur == 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hardening_turns_core_dumps_off() {
        super::harden();
        assert!(super::core_dumps_disabled());
        #[cfg(target_os = "linux")]
        // SAFETY: PR_GET_DUMPABLE takes no pointer.
        unsafe {
            assert_eq!(libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        }
    }
}
