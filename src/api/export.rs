//! Exports for a lawyer, a mediator or a court clerk: the evidence PDF and the evidence pack.
//!
//! Both are written beside their destination under a temporary name and renamed only when
//! complete, so a failure (a damaged evidence file, a full disk) leaves nothing behind. Every
//! evidence file is re-hashed while it is read; a mismatch stops the export and names the item.
//! Decrypted content lives in memory only (the pack streams it); each export is a chain event.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Job, JobPhase, Session};
use crate::chain::EventKind;
use crate::domain::debt::PartyRole;
use crate::domain::{Case, Evidence, Money};
use crate::export::document::{self, Attachment, Block, Document, Lang};
use crate::export::pack::{self, ChainExcerptEvent, Manifest, ManifestExhibit, PackWriter};
use crate::{Error, Result, db};

#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Embed the original files in the PDF (default true).
    pub attachments: bool,
    pub lang: Lang,
    /// Progress (evidence items read) and cancellation.
    pub job: Job,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            attachments: true,
            lang: Lang::Zh,
            job: Job::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    pub exhibits: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub encrypted: bool,
}

/// Exhibit number → "E001".
pub fn exhibit_label(n: usize) -> String {
    format!("E{n:03}")
}

/// Picks the Chinese or English form of a label.
#[derive(Debug, Clone, Copy)]
struct Labels {
    en: bool,
}

impl Labels {
    fn s<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.en { en } else { zh }
    }
}

fn yuan(fen: Option<i64>) -> String {
    fen.map(|f| format!("{} 元", Money::from_fen(f)))
        .unwrap_or_else(|| "—".into())
}

fn human_size(size: u64) -> String {
    match size {
        s if s >= 1 << 20 => format!("{:.1} MB", s as f64 / f64::from(1u32 << 20)),
        s if s >= 1 << 10 => format!("{:.1} KB", s as f64 / 1024.0),
        s => format!("{s} B"),
    }
}

/// Reads one evidence item fully into memory, checking its size and SHA-256.
fn read_evidence(session: &Session, e: &Evidence) -> Result<Arc<[u8]>> {
    let damaged = |reason: String| Error::EvidenceDamaged {
        evidence_id: e.id.clone(),
        reason,
    };
    let mut reader = super::evidence::open_plaintext(session, e)?;
    let mut bytes = Vec::with_capacity(usize::try_from(e.size).unwrap_or(0));
    reader.read_to_end(&mut bytes).map_err(|err| {
        damaged(format!(
            "its encrypted file is damaged or truncated ({err})"
        ))
    })?;
    if bytes.len() as u64 != e.size || hex::encode(Sha256::digest(&bytes)) != e.sha256 {
        return Err(damaged(
            "its content no longer matches the SHA-256 recorded at intake".into(),
        ));
    }
    Ok(bytes.into())
}

fn stage_label(case: &Case, l: Labels) -> String {
    case.stage
        .map(|(s, on)| {
            if l.en {
                format!("{} (since {})", s.as_str(), on.format("%Y-%m-%d"))
            } else {
                format!("{}（{} 起）", s.label_zh(), on.format("%Y-%m-%d"))
            }
        })
        .unwrap_or_else(|| "—".into())
}

