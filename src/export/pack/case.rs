//! A case's pack: which entries, in which order — the exhibits streamed from the evidence
//! source, then the manifest, the PDF and the instructions.

use super::*;

/// Why a case's pack could not be written.
#[derive(Debug)]
pub enum CasePackError<E> {
    /// The evidence source failed (a damaged file it noticed, a cancelled job).
    Source(E),
    /// An exhibit's bytes did not match its record while it was packed.
    Damaged { evidence_id: String, reason: String },
    /// Writing the pack failed.
    Pack(PackError),
}

/// The pack's name for the evidence PDF of a case titled `title`.
pub fn pdf_path(title: &str) -> String {
    format!("证据材料_{}.pdf", sanitize_component(title))
}

/// Size of one buffer of plaintext passed from the reading thread to the zipping thread.
pub const PIPE_CHUNK: usize = 1 << 20;
/// Buffers in flight between them: memory stays at a few MiB whatever the exhibit sizes.
const PIPE_DEPTH: usize = 8;

/// Writes the pack of `report` to `w` and returns `w` once the zip is complete; entries are
/// dated and (with a password) encrypted as `options` say.
///
/// The exhibits are opened and read (decrypted) on the calling thread, which also reports
/// progress; a second thread hashes, zips and writes them. They meet at a bounded queue.
///
/// # Errors
/// See [`CasePackError`]; after an error what reached `w` is not a readable zip.
pub fn write_case<W: Write + Send, S: EvidenceSource>(
    w: W,
    report: &CaseReport,
    manifest: &Manifest,
    pdf: &[u8],
    source: &S,
    options: &PackOptions,
) -> Result<W, CasePackError<S::Error>> {
    let ids: HashMap<&str, &str> = manifest
        .exhibits
        .iter()
        .map(|x| (x.path.as_str(), x.id.as_str()))
        .collect();
    let err = |e: PackError| damage(e, &ids);
    let total = report.evidence.len() as u64;
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Piece>(PIPE_DEPTH);
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(PIPE_DEPTH + 2);
    let written = std::thread::scope(|scope| {
        let packer = scope.spawn(move || -> Result<W, PackError> {
            let mut w = PackWriter::with_options(w, options)?;
            let mut queue = Queue {
                full: full_rx,
                empty: empty_tx,
                current: Vec::new(),
                at: 0,
                ended: false,
            };
            for x in &manifest.exhibits {
                queue.ended = false;
                w.add_file(&x.path, &mut queue, &x.sha256, x.size)?;
            }
            let manifest_json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
            let pdf_path = manifest
                .pdf
                .clone()
                .unwrap_or_else(|| pdf_path(&report.case.title));
            let first = manifest.exhibits.first().map(|x| x.path.as_str());
            let zh = verify_txt(crate::domain::Lang::Zh, first);
            let en = verify_txt(crate::domain::Lang::En, first);
            let entries: [(&str, &[u8]); 4] = [
                (MANIFEST_PATH, &manifest_json),
                (&pdf_path, pdf),
                (VERIFY_TXT_ZH_PATH, zh.as_bytes()),
                (VERIFY_TXT_EN_PATH, en.as_bytes()),
            ];
            for (path, bytes) in entries {
                w.add_bytes(path, bytes)?;
            }
            if manifest.timestamps.is_some()
                && let Some((_, files)) = timestamp_files(report)
            {
                for (path, bytes) in &files {
                    w.add_bytes(path, bytes)?;
                }
            }
            w.finish()
        });
        let read = feed(report, source, total, &full_tx, &empty_rx);
        // A closed queue tells the packer that no more is coming (after an error: mid-file).
        drop(full_tx);
        let packed = packer.join().expect("the packing thread does not panic");
        (read, packed)
    });
    match written {
        // The source's own error (a cancelled job, a missing file) is the cause to report.
        (Err(e), _) => Err(CasePackError::Source(e)),
        (Ok(()), Err(e)) => Err(err(e)),
        (Ok(()), Ok(w)) => {
            source
                .progress(total, total)
                .map_err(CasePackError::Source)?;
            Ok(w)
        }
    }
}

/// What the reading thread passes on: plaintext, a read failure, or the end of one exhibit.
enum Piece {
    Data(Vec<u8>),
    Failed(io::Error),
    End,
}

/// Reads every exhibit into the queue. Stops quietly when the packer has stopped (its error
/// is the one reported); returns the source's errors.
fn feed<S: EvidenceSource>(
    report: &CaseReport,
    source: &S,
    total: u64,
    full: &std::sync::mpsc::SyncSender<Piece>,
    empty: &std::sync::mpsc::Receiver<Vec<u8>>,
) -> Result<(), S::Error> {
    for (i, e) in report.evidence.iter().enumerate() {
        source.progress(i as u64, total)?;
        let mut reader = source.open(e)?;
        loop {
            let mut buf = empty
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(PIPE_CHUNK));
            buf.resize(PIPE_CHUNK, 0);
            let piece = match super::writer::fill(&mut reader, &mut buf) {
                Ok(0) => Piece::End,
                Ok(n) => {
                    buf.truncate(n);
                    Piece::Data(buf)
                }
                Err(e) => Piece::Failed(e),
            };
            let last = !matches!(piece, Piece::Data(_));
            if full.send(piece).is_err() {
                return Ok(());
            }
            if last {
                break;
            }
        }
    }
    Ok(())
}

/// The packer's side of the queue: one exhibit at a time as a [`Read`] that ends at its
/// [`Piece::End`] (and keeps reading 0 until `ended` is cleared for the next exhibit).
/// Emptied buffers go back to the reader.
struct Queue {
    full: std::sync::mpsc::Receiver<Piece>,
    empty: std::sync::mpsc::SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    ended: bool,
}

impl Read for Queue {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            if self.ended {
                return Ok(0);
            }
            let spent = std::mem::take(&mut self.current);
            if spent.capacity() > 0 {
                let _ = self.empty.try_send(spent);
            }
            self.at = 0;
            match self.full.recv() {
                Ok(Piece::Data(buf)) => self.current = buf,
                Ok(Piece::End) => {
                    self.ended = true;
                    return Ok(0);
                }
                Ok(Piece::Failed(e)) => return Err(e),
                Err(_) => return Err(io::Error::other("reading the evidence stopped")),
            }
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Damage while reading an exhibit names the evidence item.
fn damage<E>(e: PackError, ids: &HashMap<&str, &str>) -> CasePackError<E> {
    let id = |path: &str| {
        ids.get(path)
            .map_or_else(|| path.to_string(), |id| (*id).to_string())
    };
    match e {
        PackError::Mismatch { path, .. } => CasePackError::Damaged {
            evidence_id: id(&path),
            reason: "its content no longer matches the SHA-256 recorded at intake".into(),
        },
        PackError::Read { path, source } => CasePackError::Damaged {
            evidence_id: id(&path),
            reason: format!("its encrypted file is damaged or truncated ({source})"),
        },
        other => CasePackError::Pack(other),
    }
}
