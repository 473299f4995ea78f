//! The streaming pack writer: every byte hashed on the way, `SHA256SUMS` written last,
//! spent after the first error so a broken pack is never a readable zip.

use super::*;

// Writing

/// Passes writes through until closed, then swallows them: a writer dropped or failed half way
/// leaves no central directory behind, so its output never passes for a finished pack.
pub(super) struct Gate<W> {
    pub(super) inner: W,
    pub(super) closed: Arc<AtomicBool>,
}

impl<W: Write> Write for Gate<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed.load(Ordering::Relaxed) {
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.inner.flush()
    }
}

/// How a pack's entries are written.
#[derive(Clone, Default)]
pub struct PackOptions {
    /// The date and time every entry carries: the export's, as the user's wall-clock time
    /// (zip times have no zone). `None` writes 1980-01-01 00:00, the zip epoch. A time
    /// outside 1980–2107 (what a zip can hold) is written as the epoch too.
    pub modified: Option<chrono::NaiveDateTime>,
    /// Encrypt every entry with WinZip AES-256 (AE-2) under this password: the zip opens in
    /// 7-Zip, WinRAR, Bandizip and macOS's Archive Utility once the password is typed. The
    /// file names stay readable (zip encrypts contents, not names).
    pub password: Option<secrecy::SecretString>,
}

impl std::fmt::Debug for PackOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackOptions")
            .field("modified", &self.modified)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The zip date of `t` (whole seconds rounded down to even, as zip stores them).
pub(super) fn zip_time(t: Option<chrono::NaiveDateTime>) -> DateTime {
    use chrono::{Datelike, Timelike};
    t.and_then(|t| {
        DateTime::from_date_and_time(
            u16::try_from(t.year()).ok()?,
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second().min(58) as u8,
        )
        .ok()
    })
    .unwrap_or(DateTime::DEFAULT)
}

/// Streams a pack into `W` (see the module header).
pub struct PackWriter<W: Write> {
    zip: Option<ZipWriter<StreamWriter<Gate<W>>>>,
    closed: Arc<AtomicBool>,
    sums: BTreeMap<String, String>,
    names: HashSet<String>,
    buf: Vec<u8>,
    modified: DateTime,
    password: Option<secrecy::SecretString>,
}

impl<W: Write> PackWriter<W> {
    /// A writer with the default [`PackOptions`] (entries dated at the zip epoch, not
    /// encrypted).
    pub fn new(w: W) -> Result<Self, PackError> {
        Self::with_options(w, &PackOptions::default())
    }

    pub fn with_options(w: W, options: &PackOptions) -> Result<Self, PackError> {
        let closed = Arc::new(AtomicBool::new(false));
        let gate = Gate {
            inner: w,
            closed: Arc::clone(&closed),
        };
        Ok(Self {
            zip: Some(ZipWriter::new_stream(gate)),
            closed,
            sums: BTreeMap::new(),
            names: HashSet::new(),
            buf: vec![0u8; CHUNK],
            modified: zip_time(options.modified),
            password: options.password.clone(),
        })
    }

    /// Streams `reader` into the pack as `path`, checking it against the recorded size and
    /// SHA-256 on the way. On [`PackError::Mismatch`] (or any error) the pack is spent.
    pub fn add_file(
        &mut self,
        path: &str,
        reader: &mut dyn Read,
        expected_sha256: &str,
        expected_size: u64,
    ) -> Result<(), PackError> {
        let expected = parse_sha(expected_sha256).ok_or_else(|| PackError::BadExpectedHash {
            path: path.to_string(),
            value: expected_sha256.to_string(),
        })?;
        self.claim(path)?;
        let result = self.stream_entry(path, reader, Some(expected_size), expected_size);
        let (sha, size) = self.spent_on_error(result)?;
        if size != expected_size || sha != expected {
            self.close();
            return Err(PackError::Mismatch {
                path: path.to_string(),
                expected_sha256: expected,
                expected_size,
                actual_sha256: sha,
                actual_size: size,
            });
        }
        self.sums.insert(path.to_string(), sha);
        Ok(())
    }

    /// Adds `bytes` as `path` (the manifest, the PDF, the instructions).
    pub fn add_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<(), PackError> {
        self.claim(path)?;
        let result = self.stream_entry(path, &mut &bytes[..], None, bytes.len() as u64);
        let (sha, _) = self.spent_on_error(result)?;
        self.sums.insert(path.to_string(), sha);
        Ok(())
    }