/// Builds the evidence document for a case (no I/O beyond reading the vault).
fn build_document(
    session: &Session,
    case: &Case,
    evidence: &[Evidence],
    exhibits: &[(Arc<[u8]>, &Evidence)],
    with_attachments: bool,
    lang: Lang,
) -> Result<Document> {
    let l = Labels {
        en: lang == Lang::En,
    };
    let now = session.now();
    let head = db::chain_head(session.conn())?;
    let parties = super::debt::parties(session, &case.id)?;
    let court_numbers: Vec<String> = parties
        .iter()
        .filter(|p| matches!(p.role, PartyRole::Court | PartyRole::Judge))
        .filter_map(|p| p.case_number.clone())
        .collect();
    let d = &case.details;
    let mut blocks = vec![
        Block::Fields(vec![
            (l.s("案件", "Case").into(), case.title.clone()),
            (l.s("出借人", "Lender").into(), case.lender.clone()),
            (l.s("借款平台", "Platform").into(), case.platform.clone().unwrap_or_else(|| "—".into())),
            (l.s("合同编号", "Contract number").into(), d.contract_number.clone().unwrap_or_else(|| "—".into())),
            (l.s("合同本金", "Contract principal").into(), yuan(case.principal.map(Money::fen))),
            (l.s("实际到手金额", "Amount received").into(), yuan(d.received_fen)),
            (
                l.s("对方主张欠款", "Amount claimed").into(),
                yuan(Some(d.claimed.total_fen()).filter(|t| *t > 0)),
            ),
            (l.s("当前阶段", "Current stage").into(), stage_label(case, l)),
            (
                l.s("法院案号", "Court case number").into(),
                if court_numbers.is_empty() { "—".into() } else { court_numbers.join("；") },
            ),
            (l.s("证据数量", "Exhibits").into(), evidence.len().to_string()),
            (l.s("导出时间", "Exported at").into(), now.local().format("%Y-%m-%d %H:%M:%S %:z").to_string()),
            (
                l.s("哈希链头", "Chain head").into(),
                head.map(|(seq, hash)| format!("#{seq} {hash}"))
                    .unwrap_or_else(|| "—".into()),
            ),
        ]),
        Block::Paragraph(l.s(
            "保管说明：每件证据在加入案卷的当时即计算 SHA-256 哈希值并记录加入时间，原件以加密方式（age，X25519）保存在当事人本人的电脑上，从未修改。每一次加入、记录和导出都写入一条只能追加的哈希链：每条事件包含前一条事件的哈希值，任何事后改动都会使链条对不上。本文件中的每个哈希值都可以按最后一页的方法独立核验。",
            "How this evidence was kept: each file was hashed (SHA-256) and its arrival time recorded the moment it was added, and the original is kept encrypted (age, X25519) on the person's own computer, never modified. Every addition, record and export is written to an append-only hash chain in which each event carries the hash of the one before, so any later change breaks the chain. Every hash in this document can be checked independently as described on the last page.",
        ).into()),
        Block::Contents,
        Block::PageBreak,
        Block::Section { title: l.s("一、阶段与期限", "1. Stages and deadlines").into(), level: 1 },
    ];

    let stages = super::timeline::stages(session, &case.id)?;
    blocks.push(Block::Section {
        title: l.s("阶段记录", "Stage history").into(),
        level: 2,
    });
    if stages.is_empty() {
        blocks.push(Block::Paragraph(
            l.s("尚未记录阶段变化。", "No stage changes recorded.")
                .into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                l.s("日期", "Date").into(),
                l.s("阶段", "Stage").into(),
                l.s("说明", "Note").into(),
            ],
            rows: stages
                .iter()
                .map(|s| {
                    vec![
                        s.on.format("%Y-%m-%d").to_string(),
                        s.stage.label_zh().into(),
                        s.note.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            widths: vec![1.2, 1.0, 3.0],
        });
    }
    let deadlines = super::timeline::deadlines(session, Some(&case.id))?;
    blocks.push(Block::Section {
        title: l.s("法定期限", "Legal deadlines").into(),
        level: 2,
    });
    if deadlines.is_empty() {
        blocks.push(Block::Paragraph(
            l.s(
                "尚未记录会引起法定期限的事件。",
                "No events that start a legal deadline have been recorded.",
            )
            .into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                l.s("期限", "Deadline").into(),
                l.s("截止日期", "Due").into(),
                l.s("起算事件", "Counts from").into(),
                l.s("依据", "Basis").into(),
                l.s("状态", "Status").into(),
            ],
            rows: deadlines
                .iter()
                .map(|x| {
                    let dl = &x.deadline;
                    vec![
                        dl.kind.label_zh().into(),
                        dl.due.format("%Y-%m-%d").to_string(),
                        format!(
                            "{} {}",
                            dl.counts_from.kind.label_zh(),
                            dl.counts_from.on.format("%Y-%m-%d")
                        ),
                        dl.basis.clone(),
                        if dl.passed {
                            l.s("已届满", "Passed").into()
                        } else {
                            if l.en {
                                format!("{} days left", dl.days_left)
                            } else {
                                format!("剩余 {} 天", dl.days_left)
                            }
                        },
                    ]
                })
                .collect(),
            widths: vec![1.3, 1.1, 1.6, 2.0, 0.9],
        });
    }

    // Contacts and violations.
    let number_of: std::collections::HashMap<&str, String> = evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), exhibit_label(i + 1)))
        .collect();
    let contacts = super::contacts::list(session, &case.id)?;
    blocks.push(Block::PageBreak);
    blocks.push(Block::Section {
        title: l.s("二、联系记录", "2. Contact log").into(),
        level: 1,
    });
    if contacts.is_empty() {
        blocks.push(Block::Paragraph(
            l.s("尚未记录联系。", "No contacts recorded.").into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                l.s("时间", "Time").into(),
                l.s("方式", "Channel").into(),
                l.s("方向", "Direction").into(),
                l.s("对方", "Who").into(),
                l.s("自称身份", "Claimed role").into(),
                l.s("内容摘要", "Summary").into(),
                l.s("违规标记", "Flags").into(),
                l.s("证据", "Exhibits").into(),
            ],
            rows: contacts
                .iter()
                .map(|c| {
                    let k = &c.contact;
                    let who = [
                        k.person.as_deref(),
                        k.organisation.as_deref(),
                        k.number.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                    let mut summary = k.summary.clone().unwrap_or_default();
                    for q in &k.quotes {
                        summary.push_str(&format!("「{q}」"));
                    }
                    vec![
                        k.at.format("%Y-%m-%d %H:%M").to_string(),
                        k.channel.label_zh().into(),
                        k.direction.label_zh().into(),
                        who,
                        k.claimed_role
                            .map(|r| r.label_zh().to_string())
                            .unwrap_or_default(),
                        summary,
                        c.flags
                            .iter()
                            .map(|f| f.code.label_zh())
                            .collect::<Vec<_>>()
                            .join("、"),
                        k.evidence_ids
                            .iter()
                            .map(|id| {
                                number_of
                                    .get(id.as_str())
                                    .cloned()
                                    .unwrap_or_else(|| id.clone())
                            })
                            .collect::<Vec<_>>()
                            .join(" "),
                    ]
                })
                .collect(),
            widths: vec![1.3, 0.6, 0.6, 1.3, 0.8, 2.4, 1.1, 0.8],
        });
    }
    let violations = super::contacts::violations(session, &case.id)?;
    blocks.push(Block::Section {
        title: l.s("违规催收汇总", "Collection violations").into(),
        level: 2,
    });
    if violations.total == 0 {
        blocks.push(Block::Paragraph(
            l.s(
                "联系记录中未发现违规。",
                "No violations found in the contact log.",
            )
            .into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                l.s("违规类型", "Violation").into(),
                l.s("次数", "Count").into(),
            ],
            rows: violations
                .counts
                .iter()
                .map(|c| vec![c.code.label_zh().to_owned(), c.count.to_string()])
                .collect(),
            widths: vec![3.0, 1.0],
        });
        blocks.push(Block::Table {
            headers: vec![
                l.s("时间", "Time").into(),
                l.s("违规情形", "What happened").into(),
                l.s("依据", "Basis").into(),
                l.s("证据", "Exhibits").into(),
            ],
            rows: violations
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.at.chars().take(16).collect::<String>().replace('T', " "),
                        i.reason_zh.clone(),
                        format!(
                            "{}（{}）",
                            i.basis,
                            if serde_json::to_value(i.basis_kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .as_deref()
                                == Some("law")
                            {
                                "法律"
                            } else {
                                "行业标准"
                            }
                        ),
                        i.evidence_ids
                            .iter()
                            .map(|id| {
                                number_of
                                    .get(id.as_str())
                                    .cloned()
                                    .unwrap_or_else(|| id.clone())
                            })
                            .collect::<Vec<_>>()
                            .join(" "),
                    ]
                })
                .collect(),
            widths: vec![1.2, 3.0, 2.0, 0.8],
        });
        blocks.push(Block::Paragraph(format!(
            "{}{}",
            l.s("投诉渠道：", "Where to complain: "),
            violations
                .channels
                .iter()
                .map(|c| format!("{} {}", c.number, c.line.label_zh()))
                .collect::<Vec<_>>()
                .join("；")
        )));
    }

    // Evidence index.
    blocks.push(Block::PageBreak);
    blocks.push(Block::Section {
        title: l.s("三、证据目录", "3. Evidence index").into(),
        level: 1,
    });
    if evidence.is_empty() {
        blocks.push(Block::Paragraph(
            l.s("本案卷尚无证据。", "This case has no evidence yet.")
                .into(),
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                l.s("编号", "No.").into(),
                l.s("类型", "Kind").into(),
                l.s("原文件名", "Original file name").into(),
                l.s("大小", "Size").into(),
                "SHA-256".into(),
                l.s("加入时间", "Added").into(),
                l.s("文件时间 / 拍摄时间", "File / capture time").into(),
                l.s("备注", "Note").into(),
            ],
            rows: evidence
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    vec![
                        exhibit_label(i + 1),
                        e.kind.label_zh().into(),
                        e.name.clone(),
                        human_size(e.size),
                        e.sha256.clone(),
                        e.added_at.local().format("%Y-%m-%d %H:%M:%S").to_string(),
                        e.exif_taken_at
                            .clone()
                            .map(|t| format!("{} {}", l.s("拍摄", "taken"), t.replace('T', " ")))
                            .or_else(|| {
                                e.source_modified_at.map(|t| {
                                    format!(
                                        "{} {}",
                                        l.s("文件", "file"),
                                        t.local().format("%Y-%m-%d %H:%M")
                                    )
                                })
                            })
                            .unwrap_or_default(),
                        e.note.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            widths: vec![0.6, 0.7, 1.4, 0.7, 2.2, 1.1, 1.1, 1.0],
        });
    }

    // Exhibits.
    if !exhibits.is_empty() {
        blocks.push(Block::PageBreak);
        blocks.push(Block::Section {
            title: l.s("四、证据内容", "4. Exhibits").into(),
            level: 1,
        });
    }
    for (i, (bytes, e)) in exhibits.iter().enumerate() {
        let label = exhibit_label(i + 1);
        if i > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::Section {
            title: format!("{label} {}", e.name),
            level: 2,
        });
        blocks.push(Block::Fields(vec![
            (
                l.s("类型", "Kind").into(),
                format!("{}（{}）", e.kind.label_zh(), e.media_type),
            ),
            (
                l.s("大小", "Size").into(),
                format!("{} ({} bytes)", human_size(e.size), e.size),
            ),
            ("SHA-256".into(), e.sha256.clone()),
            (l.s("加入时间", "Added").into(), e.added_at.to_rfc3339()),
        ]));
        if let Some(note) = &e.note {
            blocks.push(Block::Paragraph(format!(
                "{}{note}",
                l.s("备注：", "Note: ")
            )));
        }
        let top = e.media_type.split('/').next().unwrap_or_default();
        match top {
            "image" => blocks.push(Block::Image {
                bytes: bytes.clone(),
                caption: format!("{label} {}", e.name),
            }),
            "audio" | "video" => {
                let duration = crate::domain::media::duration_seconds(&e.media_type, bytes)
                    .map(|s| format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60))
                    .unwrap_or_else(|| l.s("未能读取（请播放原件）", "not readable (play the original)").into());
                blocks.push(Block::Fields(vec![
                    (l.s("时长", "Duration").into(), duration),
                    (l.s("格式", "Format").into(), e.media_type.clone()),
                ]));
                blocks.push(Block::Paragraph(l.s(
                    "录音录像无法印在纸上。原件作为附件嵌入本文件（或见证据包），可用上述 SHA-256 核验其未被改动。文字记录或要点如下：",
                    "A recording cannot be printed. The original is embedded in this file as an attachment (or is in the evidence pack) and can be checked against the SHA-256 above. The transcript or notes:",
                ).into()));
                blocks.push(Block::Paragraph(
                    e.note
                        .clone()
                        .unwrap_or_else(|| l.s("（当事人未填写文字记录）", "(no transcript written)").into()),
                ));
            }
            _ if e.media_type == "application/pdf" => blocks.push(Block::PdfPages {
                bytes: bytes.clone(),
                caption: format!("{label} {}", e.name),
            }),
            _ => blocks.push(Block::Paragraph(if l.en {
                format!("A file of this type ({}) cannot be shown; the original is attached and in the evidence pack.", e.media_type)
            } else {
                format!("此类文件（{}）无法直接显示，原件见附件或证据包。", e.media_type)
            })),
        }
    }

    // Verification.
    blocks.push(Block::PageBreak);
    blocks.push(Block::Section {
        title: l.s("五、核验方法", "5. How to verify").into(),
        level: 1,
    });
    blocks.push(Block::Paragraph(match (with_attachments, l.en) {
        (true, false) => "每件证据的原件都作为附件嵌入本 PDF（在阅读器的“附件”栏中可见），也可在证据包的 exhibits 目录中找到。把原件保存到电脑后，按下列方法计算其 SHA-256，与证据目录中的值逐字比对；完全一致即说明文件自加入案卷以来未被改动。".into(),
        (true, true) => "Every original is embedded in this PDF as an attachment (see the reader's attachments panel) and is also in the evidence pack's exhibits folder. Save it to a computer, compute its SHA-256 as below and compare it character by character with the evidence index: if they are identical, the file has not changed since it was added.".into(),
        (false, true) => "Every original is in the evidence pack's exhibits folder. Compute its SHA-256 as below and compare it character by character with the evidence index: if they are identical, the file has not changed since it was added.".into(),
        (false, false) => "每件证据的原件在证据包的 exhibits 目录中。按下列方法计算其 SHA-256，与证据目录中的值逐字比对；完全一致即说明文件自加入案卷以来未被改动。".into(),
    }));
    blocks.push(Block::Table {
        headers: vec![l.s("系统", "System").into(), l.s("命令", "Command").into()],
        rows: vec![
            vec![
                l.s("Windows（命令提示符）", "Windows (Command Prompt)")
                    .into(),
                l.s(
                    "certutil -hashfile 文件名 SHA256",
                    "certutil -hashfile FILE SHA256",
                )
                .into(),
            ],
            vec![
                l.s("Windows（PowerShell）", "Windows (PowerShell)").into(),
                l.s(
                    "Get-FileHash -Algorithm SHA256 文件名",
                    "Get-FileHash -Algorithm SHA256 FILE",
                )
                .into(),
            ],
            vec![
                l.s("macOS（终端）", "macOS (Terminal)").into(),
                l.s("shasum -a 256 文件名", "shasum -a 256 FILE").into(),
            ],
            vec![
                l.s("Linux（终端）", "Linux (Terminal)").into(),
                l.s("sha256sum 文件名", "sha256sum FILE").into(),
            ],
        ],
        widths: vec![1.5, 3.0],
    });
    blocks.push(Block::Paragraph(l.s(
        "证据包中的 SHA256SUMS 文件可一次核验全部文件：Linux 用 sha256sum -c SHA256SUMS，macOS 用 shasum -a 256 -c SHA256SUMS。manifest.json 中的哈希链摘录列出本案每条事件的内容和哈希值，任何人都可以按“前一哈希值 + 事件内容”重新计算 SHA-256 进行核对。",
        "The pack's SHA256SUMS file checks every file at once: sha256sum -c SHA256SUMS on Linux, shasum -a 256 -c SHA256SUMS on macOS. manifest.json holds this case's excerpt of the hash chain: anyone can recompute each event's SHA-256 from the previous hash and the event's content.",
    ).into()));
    Ok(Document {
        title: format!("{} · {}", l.s("证据材料", "Evidence"), case.title),
        header: Some(case.title.clone()),
        blocks,
        lang,
    })
}

