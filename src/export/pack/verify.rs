//! Checking a pack without a vault: sums, manifest, exhibits and the chain excerpt, each
//! problem named with its file.

use std::fmt;

use super::crosscheck::*;
use super::directory::{central_names, check_names};
use super::received::*;
use super::*;

// Verifying

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackProblem {
    /// `sums`, `missing_file`, `hash_mismatch`, `unlisted_file`, `damaged`, `unsafe_path`,
    /// `manifest`, `exhibit_mismatch`, `chain`, `exhibit_unchained`; and, for forged or hostile
    /// packs, `duplicate_name` (two entries extract to one file), `unaccounted_file` (a file the
    /// manifest does not account for), `case_unchained` (the manifest's case differs from the
    /// chain), `exhibit_unlisted` (an evidence item of the chain left out), `manifest_version`
    /// and `too_large` (over a size or count limit).
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

/// Checks a pack read from `r` (see the module header). Errors only when `r` is not a zip,
/// or is a password-protected one ([`PackError::NeedPassword`]).
pub fn verify_pack<R: Read + Seek>(r: R) -> Result<PackReport, PackError> {
    verify_pack_with(r, None)
}

/// A pack's zip, read with its password when it has one (WinZip AES, see
/// [`PackOptions::password`]); otherwise the [`ZipArchive`] itself.
pub(super) struct PackZip<R> {
    zip: ZipArchive<R>,
    password: Option<zeroize::Zeroizing<Vec<u8>>>,
}

impl<R: Read + Seek> PackZip<R> {
    pub(super) fn by_index(
        &mut self,
        i: usize,
    ) -> zip::result::ZipResult<zip::read::ZipFile<'_, R>> {
        match &self.password {
            Some(p) => self.zip.by_index_decrypt(i, p),
            None => self.zip.by_index(i),
        }
    }

    pub(super) fn by_name(
        &mut self,
        name: &str,
    ) -> zip::result::ZipResult<zip::read::ZipFile<'_, R>> {
        match &self.password {
            Some(p) => self.zip.by_name_decrypt(name, p),
            None => self.zip.by_name(name),
        }
    }
}

impl<R> std::ops::Deref for PackZip<R> {
    type Target = ZipArchive<R>;
    fn deref(&self) -> &ZipArchive<R> {
        &self.zip
    }
}

impl<R> std::ops::DerefMut for PackZip<R> {
    fn deref_mut(&mut self) -> &mut ZipArchive<R> {
        &mut self.zip
    }
}

/// [`verify_pack`] of a pack that may be password-protected: `password` opens its entries.
///
/// # Errors
/// [`PackError::NotZip`]; [`PackError::NeedPassword`] when entries are encrypted and no
/// password was given; [`PackError::WrongPassword`] when it does not open them.
pub fn verify_pack_with<R: Read + Seek>(
    r: R,
    password: Option<&[u8]>,
) -> Result<PackReport, PackError> {
    let not_zip = |e: zip::result::ZipError| PackError::NotZip(e.to_string());
    let zip = ZipArchive::new(r).map_err(not_zip)?;
    let mut problems = Problems::default();
    let start = zip.central_directory_start();
    let mut r = zip.into_inner();
    match central_names(&mut r, start, MAX_FILES) {
        Ok((_, true)) => {
            problems.add(
                "too_large",
                None,
                format!("the zip holds more than {MAX_FILES} entries; a pack holds at most {MAX_EXHIBITS} exhibits and a few files of its own"),
            );
            return Ok(finish(problems, 0, 0));
        }
        Ok((names, false)) => check_names(&names, &mut problems),
        Err(e) => problems.add(
            "damaged",
            None,
            format!("the zip's central directory cannot be read entry by entry: {e}"),
        ),
    }
    let mut zip = ZipArchive::new(r).map_err(not_zip)?;
    let first_encrypted =
        (0..zip.len()).find(|&i| zip.by_index_raw(i).is_ok_and(|f| f.encrypted()));
    let password = match (first_encrypted, password) {
        (None, _) => None,
        (Some(_), None) => return Err(PackError::NeedPassword),
        (Some(i), Some(p)) => {
            if let Err(zip::result::ZipError::InvalidPassword) = zip.by_index_decrypt(i, p) {
                return Err(PackError::WrongPassword);
            }
            Some(zeroize::Zeroizing::new(p.to_vec()))
        }
    };
    let mut zip = PackZip { zip, password };
    let entries = hash_entries(&mut zip, &mut problems);

    let listed = check_sums(&mut zip, &entries, &mut problems);
    let files_checked = match &listed {
        Some(listed) => listed.keys().filter(|p| entries.contains_key(*p)).count(),
        None => 0,
    };
    let exhibits = check_manifest(&mut zip, &entries, listed.as_ref(), &mut problems);
    Ok(finish(problems, files_checked, exhibits))
}