    /// Writes `SHA256SUMS` and the zip's central directory; returns the output.
    pub fn finish(mut self) -> Result<W, PackError> {
        let mut zip = self.zip.take().ok_or(PackError::Aborted)?;
        let mut sums = String::new();
        for (path, sha) in &self.sums {
            sums.push_str(sha);
            sums.push_str("  ");
            sums.push_str(path);
            sums.push('\n');
        }
        let options = file_options(
            sums.len() as u64,
            true,
            self.modified,
            self.password.as_ref(),
        );
        let written = (|| -> Result<W, PackError> {
            zip.start_file(SUMS_PATH, options).map_err(zip_err)?;
            zip.write_all(sums.as_bytes())?;
            let mut gate = zip.finish().map_err(zip_err)?.into_inner();
            gate.inner.flush()?;
            Ok(gate.inner)
        })();
        if written.is_err() {
            self.close();
        }
        written
    }

    pub(super) fn claim(&mut self, path: &str) -> Result<(), PackError> {
        if self.zip.is_none() {
            return Err(PackError::Aborted);
        }
        if let Some(reason) = path_refusal(path) {
            return Err(PackError::BadPath {
                path: path.to_string(),
                reason,
            });
        }
        if !self.names.insert(path.to_lowercase()) {
            return Err(PackError::Duplicate {
                path: path.to_string(),
            });
        }
        Ok(())
    }

    /// Streams at most `limit + 1` bytes (unbounded without a limit) into a new entry;
    /// returns their SHA-256 and count.
    pub(super) fn stream_entry(
        &mut self,
        path: &str,
        reader: &mut dyn Read,
        limit: Option<u64>,
        size_hint: u64,
    ) -> Result<(String, u64), PackError> {
        let mut reader = reader.take(limit.map_or(u64::MAX, |n| n.saturating_add(1)));
        let read_failed = |source| PackError::Read {
            path: path.to_string(),
            source,
        };
        // The first chunk decides the entry's compression, so it is read before the entry
        // starts (a streaming zip names the method in the local header).
        let probed = fill(&mut reader, &mut self.buf).map_err(read_failed)?;
        let deflate = !is_precompressed(path) && deflate_shrinks(&self.buf[..probed]);
        let options = file_options(size_hint, deflate, self.modified, self.password.as_ref());
        let zip = self.zip.as_mut().ok_or(PackError::Aborted)?;
        zip.start_file(path, options).map_err(zip_err)?;
        let mut hasher = Sha256::new();
        let mut n = probed;
        let mut total = 0u64;
        while n > 0 {
            hasher.update(&self.buf[..n]);
            total += n as u64;
            zip.write_all(&self.buf[..n])?;
            n = loop {
                match reader.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(source) => return Err(read_failed(source)),
                }
            };
        }
        Ok((hex::encode(hasher.finalize()), total))
    }

    pub(super) fn spent_on_error<T>(&mut self, r: Result<T, PackError>) -> Result<T, PackError> {
        if r.is_err() {
            self.close();
        }
        r
    }

    /// Nothing more reaches the output; dropping the zip writer then writes into the void.
    pub(super) fn close(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
        self.zip = None;
    }
}

impl<W: Write> Drop for PackWriter<W> {
    fn drop(&mut self) {
        // Not finished: the output must not end as a readable zip without SHA256SUMS.
        if self.zip.is_some() {
            self.close();
        }
    }
}

/// Options of an entry of `size` bytes (an upper bound is enough), deflated or stored,
/// dated at the zip epoch (the writer sets its own time, see [`PackOptions`]).
pub(super) fn entry_options(size: u64, deflate: bool) -> SimpleFileOptions {
    let base = SimpleFileOptions::DEFAULT
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .large_file(size >= ZIP64_THRESHOLD);
    if deflate {
        base.compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
    } else {
        base.compression_method(CompressionMethod::Stored)
    }
}

/// [`entry_options`] dated `modified` and, with a password, AES-256 encrypted.
fn file_options(
    size: u64,
    deflate: bool,
    modified: DateTime,
    password: Option<&secrecy::SecretString>,
) -> FileOptions<'_, 'static, ()> {
    use secrecy::ExposeSecret;
    let base = entry_options(size, deflate).last_modified_time(modified);
    match password {
        Some(p) => base.with_aes_encryption(zip::AesMode::Aes256, p.expose_secret()),
        None => base,
    }
}

/// Reads until `buf` is full or the reader ends; returns how much was read.
pub(super) fn fill(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Whether deflate (at its fastest level) saves at least 1/16 of `probe`: data that does not
/// shrink in its first chunk (encrypted, already compressed, random) is stored, so a large
/// file of an unknown type costs a copy, not a slow compression that gains nothing. An empty
/// entry counts as compressible (deflated, as text is). The choice depends only on the bytes,
/// so packs stay deterministic.
pub(super) fn deflate_shrinks(probe: &[u8]) -> bool {
    if probe.is_empty() {
        return true;
    }
    let mut enc = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(probe.len()),
        flate2::Compression::fast(),
    );
    let compressed = enc
        .write_all(probe)
        .and_then(|()| enc.finish())
        .map_or(usize::MAX, |v| v.len());
    compressed <= probe.len() - probe.len() / 16
}