fn check_output(out: &Path, force: bool) -> Result<()> {
    if !force && fs::symlink_metadata(out).is_ok() {
        return Err(Error::OutputExists {
            path: out.to_path_buf(),
        });
    }
    Ok(())
}

fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!(".{name}.casefile-partial"))
}

fn record_export(session: &mut Session, case_id: &str, data: serde_json::Value) -> Result<()> {
    session
        .change("recording the export", |c| {
            c.event(EventKind::ExportMade, Some(case_id), data)
        })
        .map(drop)
}

/// Renders the case's evidence PDF in memory.
fn render_pdf(
    session: &Session,
    case: &Case,
    with_attachments: bool,
    lang: Lang,
    job: &Job,
) -> Result<(document::Rendered, Vec<Evidence>)> {
    let evidence = db::list_evidence(session.conn(), Some(&case.id))?;
    let mut exhibits = Vec::with_capacity(evidence.len());
    let mut warnings = Vec::new();
    let total = evidence.len() as u64;
    for (i, e) in evidence.iter().enumerate() {
        job.step(JobPhase::Reading, i as u64, total)?;
        // Long recordings are not loaded whole: they cannot be drawn, a multi-GiB attachment
        // has no place in a PDF (the pack carries it), and memory must stay bounded. They are
        // still decrypted and re-hashed as a stream.
        let shown = e.media_type.starts_with("image/") || e.media_type == "application/pdf";
        let bytes = if shown || e.size <= LOAD_LIMIT {
            read_evidence(session, e)?
        } else {
            check_streaming(session, e)?;
            if with_attachments {
                warnings.push(format!(
                    "{} ({}) is larger than {} MiB and is not embedded; give the evidence pack with the PDF",
                    e.id,
                    e.name,
                    LOAD_LIMIT >> 20
                ));
            }
            Arc::from(Vec::new())
        };
        exhibits.push((bytes, e));
    }
    job.step(JobPhase::Rendering, 0, 1)?;
    let doc = build_document(session, case, &evidence, &exhibits, with_attachments, lang)?;
    let attachments: Vec<Attachment> = if with_attachments {
        let mut list: Vec<Attachment> = exhibits
            .iter()
            .enumerate()
            .filter(|(_, (bytes, e))| bytes.len() as u64 == e.size)
            .map(|(i, (bytes, e))| Attachment {
                name: pack::exhibit_path(i + 1, &e.name)
                    .trim_start_matches("exhibits/")
                    .to_string(),
                description: format!("{} {} SHA-256 {}", exhibit_label(i + 1), e.name, e.sha256),
                bytes: bytes.clone(),
                mime: e.media_type.clone(),
            })
            .collect();
        let manifest = manifest(session, case, &evidence, None)?;
        list.push(Attachment {
            name: "manifest.json".into(),
            description: "证据清单与哈希链摘录 / exhibit manifest and chain excerpt".into(),
            bytes: serde_json::to_vec_pretty(&manifest)
                .expect("manifest serialises")
                .into(),
            mime: "application/json".into(),
        });
        list
    } else {
        Vec::new()
    };
    let mut rendered =
        document::render_with_attachments(&doc, &attachments).map_err(|e| Error::RenderFailed {
            document: "the evidence PDF".into(),
            reason: e.to_string(),
        })?;
    rendered.image_problems.extend(warnings);
    job.step(JobPhase::Rendering, 1, 1)?;
    Ok((rendered, evidence))
}

