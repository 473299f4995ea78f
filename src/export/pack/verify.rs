//! Checking a pack without a vault: sums, manifest, exhibits and the chain excerpt, each
//! problem named with its file.

use super::*;

// Verifying

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackProblem {
    /// `sums`, `missing_file`, `hash_mismatch`, `unlisted_file`, `damaged`, `unsafe_path`,
    /// `manifest`, `exhibit_mismatch`, `chain`, `exhibit_unchained`.
    pub code: &'static str,
    pub path: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackReport {
    pub ok: bool,
    /// Files listed in SHA256SUMS that were found in the pack and checked, matching or not.
    pub files_checked: usize,
    /// Exhibits the manifest lists.
    pub exhibits: usize,
    pub problems: Vec<PackProblem>,
}

pub(super) enum Entry {
    Read { sha256: String, size: u64 },
    Damaged(String),
}

#[derive(Default)]
pub(super) struct Problems(pub(super) Vec<PackProblem>);

impl Problems {
    pub(super) fn add(
        &mut self,
        code: &'static str,
        path: Option<&str>,
        message: impl Into<String>,
    ) {
        self.0.push(PackProblem {
            code,
            path: path.map(str::to_string),
            message: message.into(),
        });
    }
}

/// Checks a pack read from `r` (see the module header). Errors only when `r` is not a zip.
pub fn verify_pack<R: Read + Seek>(r: R) -> Result<PackReport, PackError> {
    let mut zip = ZipArchive::new(r).map_err(|e| PackError::NotZip(e.to_string()))?;
    let mut problems = Problems::default();
    let entries = hash_entries(&mut zip, &mut problems);

    let listed = check_sums(&mut zip, &entries, &mut problems);
    let files_checked = match &listed {
        Some(listed) => listed.keys().filter(|p| entries.contains_key(*p)).count(),
        None => 0,
    };
    let exhibits = check_manifest(&mut zip, &entries, listed.as_ref(), &mut problems);

    Ok(PackReport {
        ok: problems.0.is_empty(),
        files_checked,
        exhibits,
        problems: problems.0,
    })
}

/// Every file in the zip, hashed by streaming.
pub(super) fn hash_entries<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    problems: &mut Problems,
) -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    let mut buf = vec![0u8; CHUNK];
    for i in 0..zip.len() {
        let name = match zip.name_for_index(i) {
            Some(Ok(name)) => name.into_owned(),
            _ => {
                problems.add(
                    "damaged",
                    None,
                    format!("entry {} of the zip has an unreadable name", i + 1),
                );
                continue;
            }
        };
        if let Some(reason) = unsafe_entry_name(&name) {
            problems.add(
                "unsafe_path",
                Some(&name),
                format!("this name is unsafe to extract: {reason}"),
            );
        }
        let state = match zip.by_index(i) {
            Ok(file) if file.is_dir() => continue,
            Ok(mut file) => hash_reader(&mut file, &mut buf),
            Err(e) => Entry::Damaged(e.to_string()),
        };
        if entries.insert(name.clone(), state).is_some() {
            problems.add(
                "damaged",
                Some(&name),
                "the zip holds two entries of this name",
            );
        }
    }
    entries
}

pub(super) fn hash_reader(r: &mut dyn Read, buf: &mut [u8]) -> Entry {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        match r.read(buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                size += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Entry::Damaged(e.to_string()),
        }
    }
    Entry::Read {
        sha256: hex::encode(hasher.finalize()),
        size,
    }
}

pub(super) fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let file = zip.by_name(name).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    if out.len() as u64 > limit {
        return Err(format!("it is larger than {limit} bytes"));
    }
    Ok(out)
}

