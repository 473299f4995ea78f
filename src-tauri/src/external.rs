//! 用系统播放器打开: handing a recording the webview cannot play (AMR, SILK, an M4A without the
//! GStreamer plugins) to the system's default player.
//!
//! This is the one documented exception to "plaintext never reaches the disk", and the reason
//! is that there is no other way: the system player is another program. It cannot read this
//! process's memory or the `evidence:` protocol, only a file path. So the item is decrypted
//! into a file that exists only as long as it has to:
//!
//! - in a folder of this run, `casefile-open-<pid>-<random>`, created 0700 by this process
//!   (never reused: a folder someone else made first is never written into), the file 0600;
//! - under `$XDG_RUNTIME_DIR` when there is one (on Linux a per-user tmpfs: memory, not the
//!   disk), else the system temp folder;
//! - removed when the vault locks (the lock button, auto-lock, and quitting, which locks), and
//!   at the next start for folders a crash left behind (their process is gone).
//!
//! A player that already opened the file keeps playing after the removal (on Linux and macOS
//! an open file outlives its name).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const PREFIX: &str = "casefile-open-";

/// The private folder of this run and the files decrypted into it.
pub struct Scratch {
    base: PathBuf,
    dir: Mutex<Option<PathBuf>>,
}

impl Scratch {
    pub fn new(base: PathBuf) -> Scratch {
        Scratch {
            base,
            dir: Mutex::new(None),
        }
    }

    /// `$XDG_RUNTIME_DIR` (per user, in memory on Linux), else the system temp folder.
    pub fn default_base() -> PathBuf {
        dirs::runtime_dir()
            .filter(|d| d.is_dir())
            .unwrap_or_else(std::env::temp_dir)
    }

    /// Writes what `plaintext` yields to a new file called `name` (made safe, and given an
    /// extension from `media_type` when it has none) in this run's folder, 0600. Returns its
    /// path. The same name written again replaces the earlier file.
    pub fn write(
        &self,
        name: &str,
        media_type: &str,
        plaintext: &mut impl Read,
    ) -> io::Result<PathBuf> {
        let dir = self.dir()?;
        let path = dir.join(safe_name(name, media_type));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        if let Err(e) = io::copy(plaintext, &mut file).and_then(|_| file.sync_all()) {
            drop(file);
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(path)
    }

    /// Removes this run's folder and everything in it (when the vault locks or the app quits).
    pub fn clear(&self) {
        if let Some(dir) = self.dir.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = fs::remove_dir_all(dir);
        }
    }

    /// Removes the folders of earlier runs whose process is gone (a crash, a killed app).
    /// Returns how many were removed. Where liveness cannot be checked (not Linux), every
    /// other run's folder is removed: a second app open at the same time would lose its file
    /// (its player keeps what it opened).
    pub fn sweep(&self) -> usize {
        let Ok(entries) = fs::read_dir(&self.base) else {
            return 0;
        };
        let me = std::process::id();
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix(PREFIX))
                .and_then(|rest| rest.split('-').next())
                .and_then(|pid| pid.parse::<u32>().ok())
            else {
                continue;
            };
            // A symlink by that name is not ours to follow.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir || pid == me || alive(pid) {
                continue;
            }
            if fs::remove_dir_all(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// This run's folder, created (0700, a fresh name) on first use.
    fn dir(&self) -> io::Result<PathBuf> {
        let mut guard = self.dir.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(dir) = guard.as_ref().filter(|d| d.is_dir()) {
            return Ok(dir.clone());
        }
        fs::create_dir_all(&self.base)?;
        // tempfile makes the folder with a fresh random name atomically (it fails rather than
        // reuse one that exists); created 0700 from the start, not narrowed afterwards.
        let mut builder = tempfile::Builder::new();
        let prefix = format!("{PREFIX}{}-", std::process::id());
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o700));
        }
        let dir = builder.tempdir_in(&self.base)?.keep();
        *guard = Some(dir.clone());
        Ok(dir)
    }

    #[cfg(test)]
    fn current(&self) -> Option<PathBuf> {
        self.dir.lock().unwrap().clone()
    }
}

#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn alive(_pid: u32) -> bool {
    false
}

/// The evidence's original name as a file name: no separators, control characters or leading
/// dots, at most 120 characters, with an extension the system can pick a player by.
fn safe_name(name: &str, media_type: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.');
    let mut out: String = cleaned
        .chars()
        .rev()
        .take(120)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if out.is_empty() {
        out = "recording".into();
    }
    let has_extension = Path::new(&out)
        .extension()
        .is_some_and(|e| !e.is_empty() && e.len() <= 5);
    if !has_extension && let Some(ext) = extension(media_type) {
        out.push('.');
        out.push_str(ext);
    }
    out
}