/// Recordings and other files above this size are hashed as a stream, not loaded.
const LOAD_LIMIT: u64 = 256 << 20;

/// Decrypts and re-hashes an item without holding it in memory.
fn check_streaming(session: &Session, e: &Evidence) -> Result<()> {
    let path = session.vault().evidence_path(&e.case_id, &e.id);
    let damaged = |reason: String| Error::EvidenceDamaged {
        evidence_id: e.id.clone(),
        reason,
    };
    let (sha, size) =
        crate::vault::blob::digest(&path, session.vault().identity()).map_err(damaged)?;
    if size != e.size || hex::encode(sha) != e.sha256 {
        return Err(damaged(
            "its content no longer matches the SHA-256 recorded at intake".into(),
        ));
    }
    Ok(())
}

/// `casefile export pdf`.
pub fn evidence_pdf(
    session: &mut Session,
    case_id: &str,
    out: &Path,
    force: bool,
    options: PdfOptions,
) -> Result<Exported> {
    let case = super::case::show(session, case_id)?;
    check_output(out, force)?;
    let (rendered, evidence) = render_pdf(
        session,
        &case,
        options.attachments,
        options.lang,
        &options.job,
    )?;
    let partial = partial_path(out);
    let written = fs::write(&partial, &rendered.bytes)
        .and_then(|()| File::open(&partial)?.sync_all())
        .and_then(|()| {
            check_output(out, force).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, e.to_string())
            })?;
            fs::rename(&partial, out)
        });
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(Error::io(format!("writing {}", out.display()), e));
    }
    let sha256 = hex::encode(Sha256::digest(&rendered.bytes));
    let mut warnings: Vec<String> = rendered.image_problems.clone();
    if !rendered.missing_chars.is_empty() {
        warnings.push(format!(
            "the font lacks these characters, shown as □: {}",
            rendered.missing_chars.iter().collect::<String>()
        ));
    }
    record_export(
        session,
        case_id,
        json!({
            "export": "evidence_pdf",
            "sha256": sha256,
            "size": rendered.bytes.len(),
            "pages": rendered.pages,
            "attachments": options.attachments,
            "exhibits": evidence.iter().map(|e| &e.id).collect::<Vec<_>>(),
        }),
    )?;
    Ok(Exported {
        path: out.to_path_buf(),
        sha256,
        size: rendered.bytes.len() as u64,
        exhibits: evidence.len(),
        pages: Some(rendered.pages),
        warnings,
        encrypted: false,
    })
}

