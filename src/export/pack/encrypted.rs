//! Packs encrypted to a lawyer's age key: opening (with an identity file) and encrypting.

use super::*;

// Files and age

/// Checks the pack at `path`: an age-encrypted pack is decrypted on the fly with the X25519 keys in `identity_file`; nothing decrypted touches the disk.
pub fn open_pack_file(path: &Path, identity_file: Option<&Path>) -> Result<PackReport, PackError> {
    open_pack_file_with(path, identity_file, None)
}

/// [`open_pack_file`] of a pack that may be password-protected (see [`verify_pack_with`]).
pub fn open_pack_file_with(
    path: &Path,
    identity_file: Option<&Path>,
    password: Option<&[u8]>,
) -> Result<PackReport, PackError> {
    let open_err = |source| PackError::Open {
        path: path.to_path_buf(),
        source,
    };
    let mut file = open_regular(path).map_err(|e| match e {
        OpenFailure::NotAFile => PackError::NotAFile {
            path: path.to_path_buf(),
        },
        OpenFailure::Io(e) => open_err(e),
    })?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(open_err(e)),
        }
    }
    file.seek(SeekFrom::Start(0)).map_err(open_err)?;
    let head = &head[..n];
    let armored = head.trim_ascii_start().starts_with(AGE_ARMOR_HEADER);
    if !(head.starts_with(AGE_BINARY_HEADER) || armored) {
        return verify_pack_with(BufReader::new(file), password);
    }
    if armored {
        // The main project builds age without its `armor` feature.
        return Err(PackError::Decrypt(
            "it is ASCII-armored age (-----BEGIN AGE ENCRYPTED FILE-----); convert it with `age -d` or ask for the binary .age file"
                .into(),
        ));
    }
    let identity_file = identity_file.ok_or(PackError::NeedIdentity)?;
    let identities = read_identities(identity_file)?;
    let input = BufReader::new(file);
    let decryptor =
        age::Decryptor::new_buffered(input).map_err(|e| decrypt_err(e, identity_file))?;
    if decryptor.is_scrypt() {
        return Err(PackError::Decrypt(
            "it is encrypted with a passphrase, not to a public key; packs are encrypted to the recipient's age key"
                .into(),
        ));
    }
    let reader = decryptor
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| decrypt_err(e, identity_file))?;
    verify_pack(BufReader::with_capacity(CHUNK, reader))
}

pub(super) enum OpenFailure {
    NotAFile,
    Io(io::Error),
}

/// Opens `path` for reading only if it is a regular file. A FIFO would block the open itself
/// until a writer came, so on Unix the open does not wait (`O_NONBLOCK`, which regular files
/// ignore); the type is then checked on the handle, not the name, so a swap in between is
/// caught too.
pub(super) fn open_regular(path: &Path) -> Result<File, OpenFailure> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(OpenFailure::Io)?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(OpenFailure::NotAFile),
        Err(e) => Err(OpenFailure::Io(e)),
    }
}

pub(super) fn decrypt_err(e: age::DecryptError, identity_file: &Path) -> PackError {
    match e {
        age::DecryptError::NoMatchingKeys => PackError::WrongIdentity {
            path: identity_file.to_path_buf(),
        },
        other => PackError::Decrypt(other.to_string()),
    }
}

/// X25519 identities, one `AGE-SECRET-KEY-1…` per line; `#` comments and blank lines ignored.
/// Errors name the line, never its content.
pub(super) fn read_identities(path: &Path) -> Result<Vec<age::x25519::Identity>, PackError> {
    let bad = |reason: String| PackError::BadIdentity {
        path: path.to_path_buf(),
        reason,
    };
    let file = open_regular(path).map_err(|e| match e {
        OpenFailure::NotAFile => bad("it is not a regular file".into()),
        OpenFailure::Io(e) => bad(format!("cannot be read: {e}")),
    })?;
    let mut text = String::new();
    file.take(IDENTITY_FILE_LIMIT)
        .read_to_string(&mut text)
        .map_err(|e| bad(format!("cannot be read as text: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line
            .get(..16)
            .is_some_and(|p| p.eq_ignore_ascii_case("AGE-SECRET-KEY-1"))
        {
            let id = age::x25519::Identity::from_str(line)
                .map_err(|_| bad(format!("line {} is not a valid age secret key", i + 1)))?;
            out.push(id);
        } else if line.starts_with("AGE-PLUGIN-") {
            return Err(bad(format!(
                "line {} is an age plugin identity, which is not supported",
                i + 1
            )));
        } else {
            return Err(bad(format!(
                "line {} is not an age secret key (expected AGE-SECRET-KEY-1…)",
                i + 1
            )));
        }
    }
    if out.is_empty() {
        return Err(bad("it holds no age secret key (AGE-SECRET-KEY-1…)".into()));
    }
    Ok(out)
}

/// An age writer encrypting to `recipient` (`age1…`); call its `finish()` after the pack's.
pub fn encrypt_to<W: Write>(
    recipient: &str,
    w: W,
) -> Result<age::stream::StreamWriter<W>, PackError> {
    let bad = |reason: String| PackError::BadRecipient {
        recipient: recipient.to_string(),
        reason,
    };
    let parsed =
        age::x25519::Recipient::from_str(recipient.trim()).map_err(|e| bad(e.to_string()))?;
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&parsed as &dyn age::Recipient))
            .map_err(|e| bad(e.to_string()))?;
    Ok(encryptor.wrap_output(w)?)
}