fn finish(problems: Problems, files_checked: usize, exhibits: usize) -> PackReport {
    PackReport {
        ok: problems.0.is_empty(),
        files_checked,
        exhibits,
        problems: problems.0,
    }
}

/// Every file in the zip, hashed by streaming; an entry holding more or fewer bytes than its
/// header declares is damaged (and is read no further than one byte past the declaration).
pub(super) fn hash_entries<R: Read + Seek>(
    zip: &mut PackZip<R>,
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
            Ok(file) => {
                let declared = file.size();
                match hash_reader(&mut file.take(declared.saturating_add(1)), &mut buf) {
                    Entry::Read { size, .. } if size != declared => Entry::Damaged(format!(
                        "its header declares {declared} bytes but it holds {}",
                        if size > declared {
                            "more".to_string()
                        } else {
                            size.to_string()
                        }
                    )),
                    state => state,
                }
            }
            Err(e) => Entry::Damaged(e.to_string()),
        };
        entries.insert(name, state);
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

/// Why an entry could not be read into memory.
pub(super) enum ReadFailure {
    /// It declares, or turned out to hold, more than the limit.
    TooLarge {
        limit: u64,
    },
    Failed(String),
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReadFailure::TooLarge { limit } => {
                write!(
                    f,
                    "it is larger than {limit} bytes, more than any pack holds"
                )
            }
            ReadFailure::Failed(why) => f.write_str(why),
        }
    }
}