fn manifest(
    session: &Session,
    case: &Case,
    evidence: &[Evidence],
    pdf: Option<String>,
) -> Result<Manifest> {
    let chain = db::events(session.conn(), Some(&case.id))?
        .into_iter()
        .map(|e| ChainExcerptEvent {
            seq: e.seq,
            prev_sha256: e.prev_hash,
            sha256: e.hash,
            body: e.body,
        })
        .collect();
    Ok(Manifest {
        format: pack::PACK_FORMAT.into(),
        version: pack::PACK_VERSION,
        created_at: session.now().to_rfc3339(),
        case: serde_json::to_value(case).expect("case serialises"),
        exhibits: evidence
            .iter()
            .enumerate()
            .map(|(i, e)| ManifestExhibit {
                number: i + 1,
                path: pack::exhibit_path(i + 1, &e.name),
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.as_str().into(),
                size: e.size,
                sha256: e.sha256.clone(),
                added_at: e.added_at.to_rfc3339(),
                chain_seq: e.chain_seq,
            })
            .collect(),
        chain,
        pdf,
    })
}

/// `casefile export pack`: a zip (optionally age-encrypted to `to`) streamed to `out`.
pub fn evidence_pack(
    session: &mut Session,
    case_id: &str,
    out: &Path,
    force: bool,
    to: Option<&str>,
    lang: Lang,
    job: &Job,
) -> Result<Exported> {
    let case = super::case::show(session, case_id)?;
    let out = match to {
        Some(_) if out.extension().is_none_or(|x| x != "age") => {
            let mut name = out.as_os_str().to_owned();
            name.push(".age");
            PathBuf::from(name)
        }
        _ => out.to_path_buf(),
    };
    check_output(&out, force)?;
    // The PDF inside the pack carries no attachments: the originals sit beside it.
    let (rendered, evidence) = render_pdf(session, &case, false, lang, job)?;
    let pdf_path = format!("证据材料_{}.pdf", pack::sanitize_component(&case.title));
    let manifest = manifest(session, &case, &evidence, Some(pdf_path.clone()))?;

    let partial = partial_path(&out);
    let result = (|| -> Result<()> {
        let file = File::create(&partial)
            .map_err(|e| Error::io(format!("creating {}", partial.display()), e))?;
        let sink = BufWriter::with_capacity(1 << 20, file);
        let ids: std::collections::HashMap<&str, &str> = manifest
            .exhibits
            .iter()
            .map(|x| (x.path.as_str(), x.id.as_str()))
            .collect();
        let pack_err = |e: pack::PackError| pack_error(e, &ids);
        let mut file = match to {
            Some(recipient) => {
                let enc = pack::encrypt_to(recipient, sink)
                    .map_err(|e| Error::InvalidInput(e.to_string()))?;
                let mut w = PackWriter::new(enc).map_err(pack_err)?;
                write_entries(
                    session,
                    &mut w,
                    &manifest,
                    &evidence,
                    &pdf_path,
                    &rendered.bytes,
                    &pack_err,
                    job,
                )?;
                let enc = w.finish().map_err(pack_err)?;
                enc.finish()
                    .map_err(|e| Error::io("encrypting the pack", e))?
            }
            None => {
                let mut w = PackWriter::new(sink).map_err(pack_err)?;
                write_entries(
                    session,
                    &mut w,
                    &manifest,
                    &evidence,
                    &pdf_path,
                    &rendered.bytes,
                    &pack_err,
                    job,
                )?;
                w.finish().map_err(pack_err)?
            }
        };
        file.flush().map_err(|e| Error::io("writing the pack", e))?;
        let file = file
            .into_inner()
            .map_err(|e| Error::io("writing the pack", e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io("writing the pack", e))?;
        check_output(&out, force)?;
        fs::rename(&partial, &out).map_err(|e| Error::io(format!("writing {}", out.display()), e))
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    let (sha256, size) = hash_file(&out)?;
    record_export(
        session,
        case_id,
        json!({
            "export": "evidence_pack",
            "sha256": sha256,
            "size": size,
            "encrypted_to": to,
            "exhibits": evidence.iter().map(|e| &e.id).collect::<Vec<_>>(),
        }),
    )?;
    Ok(Exported {
        path: out,
        sha256,
        size,
        exhibits: evidence.len(),
        pages: None,
        warnings: rendered.image_problems.clone(),
        encrypted: to.is_some(),
    })
}

/// Maps a pack error to the core's: damage while reading an exhibit names the evidence item.
fn pack_error(e: pack::PackError, ids: &std::collections::HashMap<&str, &str>) -> Error {
    let damaged = |path: &str, reason: String| Error::EvidenceDamaged {
        evidence_id: ids
            .get(path)
            .map_or_else(|| path.to_string(), |id| (*id).to_string()),
        reason,
    };
    match e {
        pack::PackError::Mismatch { path, .. } => damaged(
            &path,
            "its content no longer matches the SHA-256 recorded at intake".into(),
        ),
        pack::PackError::Read { path, source } => damaged(
            &path,
            format!("its encrypted file is damaged or truncated ({source})"),
        ),
        pack::PackError::Io(io) => Error::io("writing the pack", io),
        other => Error::RenderFailed {
            document: "the evidence pack".into(),
            reason: other.to_string(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn write_entries<W: Write>(
    session: &Session,
    w: &mut PackWriter<W>,
    manifest: &Manifest,
    evidence: &[Evidence],
    pdf_path: &str,
    pdf: &[u8],
    pack_err: &dyn Fn(pack::PackError) -> Error,
    job: &Job,
) -> Result<()> {
    let total = evidence.len() as u64;
    for (i, (x, e)) in manifest.exhibits.iter().zip(evidence).enumerate() {
        job.step(JobPhase::Packing, i as u64, total)?;
        let mut reader = super::evidence::open_plaintext(session, e)?;
        w.add_file(&x.path, &mut reader, &x.sha256, x.size)
            .map_err(pack_err)?;
    }
    let manifest_json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
    w.add_bytes(pack::MANIFEST_PATH, &manifest_json)
        .map_err(pack_err)?;
    w.add_bytes(pdf_path, pdf).map_err(pack_err)?;
    w.add_bytes(pack::VERIFY_TXT_ZH_PATH, pack::VERIFY_TXT_ZH.as_bytes())
        .map_err(pack_err)?;
    w.add_bytes(pack::VERIFY_TXT_EN_PATH, pack::VERIFY_TXT_EN.as_bytes())
        .map_err(pack_err)?;
    job.step(JobPhase::Packing, total, total)
}

fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut f =
        File::open(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((hex::encode(h.finalize()), size))
}

/// `casefile verify-pack`: checks a received pack without any vault.
pub fn verify_pack(path: &Path, identity: Option<&Path>) -> Result<pack::PackReport> {
    if !path.exists() {
        return Err(Error::SourceUnreadable {
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    match pack::open_pack_file(path, identity) {
        Ok(report) => Ok(report),
        // A file that is not a readable pack at all is a failed check, not a usage error.
        Err(
            e
            @ (pack::PackError::NotZip(_) | pack::PackError::Zip(_) | pack::PackError::Decrypt(_)),
        ) => Ok(pack::PackReport {
            ok: false,
            files_checked: 0,
            exhibits: 0,
            problems: vec![pack::PackProblem {
                code: "damaged",
                path: None,
                message: format!("{}: {e}", path.display()),
            }],
        }),
        Err(e) => Err(Error::InvalidInput(e.to_string())),
    }
}