fn extension(media_type: &str) -> Option<&'static str> {
    Some(match media_type {
        "audio/amr" => "amr",
        "audio/amr-wb" => "awb",
        "audio/silk" => "silk",
        "audio/mp4" => "m4a",
        "video/mp4" => "mp4",
        "audio/mpeg" => "mp3",
        "audio/aac" => "aac",
        "audio/x-wav" | "audio/wav" => "wav",
        "audio/ogg" => "ogg",
        "audio/flac" => "flac",
        "audio/3gpp" | "video/3gpp" => "3gp",
        "video/quicktime" => "mov",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_decrypted_file_is_private_and_gone_after_clear() {
        let base = tempfile::tempdir().unwrap();
        let scratch = Scratch::new(base.path().to_path_buf());
        let path = scratch
            .write("通话录音 138.amr", "audio/amr", &mut &b"#!AMR\n\x3c"[..])
            .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"#!AMR\n\x3c");
        assert_eq!(path.file_name().unwrap(), "通话录音 138.amr");
        let dir = scratch.current().unwrap();
        assert_eq!(path.parent(), Some(dir.as_path()));
        assert!(
            dir.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{PREFIX}{}-", std::process::id()))
        );
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir), 0o700, "the folder is the user's alone");
            assert_eq!(mode(&path), 0o600, "the file is the user's alone");
        }
        // Written again (opened a second time): replaced, same place.
        let again = scratch
            .write("通话录音 138.amr", "audio/amr", &mut &b"#!AMR\n"[..])
            .unwrap();
        assert_eq!(again, path);
        assert_eq!(fs::read(&again).unwrap(), b"#!AMR\n");

        scratch.clear();
        assert!(
            !path.exists() && !dir.exists(),
            "lock removes the plaintext"
        );
        assert_eq!(fs::read_dir(base.path()).unwrap().count(), 0);
        // The next open makes a new folder.
        let next = scratch
            .write("x.m4a", "audio/mp4", &mut &b"m4a"[..])
            .unwrap();
        assert_ne!(next.parent(), Some(dir.as_path()));
        scratch.clear();
    }

    #[test]
    fn the_next_start_sweeps_folders_of_gone_runs_only() {
        let base = tempfile::tempdir().unwrap();
        // A crashed run: a pid that is not running (beyond Linux's pid_max of 2^22).
        let crashed = base.path().join(format!("{PREFIX}4294967295-abc"));
        fs::create_dir(&crashed).unwrap();
        fs::write(crashed.join("left.amr"), b"plaintext").unwrap();
        let unrelated = base.path().join("something-else");
        fs::create_dir(&unrelated).unwrap();

        let scratch = Scratch::new(base.path().to_path_buf());
        let mine = scratch.write("a.amr", "audio/amr", &mut &b"x"[..]).unwrap();
        #[cfg(target_os = "linux")]
        let live = {
            // pid 1 is always running.
            let live = base.path().join(format!("{PREFIX}1-xyz"));
            fs::create_dir(&live).unwrap();
            live
        };

        assert_eq!(scratch.sweep(), 1);
        assert!(!crashed.exists(), "a crashed run's plaintext is removed");
        assert!(unrelated.exists(), "other folders are not touched");
        assert!(mine.exists(), "this run's file stays until lock");
        #[cfg(target_os = "linux")]
        assert!(live.exists(), "a running app's folder stays");
        scratch.clear();
    }

    #[test]
    fn names_are_made_safe_and_keep_a_playable_extension() {
        assert_eq!(
            safe_name("../../etc/passwd", "audio/amr"),
            "_.._etc_passwd.amr"
        );
        assert_eq!(safe_name(".hidden.m4a", "audio/mp4"), "hidden.m4a");
        assert_eq!(safe_name("", "audio/silk"), "recording.silk");
        assert_eq!(safe_name("录音", "application/octet-stream"), "录音");
        assert_eq!(safe_name("a\nb.mp3", "audio/mpeg"), "a_b.mp3");
        let long = format!("{}.m4a", "长".repeat(300));
        let safe = safe_name(&long, "audio/mp4");
        assert_eq!(safe.chars().count(), 120);
        assert!(safe.ends_with(".m4a"));
    }
}