/// Checks SHA256SUMS against the zip; returns what it lists (path → hash) when it could be read.
pub(super) fn check_sums<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) -> Option<BTreeMap<String, String>> {
    let sums = Some(SUMS_PATH);
    match entries.get(SUMS_PATH) {
        None => {
            problems.add(
                "sums",
                sums,
                "SHA256SUMS is missing: the files cannot be checked against it",
            );
            report_damaged_entries(entries, problems, |_| true);
            return None;
        }
        Some(Entry::Damaged(why)) => {
            problems.add("damaged", sums, format!("SHA256SUMS cannot be read: {why}"));
            report_damaged_entries(entries, problems, |p| p != SUMS_PATH);
            return None;
        }
        Some(Entry::Read { .. }) => {}
    }
    let bytes = match read_entry(zip, SUMS_PATH, SUMS_READ_LIMIT) {
        Ok(b) => b,
        Err(why) => {
            problems.add("sums", sums, format!("SHA256SUMS cannot be read: {why}"));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        problems.add("sums", sums, "SHA256SUMS is not UTF-8 text");
        return None;
    };
    let mut listed = BTreeMap::new();
    let body = text.strip_suffix('\n').unwrap_or(&text);
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        let Some((sha, path)) = parse_sums_line(line) else {
            problems.add(
                "sums",
                sums,
                format!(
                    "line {n} is not of the form `<64 hex digits>  <path>`: {:?}",
                    line.chars().take(100).collect::<String>()
                ),
            );
            continue;
        };
        if path == SUMS_PATH {
            problems.add("sums", sums, format!("line {n} lists SHA256SUMS itself"));
            continue;
        }
        if listed.insert(path.to_string(), sha).is_some() {
            problems.add("sums", sums, format!("line {n} lists {path} a second time"));
        }
    }
    for (path, sha) in &listed {
        match entries.get(path) {
            None => problems.add(
                "missing_file",
                Some(path),
                "listed in SHA256SUMS but not in the pack (removed or renamed)",
            ),
            Some(Entry::Damaged(why)) => problems.add(
                "hash_mismatch",
                Some(path),
                format!(
                    "its content cannot be read back intact ({why}): it was changed or damaged"
                ),
            ),
            Some(Entry::Read { sha256, .. }) if sha256 != sha => problems.add(
                "hash_mismatch",
                Some(path),
                format!("its SHA-256 is {sha256}, but SHA256SUMS says {sha}: it was changed"),
            ),
            Some(Entry::Read { .. }) => {}
        }
    }
    for (path, entry) in entries {
        if path == SUMS_PATH || listed.contains_key(path) {
            continue;
        }
        problems.add(
            "unlisted_file",
            Some(path),
            "in the pack but not listed in SHA256SUMS (added or renamed)",
        );
        if let Entry::Damaged(why) = entry {
            problems.add("damaged", Some(path), format!("it cannot be read: {why}"));
        }
    }
    Some(listed)
}

pub(super) fn report_damaged_entries(
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
    include: impl Fn(&str) -> bool,
) {
    for (path, entry) in entries {
        if let Entry::Damaged(why) = entry
            && include(path)
        {
            problems.add("damaged", Some(path), format!("it cannot be read: {why}"));
        }
    }
}

/// `<64 hex>  <path>` or `<64 hex> *<path>` (GNU's binary-mode marker).
pub(super) fn parse_sums_line(line: &str) -> Option<(String, &str)> {
    let b = line.as_bytes();
    if b.len() < 67 || b[64] != b' ' || !(b[65] == b' ' || b[65] == b'*') {
        return None;
    }
    let sha = parse_sha(&line[..64])?;
    let path = &line[66..];
    if path.contains('\r') || path.starts_with('\\') {
        return None;
    }
    Some((sha, path))
}

/// Checks manifest.json, its exhibits and its chain excerpt; returns the number of exhibits.
pub(super) fn check_manifest<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) -> usize {
    let here = Some(MANIFEST_PATH);
    match entries.get(MANIFEST_PATH) {
        None => {
            problems.add("manifest", here, "manifest.json is missing");
            return 0;
        }
        Some(Entry::Damaged(why)) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json cannot be read: {why}"),
            );
            return 0;
        }
        Some(Entry::Read { .. }) => {}
    }
    let value: Value = match read_entry(zip, MANIFEST_PATH, MANIFEST_READ_LIMIT)
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("not valid JSON: {e}")))
    {
        Ok(v) => v,
        Err(why) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json cannot be read: {why}"),
            );
            return 0;
        }
    };
    let format = value.get("format").and_then(Value::as_str);
    let version = value.get("version").and_then(Value::as_u64);
    if format != Some(PACK_FORMAT) || version != Some(u64::from(PACK_VERSION)) {
        problems.add(
            "manifest",
            here,
            format!(
                "manifest.json is format {format:?} version {version:?}; this checker reads {PACK_FORMAT:?} version {PACK_VERSION}"
            ),
        );
        return 0;
    }
    let manifest: Manifest = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json does not have the expected fields: {e}"),
            );
            return 0;
        }
    };
    if let Some(pdf) = &manifest.pdf
        && !entries.contains_key(pdf)
    {
        problems.add(
            "manifest",
            Some(pdf),
            "manifest.json names this evidence PDF, but the pack has no such file",
        );
    }
    let by_seq = check_chain(&manifest.chain, problems);
    for ex in &manifest.exhibits {
        check_exhibit(ex, entries, listed, problems);
        check_exhibit_chained(ex, &by_seq, problems);
    }
    manifest.exhibits.len()
}

