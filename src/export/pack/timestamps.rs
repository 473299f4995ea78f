//! The pack's `timestamps/` folder: each batch's RFC 3161 reply (`<batch>.tsr`), the
//! authority's certificates (`<batch>-tsa.pem`, `<batch>-ca.pem`), each exhibit's inclusion
//! proof (`proofs/E001.json`) and `README.txt` with the OpenSSL command and the Python fold;
//! and their check in `verify-pack`.
//!
//! What `verify-pack` checks: every file the manifest names is present (and, like every
//! file, matches SHA256SUMS); each reply verifies offline (imprint = the batch root, CMS
//! signature, timeStamping certificate, chain) against the CA file in the pack; each proof
//! belongs to a listed exhibit, carries that exhibit's SHA-256, names a listed batch and folds
//! to its root. Trust in the CA file itself cannot come from the pack: the README tells the
//! reader to compare its fingerprint with the one the authority publishes.

use super::received::Bounded;
use super::verify::{Entry, Problems, read_entry};
use super::*;
use crate::export::report::service_name;
use crate::timestamp::{ProofFile, TrustAnchors, token};

pub const TIMESTAMPS_DIR: &str = "timestamps";
pub const TIMESTAMPS_README_PATH: &str = "timestamps/README.txt";
/// At most this many batches are read from a manifest.
pub const MAX_BATCHES: usize = 10_000;

/// What the manifest says about the `timestamps/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManifestTimestamps {
    pub batches: Vec<ManifestBatch>,
    pub proofs: Vec<ManifestProof>,
    pub readme: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManifestBatch {
    pub id: String,
    pub tsa_url: String,
    pub gen_time: String,
    /// The stamped Merkle root, hex: the `-digest` of `openssl ts -verify`.
    pub root: String,
    pub serial: String,
    pub policy: String,
    /// `timestamps/<id>.tsr`.
    pub tsr: String,
    /// The signing certificate (and intermediates), PEM: `-untrusted`.
    pub tsa_certs: String,
    /// The root certificate, PEM: `-CAfile`.
    pub ca: String,
    /// SHA-256 of the root certificate's DER, hex, to compare with the authority's own.
    pub ca_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ManifestProof {
    pub evidence_id: String,
    pub batch_id: String,
    /// `timestamps/proofs/E001.json`.
    pub path: String,
}

/// The manifest part read back from a received pack, bounded.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ReceivedTimestamps {
    pub(super) batches: Bounded<ManifestBatch, MAX_BATCHES>,
    pub(super) proofs: Bounded<ManifestProof, MAX_EXHIBITS>,
    pub(super) readme: Option<String>,
}

/// One file of the folder: path and bytes.
pub type PackFile = (String, Vec<u8>);

/// The folder's files and its manifest part for `report`; `None` when no exhibit is stamped.
pub fn timestamp_files(report: &CaseReport) -> Option<(ManifestTimestamps, Vec<PackFile>)> {
    if report.stamps.is_empty() {
        return None;
    }
    let mut files = Vec::new();
    let mut batches = Vec::new();
    for b in &report.stamp_batches {
        let certs = token::parse_certs(b.certs_pem.as_bytes()).unwrap_or_default();
        let pem = |c: &x509_cert::Certificate| {
            der::EncodePem::to_pem(c, der::pem::LineEnding::LF).unwrap_or_default()
        };
        let (ca, tsa) = match certs.split_last() {
            Some((root, rest)) => (pem(root), rest.iter().map(pem).collect::<String>()),
            None => (String::new(), String::new()),
        };
        let ca_sha256 = certs
            .last()
            .and_then(|c| der::Encode::to_der(c).ok())
            .map(|d| hex::encode(Sha256::digest(d)))
            .unwrap_or_default();
        let m = ManifestBatch {
            id: b.id.clone(),
            tsa_url: b.tsa_url.clone(),
            gen_time: b.gen_time.clone(),
            root: b.root.clone(),
            serial: b.serial.clone(),
            policy: b.policy.clone(),
            tsr: format!("{TIMESTAMPS_DIR}/{}.tsr", b.id),
            tsa_certs: format!("{TIMESTAMPS_DIR}/{}-tsa.pem", b.id),
            ca: format!("{TIMESTAMPS_DIR}/{}-ca.pem", b.id),
            ca_sha256,
        };
        files.push((m.tsr.clone(), b.response.clone()));
        files.push((m.tsa_certs.clone(), tsa.into_bytes()));
        files.push((m.ca.clone(), ca.into_bytes()));
        batches.push(m);
    }
    let mut proofs = Vec::new();
    for (i, e) in report.evidence.iter().enumerate() {
        let Some(stamp) = report.stamps.get(&e.id) else {
            continue;
        };
        let path = format!(
            "{TIMESTAMPS_DIR}/proofs/{}.json",
            crate::export::report::exhibit_label(i + 1)
        );
        let mut proof = stamp.proof.clone();
        proof.batch = Some(format!("{TIMESTAMPS_DIR}/{}.tsr", stamp.batch_id));
        let json = serde_json::to_vec_pretty(&proof).expect("proofs serialise");
        files.push((path.clone(), json));
        proofs.push(ManifestProof {
            evidence_id: e.id.clone(),
            batch_id: stamp.batch_id.clone(),
            path,
        });
    }
    let readme = readme(&batches);
    files.push((TIMESTAMPS_README_PATH.into(), readme.into_bytes()));
    Some((
        ManifestTimestamps {
            batches,
            proofs,
            readme: TIMESTAMPS_README_PATH.into(),
        },
        files,
    ))
}

