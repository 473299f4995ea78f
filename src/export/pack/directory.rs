//! The zip's central directory read entry by entry, as `unzip` and Windows Explorer see it.
//!
//! The zip crate indexes entries by name and keeps one entry per name, so a forged first copy
//! followed by the genuine one looks like a single, genuine file to it while `unzip` extracts
//! the forgery. This walk keeps every entry, so any two that would land on the same file can be
//! named.

use super::*;

const CENTRAL_HEADER_SIGNATURE: u32 = 0x0201_4b50;
const CENTRAL_HEADER_LEN: usize = 46;

/// The raw names of the central directory's entries in order, at most `max` of them (the
/// `bool` says whether more followed). `start` is where the zip crate found the directory.
pub(super) fn central_names<R: Read + Seek>(
    r: &mut R,
    start: u64,
    max: usize,
) -> io::Result<(Vec<Vec<u8>>, bool)> {
    r.seek(SeekFrom::Start(start))?;
    let mut r = BufReader::new(r);
    let mut names = Vec::new();
    let mut header = [0u8; CENTRAL_HEADER_LEN];
    loop {
        match r.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        if u32::from_le_bytes(header[..4].try_into().expect("4 bytes")) != CENTRAL_HEADER_SIGNATURE
        {
            break;
        }
        if names.len() == max {
            return Ok((names, true));
        }
        let field = |at: usize| u16::from_le_bytes([header[at], header[at + 1]]);
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let mut name = vec![0u8; usize::from(name_len)];
        r.read_exact(&mut name)?;
        io::copy(
            &mut (&mut r).take(u64::from(extra_len) + u64::from(comment_len)),
            &mut io::sink(),
        )?;
        names.push(name);
    }
    Ok((names, false))
}

/// Reports every entry that would be extracted to the same file as an earlier one.
pub(super) fn check_names(names: &[Vec<u8>], problems: &mut Problems) {
    let mut seen: HashMap<String, &[u8]> = HashMap::new();
    for raw in names {
        let name = String::from_utf8_lossy(raw);
        let Some(first) = seen.get(extraction_key(&name).as_str()) else {
            seen.insert(extraction_key(&name), raw);
            continue;
        };
        let first = String::from_utf8_lossy(first);
        let message = if first == name {
            "the zip holds two entries of this name: unzip extracts the first, other tools the last, so what a lawyer opens may not be what was checked".to_string()
        } else {
            format!(
                "this entry and {first:?} are extracted to the same file on Windows or macOS (their names differ only in case, `./`, `\\` or trailing dots)"
            )
        };
        problems.add("duplicate_name", Some(&name), message);
    }
}
