//! Evidence blobs: one age file (X25519 recipient, 64 KiB STREAM chunks) per evidence item.
//!
//! [`seal`] reads the source once, in a pipeline of four threads joined by bounded queues:
//! the calling thread reads (and keeps the head for sniffing), one thread encrypts, one hashes
//! the plaintext (SHA-256), one writes the ciphertext. Plaintext buffers go read → encrypt →
//! hash → back to the reader; ciphertext batches go encrypt → write. Memory stays at a few MiB
//! whatever the file size, and the stages overlap, so a large file costs about its slowest
//! stage (hashing, or the disk) rather than their sum. The plaintext only ever lives in those
//! buffers (wiped when dropped); what reaches the disk is ciphertext, in the same age format
//! as before (the writer is age's own; only who calls it changed).

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use sha2::{Digest, Sha256};

/// Size of one read from the source.
const CHUNK: usize = 1 << 20;
/// Buffers in flight between reader and writer.
const IN_FLIGHT: usize = 4;
/// How much of the start of the file is kept (in memory only) to detect its type and read EXIF.
pub const HEAD_LEN: usize = 1 << 20;

pub struct Sealed {
    pub sha256: [u8; 32],
    pub size: u64,
    /// The first [`HEAD_LEN`] bytes of plaintext, for content sniffing; dropped by the caller.
    pub head: zeroize::Zeroizing<Vec<u8>>,
}

#[derive(Debug)]
pub enum SealError {
    /// Reading the source failed.
    Read(io::Error),
    /// Encrypting or writing into the vault failed.
    Write(io::Error),
}

/// Plaintext buffer: wiped when dropped.
type Plain = zeroize::Zeroizing<Vec<u8>>;

/// Streams `source` into `dest` encrypted to `recipient`, fsyncs `dest`, and returns the hash and
/// size of the plaintext. `progress` receives the number of plaintext bytes read so far.
pub fn seal(
    source: &mut dyn Read,
    dest: File,
    recipient: &age::x25519::Recipient,
    progress: &mut dyn FnMut(u64),
) -> Result<Sealed, SealError> {
    let (full_tx, full_rx) = sync_channel::<Plain>(IN_FLIGHT);
    let (hash_tx, hash_rx) = sync_channel::<Plain>(IN_FLIGHT);
    let (empty_tx, empty_rx) = sync_channel::<Plain>(2 * IN_FLIGHT + 2);
    let (cipher_tx, cipher_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT);

    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_all(dest, cipher_rx));
        let encrypter = scope.spawn(move || encrypt(recipient, full_rx, hash_tx, cipher_tx));
        let hasher = scope.spawn(move || hash(hash_rx, empty_tx));

        let read_result = read(source, &full_tx, &empty_rx, progress);
        drop(full_tx);
        let encrypted = encrypter
            .join()
            .expect("the encrypting thread does not panic");
        let digest = hasher.join().expect("the hashing thread does not panic");
        let written = writer.join().expect("the writing thread does not panic");
        // A write failure makes the others stop early; report the cause, not the symptom.
        written.map_err(SealError::Write)?;
        encrypted.map_err(SealError::Write)?;
        let (size, head) = read_result?;
        Ok(Sealed {
            sha256: digest,
            size,
            head,
        })
    })
}

/// Reads `source` in [`CHUNK`]s into the queue; returns the size read and the head.
fn read(
    source: &mut dyn Read,
    full_tx: &SyncSender<Plain>,
    empty_rx: &Receiver<Plain>,
    progress: &mut dyn FnMut(u64),
) -> Result<(u64, Plain), SealError> {
    let mut size: u64 = 0;
    let mut head = zeroize::Zeroizing::new(Vec::new());
    loop {
        let mut buf = empty_rx
            .try_recv()
            .unwrap_or_else(|_| zeroize::Zeroizing::new(Vec::with_capacity(CHUNK)));
        buf.resize(CHUNK, 0);
        let mut filled = 0;
        while filled < CHUNK {
            match source.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(SealError::Read(e)),
            }
        }
        buf.truncate(filled);
        if filled == 0 {
            break;
        }
        if head.len() < HEAD_LEN {
            let take = (HEAD_LEN - head.len()).min(filled);
            head.extend_from_slice(&buf[..take]);
        }
        size += filled as u64;
        if full_tx.send(buf).is_err() {
            // The encrypter stopped: its error is reported by the caller.
            break;
        }
        progress(size);
        if filled < CHUNK {
            break;
        }
    }
    Ok((size, head))
}