/// The folder's instructions, Chinese then English, with each batch's exact command.
fn readme(batches: &[ManifestBatch]) -> String {
    let mut commands = String::new();
    for b in batches {
        let (tsr, tsa, ca) = (name(&b.tsr), name(&b.tsa_certs), name(&b.ca));
        commands.push_str(&format!(
            "  # {} — {} — {}\n  openssl ts -verify -digest {} -in {tsr} -CAfile {ca} -untrusted {tsa}\n  # CA SHA-256: {}\n\n",
            b.id,
            service_name(&b.tsa_url),
            b.gen_time,
            b.root,
            b.ca_sha256
        ));
    }
    format!(
        "可信时间戳核验说明（RFC 3161）\n\
         ================================\n\n\
         本目录每个 .tsr 文件是时间戳服务机构对一批证据的“根哈希”签发的回执；proofs 目录中的\n\
         E001.json 等是每件证据的包含证明，可由证据的 SHA-256 逐步算出根哈希。只有 32 字节的根哈希\n\
         曾发送给服务机构。\n\n\
         第一步：用证明算出根哈希（Python 3，把 E001.json 换成要核验的证据）：\n\n{PYTHON}\n\
         输出 True 即表示该证据（其 SHA-256 与 exhibits 目录中的原件一致时）包含在该批中。\n\n\
         第二步：在本目录中用 OpenSSL 核验回执（显示 Verification: OK 即通过）：\n\n{commands}\
         第三步：把 -ca.pem 证书的 SHA-256 指纹（上面每条命令下方列出；也可用\n\
         openssl x509 -in <批次>-ca.pem -outform DER | sha256sum 计算）与服务机构公布的根证书核对。\n\
         包内的证书只是方便核验，是否信任它必须以服务机构公布的为准。\n\
         Windows：安装 Python 与 OpenSSL（例如 Git for Windows 自带 openssl）后命令相同。\n\n\
         Checking the trusted timestamps (RFC 3161)\n\
         ==========================================\n\n\
         Each .tsr file here is a timestamp authority's signed reply for the Merkle root of a batch\n\
         of exhibits; proofs/E001.json etc. are each exhibit's inclusion proof, which leads from the\n\
         exhibit's SHA-256 to that root. Only the 32-byte root was ever sent to the authority.\n\n\
         Step 1: fold a proof into the root (Python 3; use the proof of the exhibit to check):\n\n{PYTHON}\n\
         True means the exhibit (when its SHA-256 matches the original in exhibits/) is in the batch.\n\n\
         Step 2: in this folder, check the reply with OpenSSL (it prints Verification: OK):\n\n{commands}\
         Step 3: compare the SHA-256 fingerprint of the -ca.pem certificate (listed under each command;\n\
         or openssl x509 -in <batch>-ca.pem -outform DER | sha256sum) with the root certificate the\n\
         authority publishes. The certificates in the pack are a convenience: trust comes only from\n\
         the authority's own publication.\n\
         Windows: the same commands work once Python and OpenSSL are installed (Git for Windows\n\
         ships openssl).\n"
    )
}

/// The fold, as printed in the README (and run by the tests).
pub const PYTHON: &str = "  python3 -c \"
import hashlib, json, sys
p = json.load(open(sys.argv[1]))
h = hashlib.sha256(b'\\x00' + bytes.fromhex(p['salt']) + bytes.fromhex(p['sha256'])).digest()
for s in p['path']:
    if 'left' in s: h = hashlib.sha256(b'\\x01' + bytes.fromhex(s['left']) + h).digest()
    else: h = hashlib.sha256(b'\\x01' + h + bytes.fromhex(s['right'])).digest()
print(h.hex() == p['root'], p['root'])
\" proofs/E001.json
";

fn name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The paths of the folder named by a received manifest (for the accounted-files check).
pub(super) fn received_paths(t: &ReceivedTimestamps) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for b in &t.batches.items {
        out.extend([b.tsr.as_str(), b.tsa_certs.as_str(), b.ca.as_str()]);
    }
    out.extend(t.proofs.items.iter().map(|p| p.path.as_str()));
    out.extend(t.readme.as_deref());
    out
}

