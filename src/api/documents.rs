//! Writing the two mediation documents (what they say is `export::mediation_docs`). Writing
//! them is an export: the files' SHA-256 go on the chain.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Session;
use super::mediation;
use crate::chain::EventKind;
use crate::domain::Lang;
use crate::export::catalogue::exhibit_title;
use crate::export::document;
use crate::export::mediation_docs::{hardship_statement, repayment_proposal};
use crate::export::report::exhibit_label;
use crate::{Error, Result, db};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WrittenDocument {
    pub path: PathBuf,
    pub title: String,
    pub sha256: String,
    pub size: u64,
    pub pages: usize,
    /// Characters the shipped font lacks (shown as placeholders); empty when all rendered.
    pub missing_chars: Vec<char>,
}

/// Each evidence item of the case as the exhibit it is in the evidence PDF and pack: its
/// E-number (the case's evidence in list order, the list `api::export` hands the evidence PDF)
/// and its title as the 证据目录 gives it (the first line of the user's note, else the kind and
/// a time; never the file name or the vault's id).
pub(crate) fn exhibit_titles(
    session: &Session,
    case_id: &str,
    lang: Lang,
) -> Result<HashMap<String, String>> {
    Ok(db::list_evidence(session.conn(), Some(case_id))?
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let title = format!("{} {}", exhibit_label(i + 1), exhibit_title(&e, lang));
            (e.id, title)
        })
        .collect())
}

/// The evidence ticked for the checklist entries with `code` (all entries when `None`), as
/// exhibits (“E003 工资流水”), each once, in exhibit order.
fn checklist_exhibits(
    session: &Session,
    case_id: &str,
    code: Option<&str>,
    titles: &HashMap<String, String>,
) -> Result<Vec<String>> {
    let checklist = mediation::checklist(session, case_id)?;
    let mut out: Vec<String> = checklist
        .items
        .iter()
        .filter(|i| code.is_none_or(|c| i.item.code.as_str() == c))
        .flat_map(|entry| entry.evidence_ids.iter())
        .filter_map(|id| titles.get(id).cloned())
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// How the mediation documents are written (see [`write_mediation_documents_with`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentOptions {
    pub lang: Lang,
    /// The first instalment's date the user proposes: the schedule is then dated (monthly
    /// on that day). `None`: the instalments are listed without dates.
    pub first_due: Option<chrono::NaiveDate>,
}

/// Writes both documents as PDFs into `out_dir`, in Chinese, refusing to overwrite unless
/// `force`.
pub fn write_mediation_documents(
    session: &mut Session,
    case_id: &str,
    out_dir: &Path,
    force: bool,
) -> Result<Vec<WrittenDocument>> {
    write_mediation_documents_with(session, case_id, out_dir, force, DocumentOptions::default())
}

/// [`write_mediation_documents`] in `options.lang` (the files named in that language:
/// 协商还款申请书.pdf and 困难情况说明.pdf, or repayment-proposal.pdf and
/// hardship-statement.pdf), the schedule dated from `options.first_due` when given.
///
/// # Errors
/// `OutputExists` when a file is there and not `force`; a render or write failure (nothing
/// is left half-written).
pub fn write_mediation_documents_with(
    session: &mut Session,
    case_id: &str,
    out_dir: &Path,
    force: bool,
    options: DocumentOptions,
) -> Result<Vec<WrittenDocument>> {
    let DocumentOptions { lang, first_due } = options;
    let case = super::case::show(session, case_id)?;
    let plan = mediation::chosen_plan(session, case_id)?;
    let titles = exhibit_titles(session, case_id, lang)?;
    let attachments = checklist_exhibits(session, case_id, Some("hardship_proof"), &titles)?;
    let all_exhibits = checklist_exhibits(session, case_id, None, &titles)?;
    // The user's name, ID number and phone, entered once in the settings.
    let me = super::profile::get(session)?;
    let (proposal_file, hardship_file) = match lang {
        Lang::Zh => ("协商还款申请书.pdf", "困难情况说明.pdf"),
        Lang::En => ("repayment-proposal.pdf", "hardship-statement.pdf"),
    };
    let docs = [
        (
            proposal_file,
            repayment_proposal(&case, plan.as_ref(), first_due, &all_exhibits, &me, lang),
        ),
        (
            hardship_file,
            hardship_statement(&case, plan.as_ref(), &attachments, &me, lang),
        ),
    ];
    fs::create_dir_all(out_dir)
        .map_err(|e| Error::io(format!("creating {}", out_dir.display()), e))?;
    let targets: Vec<PathBuf> = docs.iter().map(|(name, _)| out_dir.join(name)).collect();
    if !force && let Some(existing) = targets.iter().find(|p| p.exists()) {
        return Err(Error::OutputExists {
            path: existing.clone(),
        });
    }
    // Render everything first, so a failure leaves no file behind.
    let mut rendered = Vec::new();
    for (_, doc) in &docs {
        let r = document::render(doc).map_err(|e| Error::RenderFailed {
            document: "the mediation document".into(),
            reason: e.to_string(),
        })?;
        rendered.push(r);
    }
    let mut written: Vec<WrittenDocument> = Vec::new();
    for ((path, (_, doc)), r) in targets.iter().zip(&docs).zip(rendered) {
        if let Err(e) = crate::atomic::write(path, &r.bytes, force) {
            for w in &written {
                let _ = fs::remove_file(&w.path);
            }
            return Err(e);
        }
        written.push(WrittenDocument {
            path: path.clone(),
            title: doc.title.clone(),
            sha256: hex::encode(Sha256::digest(&r.bytes)),
            size: r.bytes.len() as u64,
            pages: r.pages,
            missing_chars: r.missing_chars,
        });
    }
    session.change("recording the export", |c| {
        c.event(
            EventKind::ExportMade,
            Some(case_id),
            json!({
                "export": "mediation_documents",
                "files": written.iter().map(|w| json!({
                    "name": w.path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "sha256": w.sha256,
                    "size": w.size,
                })).collect::<Vec<_>>(),
            }),
        )
    })?;
    Ok(written)
}