/// Encrypts each plaintext buffer into ciphertext batches, then passes it on to be hashed.
fn encrypt(
    recipient: &age::x25519::Recipient,
    full_rx: Receiver<Plain>,
    hash_tx: SyncSender<Plain>,
    cipher_tx: SyncSender<Vec<u8>>,
) -> io::Result<()> {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .map_err(io::Error::other)?;
    let mut stream = encryptor.wrap_output(Batches {
        tx: cipher_tx,
        buf: Vec::with_capacity(CHUNK),
    })?;
    for buf in full_rx {
        stream.write_all(&buf)?;
        if hash_tx.send(buf).is_err() {
            return Err(io::Error::other("the hashing thread stopped"));
        }
    }
    stream.finish()?.flush()
}

/// Hashes the plaintext in order; spent buffers go back to the reader (or are wiped).
fn hash(hash_rx: Receiver<Plain>, empty_tx: SyncSender<Plain>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for buf in hash_rx {
        hasher.update(&buf);
        // A full pool drops (and so wipes) the buffer.
        let _ = empty_tx.try_send(buf);
    }
    hasher.finalize().into()
}

/// Writes ciphertext batches to `dest` and fsyncs it.
fn write_all(mut dest: File, cipher_rx: Receiver<Vec<u8>>) -> io::Result<()> {
    for batch in cipher_rx {
        dest.write_all(&batch)?;
    }
    dest.sync_all()
}

/// age's output: ciphertext gathered into [`CHUNK`] batches for the writing thread.
struct Batches {
    tx: SyncSender<Vec<u8>>,
    buf: Vec<u8>,
}

impl Write for Batches {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == CHUNK {
            self.flush()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .send(batch)
            .map_err(|_| io::Error::other("the writing thread stopped"))
    }
}

/// Opens an evidence blob for reading its plaintext.
pub fn open(
    path: &Path,
    identity: &age::x25519::Identity,
) -> Result<age::stream::StreamReader<BufReader<File>>, OpenError> {
    let file = File::open(path).map_err(OpenError::Io)?;
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(CHUNK, file))
        .map_err(OpenError::Decrypt)?;
    decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(OpenError::Decrypt)
}

#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    Decrypt(age::DecryptError),
}