/// `verify-pack`'s checks of the folder (see the module header).
pub(super) fn check_timestamps<R: Read + Seek>(
    zip: &mut super::verify::PackZip<R>,
    entries: &BTreeMap<String, Entry>,
    t: &ReceivedTimestamps,
    exhibits: &[ManifestExhibit],
    problems: &mut Problems,
) {
    if t.batches.overflow || t.proofs.overflow {
        problems.add(
            "too_large",
            Some(MANIFEST_PATH),
            format!("manifest.json lists more than {MAX_BATCHES} timestamp batches or {MAX_EXHIBITS} proofs"),
        );
        return;
    }
    let mut read = |path: &str, limit: usize, problems: &mut Problems| -> Option<Vec<u8>> {
        match entries.get(path) {
            Some(Entry::Read { .. }) => match read_entry(zip, path, limit as u64, true) {
                Ok(b) => Some(b),
                Err(e) => {
                    problems.add(
                        "timestamp",
                        Some(path),
                        format!("{path} cannot be read: {e}"),
                    );
                    None
                }
            },
            _ => {
                problems.add(
                    "timestamp",
                    Some(path),
                    format!("manifest.json names {path}, but the pack has no readable such file"),
                );
                None
            }
        }
    };
    let mut roots: HashMap<&str, [u8; 32]> = HashMap::new();
    for b in &t.batches.items {
        let Ok(root) = crate::timestamp::merkle::hex32::parse(&b.root) else {
            problems.add(
                "timestamp",
                Some(&b.tsr),
                format!("batch {}: its root {:?} is not 64 hex digits", b.id, b.root),
            );
            continue;
        };
        roots.insert(b.id.as_str(), root);
        let (Some(tsr), Some(tsa), Some(ca)) = (
            read(&b.tsr, token::MAX_RESPONSE_BYTES, problems),
            read(&b.tsa_certs, token::MAX_RESPONSE_BYTES, problems),
            read(&b.ca, token::MAX_RESPONSE_BYTES, problems),
        ) else {
            continue;
        };
        let extra = token::parse_certs(&tsa).unwrap_or_default();
        let anchors = match token::parse_certs(&ca) {
            Ok(c) => TrustAnchors::new(c),
            Err(e) => {
                problems.add("timestamp", Some(&b.ca), format!("{}: {e}", b.ca));
                continue;
            }
        };
        match token::verify_response(&tsr, &root, None, &extra, &anchors) {
            Ok(v) => {
                let same_time = chrono::DateTime::parse_from_rfc3339(&b.gen_time)
                    .is_ok_and(|t| t.timestamp() == v.gen_time.timestamp());
                if !same_time || v.serial != b.serial {
                    problems.add(
                        "timestamp",
                        Some(&b.tsr),
                        format!(
                            "batch {}: manifest.json says genTime {} serial {}, the reply says {} serial {}",
                            b.id,
                            b.gen_time,
                            b.serial,
                            v.gen_time.to_rfc3339(),
                            v.serial
                        ),
                    );
                }
            }
            Err(e) => problems.add(
                "timestamp",
                Some(&b.tsr),
                format!("batch {}: the timestamp reply does not verify: {e}", b.id),
            ),
        }
    }
    let by_id: HashMap<&str, &ManifestExhibit> =
        exhibits.iter().map(|x| (x.id.as_str(), x)).collect();
    for p in &t.proofs.items {
        let Some(bytes) = read(&p.path, crate::timestamp::MAX_PROOF_FILE_BYTES, problems) else {
            continue;
        };
        let proof = match ProofFile::parse(&bytes) {
            Ok(proof) => proof,
            Err(e) => {
                problems.add("timestamp", Some(&p.path), format!("{}: {e}", p.path));
                continue;
            }
        };
        let mut bad =
            |why: String| problems.add("timestamp", Some(&p.path), format!("{}: {why}", p.path));
        match by_id.get(p.evidence_id.as_str()) {
            None => bad(format!(
                "evidence {} is not an exhibit of this pack",
                p.evidence_id
            )),
            Some(x) if x.sha256 != hex::encode(proof.sha256) => bad(format!(
                "the proof is for SHA-256 {}, but exhibit {} has {}",
                hex::encode(proof.sha256),
                x.path,
                x.sha256
            )),
            Some(_) => {}
        }
        match roots.get(p.batch_id.as_str()) {
            None => bad(format!("batch {} is not listed", p.batch_id)),
            Some(root) if *root != proof.root => bad(format!(
                "the proof names another root than batch {}",
                p.batch_id
            )),
            Some(_) => {}
        }
        if let Err(e) = proof.check() {
            bad(e.to_string());
        }
    }
}
