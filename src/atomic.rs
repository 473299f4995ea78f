//! Writing a file so that it appears whole or not at all.
//!
//! The bytes go to a temporary file in the target's own folder (mode 0600, named
//! `.<name>.<random>.casefile-partial`), which is fsynced and then renamed onto the target —
//! without replacing an existing file unless asked (`persist_noclobber`, so there is no window
//! between "check it does not exist" and "rename") — and the folder is fsynced so the rename
//! survives a power cut. Dropping an [`AtomicFile`] before [`AtomicFile::commit`] removes the
//! temporary file. Intake, exports, extracts and the vault header all write through here.
//!
//! A process killed mid-write cannot remove its temporary file. Each writer holds an exclusive
//! lock on its own temporary file while it lives (the system drops the lock when the process
//! dies), and [`AtomicFile::create`] removes the unlocked leftovers of earlier writes to the
//! same target, so the next export or extract to the same place cleans up after a killed one;
//! the vault's own folders are cleaned at every open ([`remove_leftovers`]).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Suffix of every temporary file this module makes; leftovers of a killed process carry it.
pub const PARTIAL_SUFFIX: &str = ".casefile-partial";

/// A file being written; see the module docs.
#[derive(Debug)]
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `target`: creates the temporary file beside it.
    ///
    /// # Errors
    /// [`Error::Io`] (or [`Error::DiskFull`]) when the folder cannot take a new file.
    pub fn create(target: &Path) -> Result<AtomicFile> {
        Self::create_in(&parent_dir(target), target)
    }

    /// Like [`AtomicFile::create`], with the temporary file in `dir`, which must be on the same
    /// file system as `target` (the vault keeps intake's temporaries in its own `tmp/`, which is
    /// cleaned at every open).
    pub fn create_in(dir: &Path, target: &Path) -> Result<AtomicFile> {
        let dir = dir.to_path_buf();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(PARTIAL_SUFFIX)
            .tempfile_in(&dir)
            .map_err(|e| Error::io(format!("creating a file in {}", dir.display()), e))?;
        // Ours is locked before the others are looked at, so two writers never remove each
        // other's file.
        let _ = temp.as_file().try_lock();
        remove_stale(&dir, &name, temp.path());
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The file to write to.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Where the temporary file is (for messages and tests).
    #[allow(dead_code)] // used by tests, and by callers that name the file in a message
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Flushes the data to the disk and renames the file onto its target; `replace` allows an
    /// existing target to be replaced.
    ///
    /// # Errors
    /// [`Error::OutputExists`] when the target exists and `replace` is false (the temporary
    /// file is removed); [`Error::Io`] or [`Error::DiskFull`] when the data cannot be written.
    pub fn commit(mut self, replace: bool) -> Result<()> {
        let action = || format!("writing {}", self.target.display());
        self.temp
            .as_file_mut()
            .flush()
            .and_then(|()| self.temp.as_file().sync_all())
            .map_err(|e| Error::io(action(), e))?;
        let target = self.target.clone();
        let persisted = if replace {
            self.temp.persist(&target)
        } else {
            self.temp.persist_noclobber(&target)
        };
        if let Err(e) = persisted {
            return Err(if e.error.kind() == io::ErrorKind::AlreadyExists {
                Error::OutputExists { path: target }
            } else {
                Error::io(format!("writing {}", target.display()), e.error)
            });
        }
        sync_dir(&parent_dir(&target))
            .map_err(|e| Error::io(format!("writing {}", target.display()), e))
    }
}

/// Writes `bytes` to `path` atomically (see the module docs).
///
/// # Errors
/// As [`AtomicFile::create`] and [`AtomicFile::commit`].
pub fn write(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.file()
        .write_all(bytes)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    f.commit(replace)
}

/// Removes temporary files a killed writer left in `dir` (only this module's own names).
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(PARTIAL_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes `.<name>.*.casefile-partial` files in `dir` other than `ours` whose writer is gone
/// (no process holds their lock): what a killed write of the same target left.
fn remove_stale(dir: &Path, name: &str, ours: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let path = entry.path();
        if !file_name.starts_with(&prefix)
            || !file_name.ends_with(PARTIAL_SUFFIX)
            || file_name.len() <= prefix.len() + PARTIAL_SUFFIX.len()
            || path == ours
            || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let Ok(f) = File::open(&path) else { continue };
        if f.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.pdf");
        write(&out, b"one", false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        let err = write(&out, b"two", false).unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write(&out, b"three", true).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"three");
        // Nothing but the output is left in the folder.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn dropped_file_leaves_nothing_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("b.zip");
        let mut f = AtomicFile::create(&out).unwrap();
        f.file().write_all(b"secret").unwrap();
        let temp = f.temp_path().to_path_buf();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&temp).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        drop(f);
        assert!(!temp.exists() && !out.exists());
    }

    #[test]
    fn a_new_write_removes_what_a_killed_write_of_the_same_target_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("case.zip");
        // A killed writer's file (nobody holds its lock), another target's, and a live one.
        let dead = dir.path().join(".case.zip.AbC123.casefile-partial");
        std::fs::write(&dead, b"plaintext of a killed export").unwrap();
        let other = dir.path().join(".other.zip.AbC123.casefile-partial");
        std::fs::write(&other, b"p").unwrap();
        let mut live = AtomicFile::create(&out).unwrap();
        live.file().write_all(b"being written").unwrap();
        let live_path = live.temp_path().to_path_buf();
        assert!(!dead.exists(), "the dead writer's file is removed");
        assert!(other.exists(), "another target's file is not ours to judge");

        // A second writer of the same target leaves the live one alone.
        let second = AtomicFile::create(&out).unwrap();
        assert!(live_path.exists(), "a live writer's file stays");
        drop(second);
        live.commit(false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"being written");
    }

    #[test]
    fn leftovers_are_removed_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".x.pdf.abc123.casefile-partial"), b"p").unwrap();
        std::fs::write(dir.path().join("keep.pdf"), b"k").unwrap();
        remove_leftovers(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["keep.pdf"]);
    }
}
