//! Evidence blobs: one age file (X25519 recipient, 64 KiB STREAM chunks) per evidence item.
//!
//! [`seal`] reads the source once. The calling thread reads and hashes (SHA-256 of the
//! plaintext); a second thread encrypts and writes, so hashing and encryption overlap. Buffers
//! are recycled through a bounded channel: memory stays at a few MiB whatever the file size.
//! The plaintext only ever lives in those buffers; what reaches the disk is ciphertext.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
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

/// Streams `source` into `dest` encrypted to `recipient`, fsyncs `dest`, and returns the hash and
/// size of the plaintext. `progress` receives the number of plaintext bytes read so far.
pub fn seal(
    source: &mut dyn Read,
    dest: File,
    recipient: &age::x25519::Recipient,
    progress: &mut dyn FnMut(u64),
) -> Result<Sealed, SealError> {
    let (full_tx, full_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT);
    let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT + 2);

    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_encrypted(dest, recipient, full_rx, empty_tx));

        let read_result = read_and_hash(source, &full_tx, &empty_rx, progress);
        drop(full_tx);
        let write_result = writer.join().expect("the encrypting thread does not panic");
        match (read_result, write_result) {
            // A write failure makes the reader stop early; report the cause, not the symptom.
            (_, Err(e)) => Err(SealError::Write(e)),
            (Err(e), Ok(())) => Err(e),
            (Ok(sealed), Ok(())) => Ok(sealed),
        }
    })
}

fn read_and_hash(
    source: &mut dyn Read,
    full_tx: &SyncSender<Vec<u8>>,
    empty_rx: &Receiver<Vec<u8>>,
    progress: &mut dyn FnMut(u64),
) -> Result<Sealed, SealError> {
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head = zeroize::Zeroizing::new(Vec::new());
    loop {
        let mut buf = empty_rx
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
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
        hasher.update(&buf);
        if head.len() < HEAD_LEN {
            let take = (HEAD_LEN - head.len()).min(filled);
            head.extend_from_slice(&buf[..take]);
        }
        size += filled as u64;
        if full_tx.send(buf).is_err() {
            // The writer stopped: its error is reported by the caller.
            break;
        }
        progress(size);
        if filled < CHUNK {
            break;
        }
    }
    Ok(Sealed {
        sha256: hasher.finalize().into(),
        size,
        head,
    })
}

fn write_encrypted(
    dest: File,
    recipient: &age::x25519::Recipient,
    full_rx: Receiver<Vec<u8>>,
    empty_tx: SyncSender<Vec<u8>>,
) -> io::Result<()> {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .map_err(io::Error::other)?;
    let mut stream = encryptor.wrap_output(BufWriter::with_capacity(CHUNK, dest))?;
    for mut buf in full_rx {
        stream.write_all(&buf)?;
        // The plaintext buffer goes back for reuse; wipe it first if it will be dropped.
        if let Err(std::sync::mpsc::TrySendError::Full(mut b)) =
            empty_tx.try_send(std::mem::take(&mut buf))
        {
            zeroize::Zeroize::zeroize(&mut b);
        }
    }
    let file = stream.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
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
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf = zeroize::Zeroizing::new(vec![0u8; CHUNK]);
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                size += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(format!(
                    "the encrypted file is damaged or truncated after {size} bytes of content ({e})"
                ));
            }
        }
    }
    Ok((hasher.finalize().into(), size))
}