pub(super) fn check_exhibit(
    ex: &ManifestExhibit,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) {
    let path = Some(ex.path.as_str());
    let label = format!("exhibit E{:03}", ex.number);
    let Some(manifest_sha) = parse_sha(&ex.sha256) else {
        problems.add(
            "exhibit_mismatch",
            path,
            format!(
                "{label}: the manifest's SHA-256 {:?} is not 64 hex digits",
                ex.sha256
            ),
        );
        return;
    };
    match entries.get(&ex.path) {
        None => problems.add(
            "exhibit_mismatch",
            path,
            format!("{label} is in manifest.json but not in the pack"),
        ),
        Some(Entry::Damaged(why)) => problems.add(
            "exhibit_mismatch",
            path,
            format!("{label} cannot be read back intact ({why})"),
        ),
        Some(Entry::Read { sha256, size }) => {
            if *sha256 != manifest_sha || *size != ex.size {
                problems.add(
                    "exhibit_mismatch",
                    path,
                    format!(
                        "{label} is {size} bytes with SHA-256 {sha256}; manifest.json records {} bytes with SHA-256 {manifest_sha}",
                        ex.size
                    ),
                );
            }
        }
    }
    if let Some(listed) = listed {
        match listed.get(&ex.path) {
            None => problems.add(
                "exhibit_mismatch",
                path,
                format!("{label} is not listed in SHA256SUMS"),
            ),
            Some(sha) if *sha != manifest_sha => problems.add(
                "exhibit_mismatch",
                path,
                format!("{label}: SHA256SUMS says {sha}, manifest.json says {manifest_sha}"),
            ),
            Some(_) => {}
        }
    }
}

pub(super) fn check_exhibit_chained(
    ex: &ManifestExhibit,
    by_seq: &HashMap<u64, Value>,
    problems: &mut Problems,
) {
    let path = Some(ex.path.as_str());
    let label = format!("exhibit E{:03}", ex.number);
    let Some(body) = by_seq.get(&ex.chain_seq) else {
        problems.add(
            "exhibit_unchained",
            path,
            format!(
                "{label} points at chain event {}, which the chain excerpt does not hold",
                ex.chain_seq
            ),
        );
        return;
    };
    let data = &body["data"];
    let kind_ok = body.get("kind").and_then(Value::as_str) == Some("evidence_added");
    let sha_ok = data
        .get("sha256")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case(&ex.sha256));
    let size_ok = data.get("size").is_none_or(|s| s.as_u64() == Some(ex.size));
    let id_ok = data
        .get("evidence_id")
        .is_none_or(|s| s.as_str() == Some(ex.id.as_str()));
    if !(kind_ok && sha_ok && size_ok && id_ok) {
        problems.add(
            "exhibit_unchained",
            path,
            format!(
                "{label}: chain event {} is not the evidence_added event of this file (its kind, SHA-256, size or id differs)",
                ex.chain_seq
            ),
        );
    }
}

/// Recomputes every excerpt event; returns the parsed bodies by position.
pub(super) fn check_chain(
    chain: &[ChainExcerptEvent],
    problems: &mut Problems,
) -> HashMap<u64, Value> {
    let here = Some(MANIFEST_PATH);
    let mut bodies = HashMap::new();
    let mut before: Option<&ChainExcerptEvent> = None;
    for ev in chain {
        let seq = ev.seq;
        match parse_sha(&ev.prev_sha256).and_then(|p| hex::decode(p).ok()) {
            Some(prev) => {
                let prev: [u8; 32] = prev.try_into().expect("64 hex digits are 32 bytes");
                let recomputed = hex::encode(crate::chain::event_hash(&prev, &ev.body));
                if parse_sha(&ev.sha256).as_deref() != Some(recomputed.as_str()) {
                    problems.add(
                        "chain",
                        here,
                        format!(
                            "chain event {seq}: SHA-256(prev ‖ body) is {recomputed}, not the recorded {}: the event was altered",
                            ev.sha256
                        ),
                    );
                }
                if seq == 1 && prev != [0u8; 32] {
                    problems.add(
                        "chain",
                        here,
                        "chain event 1 must point at 64 zeros as the hash before it",
                    );
                }
            }
            None => problems.add(
                "chain",
                here,
                format!("chain event {seq}: prev_sha256 is not 64 hex digits"),
            ),
        }
        if let Some(b) = before {
            if seq <= b.seq {
                problems.add(
                    "chain",
                    here,
                    format!(
                        "chain event {seq} follows event {}: out of order or repeated",
                        b.seq
                    ),
                );
            } else if seq == b.seq + 1 && !ev.prev_sha256.eq_ignore_ascii_case(&b.sha256) {
                problems.add(
                    "chain",
                    here,
                    format!(
                        "chain event {seq} does not point at the hash of event {}: the link is broken",
                        b.seq
                    ),
                );
            }
        }
        match serde_json::from_str::<Value>(&ev.body) {
            Ok(body) => {
                if body.get("seq").and_then(Value::as_u64) != Some(seq) {
                    problems.add(
                        "chain",
                        here,
                        format!("chain event {seq}: its body gives a different position"),
                    );
                }
                bodies.insert(seq, body);
            }
            Err(_) => problems.add(
                "chain",
                here,
                format!("chain event {seq}: its body is not valid JSON"),
            ),
        }
        before = Some(ev);
    }
    bodies
}