/// Decrypts a blob and returns the SHA-256 and size of its plaintext, without keeping it.
///
/// A large blob is decrypted on a second thread while this one hashes (bounded queue of
/// [`CHUNK`] buffers, wiped when dropped), so the cost is about the slower of the two.
pub fn digest(path: &Path, identity: &age::x25519::Identity) -> Result<([u8; 32], u64), String> {
    let mut reader = match open(path, identity) {
        Ok(r) => r,
        Err(OpenError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
            return Err("the encrypted file is missing".into());
        }
        Err(OpenError::Io(e)) => return Err(format!("the encrypted file cannot be read ({e})")),
        Err(OpenError::Decrypt(e)) => {
            return Err(format!("the encrypted file's header is damaged ({e})"));
        }
    };
    let damaged = |size: u64, e: io::Error| {
        format!("the encrypted file is damaged or truncated after {size} bytes of content ({e})")
    };
    let mut hasher = Sha256::new();
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() > PIPELINE_FROM);
    if !large {
        let mut size = 0u64;
        let mut buf: Plain = zeroize::Zeroizing::new(vec![0u8; CHUNK]);
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                    size += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(damaged(size, e)),
            }
        }
        return Ok((hasher.finalize().into(), size));
    }
    let (full_tx, full_rx) = sync_channel::<io::Result<Plain>>(IN_FLIGHT);
    let (empty_tx, empty_rx) = sync_channel::<Plain>(IN_FLIGHT + 2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            loop {
                let mut buf = empty_rx
                    .try_recv()
                    .unwrap_or_else(|_| zeroize::Zeroizing::new(Vec::with_capacity(CHUNK)));
                buf.resize(CHUNK, 0);
                let mut filled = 0;
                let failed = loop {
                    match reader.read(&mut buf[filled..]) {
                        Ok(0) => break None,
                        Ok(n) => {
                            filled += n;
                            if filled == CHUNK {
                                break None;
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => break Some(e),
                    }
                };
                buf.truncate(filled);
                let end = filled < CHUNK || failed.is_some();
                if filled > 0 && full_tx.send(Ok(buf)).is_err() {
                    return;
                }
                if let Some(e) = failed {
                    let _ = full_tx.send(Err(e));
                }
                if end {
                    return;
                }
            }
        });
        let mut size = 0u64;
        for piece in full_rx {
            let buf = piece.map_err(|e| damaged(size, e))?;
            hasher.update(&buf);
            size += buf.len() as u64;
            let _ = empty_tx.try_send(buf);
        }
        Ok((hasher.finalize().into(), size))
    })
}

/// Blobs larger than this are decrypted and hashed on two threads.
const PIPELINE_FROM: u64 = 4 << 20;

/// Plaintext bytes per age STREAM chunk, and the tag each chunk carries.
const AGE_CHUNK: u64 = 64 * 1024;
const AGE_TAG: u64 = 16;
/// The payload starts with a 16-byte nonce.
const AGE_NONCE: u64 = 16;
/// An X25519 header is about 200 bytes; anything longer than this is not one of ours.
const HEADER_LIMIT: usize = 4096;

/// Checks, without decrypting, that the blob at `path` is as long as an age file (one X25519
/// recipient, 64 KiB chunks) of `size` plaintext bytes must be: its header (up to the `--- `
/// line) + 16-byte nonce + `size` + 16 bytes per chunk (at least one chunk). Reads only the
/// header. Catches a truncated or extended file; a changed byte needs [`digest`].
///
/// # Errors
/// What is wrong, in words for the verify report.
pub fn check_length(path: &Path, size: u64) -> Result<(), String> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err("the encrypted file is missing".into());
        }
        Err(e) => return Err(format!("the encrypted file cannot be read ({e})")),
    };
    let actual = file
        .metadata()
        .map_err(|e| format!("the encrypted file cannot be read ({e})"))?
        .len();
    let mut head = Vec::with_capacity(HEADER_LIMIT);
    (&mut file)
        .take(HEADER_LIMIT as u64)
        .read_to_end(&mut head)
        .map_err(|e| format!("the encrypted file cannot be read ({e})"))?;
    let header_len = age_header_len(&head)
        .ok_or("the encrypted file's header is damaged (no age header found)")?;
    let chunks = size.div_ceil(AGE_CHUNK).max(1);
    let expected = (header_len as u64)
        .checked_add(AGE_NONCE)
        .and_then(|n| n.checked_add(size))
        .and_then(|n| n.checked_add(chunks.checked_mul(AGE_TAG)?))
        .ok_or("the recorded size is impossibly large")?;
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "the encrypted file is {actual} bytes but {expected} are expected for {size} bytes of content: it was truncated or extended"
        ))
    }
}

/// Length of a binary age header: through the newline that ends its `--- ` MAC line.
fn age_header_len(head: &[u8]) -> Option<usize> {
    if !head.starts_with(b"age-encryption.org/v1\n") {
        return None;
    }
    let mac_line = head.windows(5).position(|w| w == b"\n--- ")? + 1;
    let end = head[mac_line..].iter().position(|&b| b == b'\n')?;
    Some(mac_line + end + 1)
}