/// The first `limit` bytes of `name`; with `whole`, the entry must end within them. The
/// declared size is checked before anything is decompressed.
pub(super) fn read_entry<R: Read + Seek>(
    zip: &mut PackZip<R>,
    name: &str,
    limit: u64,
    whole: bool,
) -> Result<Vec<u8>, ReadFailure> {
    let file = zip
        .by_name(name)
        .map_err(|e| ReadFailure::Failed(e.to_string()))?;
    if whole && file.size() > limit {
        return Err(ReadFailure::TooLarge { limit });
    }
    let mut out = Vec::new();
    file.take(if whole { limit + 1 } else { limit })
        .read_to_end(&mut out)
        .map_err(|e| ReadFailure::Failed(e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(ReadFailure::TooLarge { limit });
    }
    Ok(out)
}

/// Checks SHA256SUMS against the zip; returns what it lists (path → hash) when it could be read.
pub(super) fn check_sums<R: Read + Seek>(
    zip: &mut PackZip<R>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) -> Option<BTreeMap<String, String>> {
    let text = read_sums(zip, entries, problems)?;
    let listed = parse_sums(&text, problems)?;
    compare_sums(&listed, entries, problems);
    Some(listed)
}

/// SHA256SUMS as text, or why it cannot be had (reported).
fn read_sums<R: Read + Seek>(
    zip: &mut PackZip<R>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) -> Option<String> {
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
    let bytes = match read_entry(zip, SUMS_PATH, SUMS_READ_LIMIT, true) {
        Ok(b) => b,
        Err(why) => {
            let code = match why {
                ReadFailure::TooLarge { .. } => "too_large",
                ReadFailure::Failed(_) => "sums",
            };
            problems.add(code, sums, format!("SHA256SUMS cannot be read: {why}"));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        problems.add("sums", sums, "SHA256SUMS is not UTF-8 text");
        return None;
    };
    Some(text)
}

/// The lines of SHA256SUMS (path → hash); malformed and repeated lines are reported. `None`
/// when it has more lines than a pack can hold.
fn parse_sums(text: &str, problems: &mut Problems) -> Option<BTreeMap<String, String>> {
    let sums = Some(SUMS_PATH);
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.split('\n').nth(MAX_FILES).is_some() {
        problems.add(
            "too_large",
            sums,
            format!("SHA256SUMS has more than {MAX_FILES} lines, more than any pack holds"),
        );
        return None;
    }
    let mut listed = BTreeMap::new();
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
    Some(listed)
}

/// Every listed file must be in the zip with its hash, and every file in the zip listed.
fn compare_sums(
    listed: &BTreeMap<String, String>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) {
    for (path, sha) in listed {
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
    zip: &mut PackZip<R>,
    entries: &BTreeMap<String, Entry>,
    listed: Option<&BTreeMap<String, String>>,
    problems: &mut Problems,
) -> usize {
    let Some(manifest) = read_manifest(zip, entries, problems) else {
        return 0;
    };
    if let Some(pdf) = &manifest.pdf {
        if !entries.contains_key(pdf) {
            problems.add(
                "manifest",
                Some(pdf),
                "manifest.json names this evidence PDF, but the pack has no such file",
            );
        }
        if pdf.contains(['/', '\\']) || !pdf.to_ascii_lowercase().ends_with(".pdf") {
            problems.add(
                "manifest",
                Some(pdf),
                "manifest.json names an evidence PDF that is not a .pdf at the top of the pack",
            );
        }
    }
    let exhibits = &manifest.exhibits.items;
    let bodies = check_chain(&manifest.chain.items, problems);
    check_exhibit_list(exhibits, problems);
    let on_chain = ChainFacts::gather(&bodies);
    for ex in exhibits {
        check_exhibit(ex, entries, listed, problems);
        check_exhibit_chained(ex, &manifest.case, &bodies, &on_chain, problems);
    }
    check_case(&manifest.case, &bodies, &on_chain, problems);
    check_every_evidence_listed(exhibits, &manifest.case, &bodies, problems);
    if let Some(t) = &manifest.timestamps {
        super::timestamps::check_timestamps(zip, entries, t, exhibits, problems);
    }
    check_accounted(&manifest, entries, listed, problems);
    exhibits.len()
}

/// Whether the manifest is of the format and version this checker reads (if not, reported).
fn is_this_version(format: Option<&str>, version: Option<u64>, problems: &mut Problems) -> bool {
    if format == Some(PACK_FORMAT) && version == Some(u64::from(PACK_VERSION)) {
        return true;
    }
    let newer = format == Some(PACK_FORMAT) && version.is_some_and(|v| v > u64::from(PACK_VERSION));
    problems.add(
        "manifest_version",
        Some(MANIFEST_PATH),
        format!(
            "manifest.json is format {:?} version {}; this checker reads {PACK_FORMAT:?} version {PACK_VERSION}{}",
            format.unwrap_or("(none)"),
            version.map_or_else(|| "(none)".to_string(), |v| v.to_string()),
            if newer { " (the pack was made by a newer CaseFile: check it with that version)" } else { "" }
        ),
    );
    false
}

/// manifest.json read under its limits: the format and version from a prefix first, then the
/// whole file straight into the typed, bounded view. Problems are reported; `None` stops the
/// manifest's checks.
fn read_manifest<R: Read + Seek>(
    zip: &mut PackZip<R>,
    entries: &BTreeMap<String, Entry>,
    problems: &mut Problems,
) -> Option<ReceivedManifest> {
    let here = Some(MANIFEST_PATH);
    let unreadable = |problems: &mut Problems, code, why: &dyn fmt::Display| {
        problems.add(code, here, format!("manifest.json cannot be read: {why}"));
    };
    match entries.get(MANIFEST_PATH) {
        None => {
            problems.add("manifest", here, "manifest.json is missing");
            return None;
        }
        Some(Entry::Damaged(why)) => {
            unreadable(problems, "manifest", why);
            return None;
        }
        Some(Entry::Read { .. }) => {}
    }
    let head = match read_entry(zip, MANIFEST_PATH, MANIFEST_HEAD_LIMIT, false) {
        Ok(head) => head,
        Err(why) => {
            unreadable(problems, "manifest", &why);
            return None;
        }
    };
    // The writer puts `format` and `version` first; a manifest whose keys were reordered
    // (sorted by a JSON tool) is judged on the full parse instead.
    let (format, version) = manifest_head(&head);
    let judged_early = format.is_some() || version.is_some();
    if judged_early && !is_this_version(format.as_deref(), version, problems) {
        return None;
    }
    let bytes = match read_entry(zip, MANIFEST_PATH, MANIFEST_READ_LIMIT, true) {
        Ok(bytes) => bytes,
        Err(why @ ReadFailure::TooLarge { .. }) => {
            unreadable(problems, "too_large", &why);
            return None;
        }
        Err(why) => {
            unreadable(problems, "manifest", &why);
            return None;
        }
    };
    let manifest: ReceivedManifest = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(e) => {
            problems.add(
                "manifest",
                here,
                format!("manifest.json does not have the expected fields: {e}"),
            );
            return None;
        }
    };
    let (format, version) = (manifest.format.as_str(), u64::from(manifest.version));
    if !judged_early && !is_this_version(Some(format), Some(version), problems) {
        return None;
    }
    if manifest.exhibits.overflow || manifest.chain.overflow {
        problems.add(
            "too_large",
            here,
            format!("manifest.json lists more than {MAX_EXHIBITS} exhibits or {MAX_CHAIN_EVENTS} chain events, more than any pack holds"),
        );
        return None;
    }
    Some(manifest)
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

/// Recomputes every excerpt event; returns the parsed bodies by position.
pub(super) fn check_chain(
    chain: &[ChainExcerptEvent],
    problems: &mut Problems,
) -> BTreeMap<u64, EventBody> {
    let here = Some(MANIFEST_PATH);
    let mut bodies = BTreeMap::new();
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
        match serde_json::from_str::<EventBody>(&ev.body) {
            Ok(body) => {
                if body.seq != seq {
                    problems.add(
                        "chain",
                        here,
                        format!("chain event {seq}: its body gives a different position"),
                    );
                }
                bodies.insert(seq, body);
            }
            Err(e) => problems.add(
                "chain",
                here,
                format!("chain event {seq}: its body is not a chain event ({e})"),
            ),
        }
        before = Some(ev);
    }
    bodies
}
