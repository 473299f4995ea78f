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

/// Writes the pack of `report` to `w` and returns `w` once the zip is complete.
///
/// # Errors
/// See [`CasePackError`]; after an error what reached `w` is not a readable zip.
pub fn write_case<W: Write, S: EvidenceSource>(
    w: W,
    report: &CaseReport,
    manifest: &Manifest,
    pdf: &[u8],
    source: &S,
) -> Result<W, CasePackError<S::Error>> {
    let ids: HashMap<&str, &str> = manifest
        .exhibits
        .iter()
        .map(|x| (x.path.as_str(), x.id.as_str()))
        .collect();
    let err = |e: PackError| damage(e, &ids);
    let mut w = PackWriter::new(w).map_err(err)?;
    let total = report.evidence.len() as u64;
    for (i, (x, e)) in manifest.exhibits.iter().zip(&report.evidence).enumerate() {
        source
            .progress(i as u64, total)
            .map_err(CasePackError::Source)?;
        let mut reader = source.open(e).map_err(CasePackError::Source)?;
        w.add_file(&x.path, &mut reader, &x.sha256, x.size)
            .map_err(err)?;
    }
    let manifest_json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
    let pdf_path = manifest
        .pdf
        .clone()
        .unwrap_or_else(|| pdf_path(&report.case.title));
    let entries: [(&str, &[u8]); 4] = [
        (MANIFEST_PATH, &manifest_json),
        (&pdf_path, pdf),
        (VERIFY_TXT_ZH_PATH, VERIFY_TXT_ZH.as_bytes()),
        (VERIFY_TXT_EN_PATH, VERIFY_TXT_EN.as_bytes()),
    ];
    for (path, bytes) in entries {
        w.add_bytes(path, bytes).map_err(err)?;
    }
    if manifest.timestamps.is_some()
        && let Some((_, files)) = timestamp_files(report)
    {
        for (path, bytes) in &files {
            w.add_bytes(path, bytes).map_err(err)?;
        }
    }
    source
        .progress(total, total)
        .map_err(CasePackError::Source)?;
    w.finish().map_err(err)
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
