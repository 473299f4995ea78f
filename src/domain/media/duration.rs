//! How long a recording plays, measured from a seekable reader over the whole file (its
//! decrypted blob, or bytes in memory), never guessed from a bit rate.
//!
//! | format | how |
//! |---|---|
//! | AMR-NB, AMR-WB | frames counted (20 ms each, size from each frame's type) |
//! | SILK (WeChat) | frames counted (20 ms each, length-prefixed) |
//! | WAV | `data` size over the byte rate; a header never finished (size 0 or all ones, or larger than the file) gives the bytes present, marked estimated |
//! | MP4, M4A, 3GP, 3G2, MOV | `mvhd` duration (all ones = unknown); fragmented files: each track's `mdhd` plus the sum of its `trun` sample durations in every `moof` |
//! | MP3, ADTS (raw AAC) | symphonia's demuxer: every frame counted (Xing/VBRI headers and bit rates are not trusted) |
//! | OGG (Opus, Vorbis, FLAC), FLAC | symphonia: the stream's last granule position / STREAMINFO sample count |
//!
//! Reads move forward only by at least a header each step; boxes read into memory are capped
//! at [`MAX_BOX`]; everything else streams through a small buffer, so memory stays bounded
//! whatever the file size.

use std::io::{BufReader, Read, Seek, SeekFrom};

use serde::Serialize;

/// Largest `moov` or `moof` box read into memory (the sample tables of a many-hour recording
/// are a few MiB).
pub const MAX_BOX: u64 = 64 << 20;

/// A measured playing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Playback {
    /// Milliseconds, rounded down.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub millis: u64,
    /// True when the file does not say how long it is and this is worked out from the bytes
    /// present (a WAV whose recorder was killed before it wrote the sizes).
    pub estimated: bool,
}

impl Playback {
    fn exact(millis: u64) -> Playback {
        Playback {
            millis,
            estimated: false,
        }
    }

    /// Whole seconds, rounded to nearest (what a person reads off a player).
    pub fn rounded_seconds(self) -> u64 {
        self.millis.saturating_add(500) / 1000
    }
}

/// A seekable source of a file's bytes.
pub trait Source: Read + Seek + Send + Sync + 'static {}
impl<T: Read + Seek + Send + Sync + 'static> Source for T {}

/// The playing time of a file of type `media_type` (as [`super::sniff`] names it), read from
/// `source` positioned anywhere; `None` when the format is not a recording, not one measured
/// here, or when the file does not say (an MP4 whose duration is all ones, a damaged stream).
pub fn duration<S: Source>(media_type: &str, source: S) -> Option<Playback> {
    // A panic in a parser (a bug, or a third-party demuxer on a hostile file) must not take
    // the intake or the export down: it is an unknown duration.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| measure(media_type, source)))
        .ok()
        .flatten()
}

/// [`duration`] of bytes in memory.
pub fn duration_of_bytes(media_type: &str, bytes: std::sync::Arc<[u8]>) -> Option<Playback> {
    duration(media_type, std::io::Cursor::new(bytes))
}

fn measure<S: Source>(media_type: &str, source: S) -> Option<Playback> {
    match media_type {
        "audio/amr" => amr(BufReader::new(source), &AMR_NB_SIZES),
        "audio/amr-wb" => amr(BufReader::new(source), &AMR_WB_SIZES),
        "audio/silk" => silk(BufReader::new(source)),
        "audio/x-wav" | "audio/wav" | "audio/wave" | "audio/vnd.wave" => wav(source),
        "audio/3gpp" | "video/3gpp" | "audio/3gpp2" | "video/3gpp2" | "audio/mp4" | "video/mp4"
        | "audio/m4a" | "audio/x-m4a" | "video/quicktime" | "video/x-m4v" => {
            mp4(BufReader::new(source))
        }
        "audio/mpeg" | "audio/mp3" | "audio/aac" | "audio/x-aac" => count_packets(source),
        "audio/ogg" | "audio/opus" | "audio/flac" | "audio/x-flac" => from_stream_info(source),
        _ => None,
    }
}

fn len_of<R: Seek>(r: &mut R) -> Option<u64> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    r.seek(SeekFrom::Start(0)).ok()?;
    Some(len)
}

fn read_exact_at<R: Read + Seek>(r: &mut R, at: u64, buf: &mut [u8]) -> Option<()> {
    r.seek(SeekFrom::Start(at)).ok()?;
    r.read_exact(buf).ok()
}

// ---- AMR and SILK: frame counting ----

/// Bytes per stored frame, header byte included, by frame type (RFC 4867 §5.3, 3GPP TS 26.101
/// and 26.201); 0 = reserved, which no valid file holds.
const AMR_NB_SIZES: [u8; 16] = [13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1];
const AMR_WB_SIZES: [u8; 16] = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 0, 0, 0, 0, 1, 1];

fn amr<R: Read + Seek>(mut r: BufReader<R>, sizes: &[u8; 16]) -> Option<Playback> {
    let mut magic = [0u8; 9];
    r.read_exact(&mut magic[..6]).ok()?;
    if &magic[..6] != b"#!AMR\n" {
        r.read_exact(&mut magic[6..9]).ok()?;
        if &magic != b"#!AMR-WB\n" {
            return None;
        }
    }
    let mut frames = 0u64;
    let mut header = [0u8; 1];
    loop {
        match r.read(&mut header) {
            Ok(0) => break,
            Ok(_) => {}
            Err(_) => return None,
        }
        let size = sizes[usize::from((header[0] >> 3) & 0x0F)];
        if size == 0 {
            return None;
        }
        // A last frame cut short is not counted: it does not play.
        let mut body = [0u8; 64];
        let Ok(()) = r.read_exact(&mut body[..usize::from(size) - 1]) else {
            break;
        };
        frames += 1;
    }
    Some(Playback::exact(frames * 20))
}

/// WeChat/Skype SILK v3: an optional 0x02, `#!SILK_V3`, then frames each prefixed by their
/// length (16-bit little-endian), 20 ms each; a length of 0xFFFF (Skype) ends the stream.
fn silk<R: Read + Seek>(mut r: BufReader<R>) -> Option<Playback> {
    let mut first = [0u8; 1];
    r.read_exact(&mut first).ok()?;
    let mut magic = [0u8; 9];
    if first[0] == 0x02 {
        r.read_exact(&mut magic).ok()?;
    } else {
        magic[0] = first[0];
        r.read_exact(&mut magic[1..]).ok()?;
    }
    if &magic != b"#!SILK_V3" {
        return None;
    }
    let mut frames = 0u64;
    let mut len = [0u8; 2];
    // Ends at the end of the file, or at one stray trailing byte some writers leave.
    while let Ok(()) = r.read_exact(&mut len) {
        let n = u16::from_le_bytes(len);
        if n == 0xFFFF {
            break;
        }
        // A SILK frame holds 20 ms at no more than 40 kbit/s, about 100 bytes: a length past
        // 1 KiB means this is no longer SILK.
        if n == 0 || n > 1024 {
            return None;
        }
        let mut body = [0u8; 1024];
        if r.read_exact(&mut body[..usize::from(n)]).is_err() {
            break;
        }
        frames += 1;
    }
    Some(Playback::exact(frames * 20))
}

// ---- WAV ----

fn wav<S: Read + Seek>(mut r: S) -> Option<Playback> {
    let len = len_of(&mut r)?;
    let mut riff = [0u8; 12];
    r.read_exact(&mut riff).ok()?;
    if !(riff.starts_with(b"RIFF") || riff.starts_with(b"RF64")) || &riff[8..12] != b"WAVE" {
        return None;
    }
    let mut at = 12u64;
    let mut byte_rate = None;
    // Bounded: each step moves at least 8 bytes forward, and a file has a finite length.
    while at.checked_add(8)? <= len {
        let mut h = [0u8; 8];
        read_exact_at(&mut r, at, &mut h)?;
        let size = u64::from(u32::from_le_bytes(h[4..8].try_into().ok()?));
        let body = at + 8;
        if &h[..4] == b"fmt " {
            let mut fmt = [0u8; 16];
            read_exact_at(&mut r, body, &mut fmt)?;
            byte_rate = Some(u64::from(u32::from_le_bytes(fmt[8..12].try_into().ok()?)));
        } else if &h[..4] == b"data" {
            let rate = byte_rate.filter(|r| *r > 0)?;
            let present = len - body;
            // A recorder killed mid-call leaves the sizes it meant to fill in at the end: 0,
            // or all ones (RF64 keeps the real size elsewhere; not read here).
            let unfinished = size == 0 || size == 0xFFFF_FFFF || size > present;
            let bytes = if unfinished { present } else { size };
            return Some(Playback {
                millis: u64::try_from(u128::from(bytes) * 1000 / u128::from(rate)).ok()?,
                estimated: unfinished,
            });
        }
        at = body.checked_add(size)?.checked_add(size & 1)?;
    }
    None
}

// ---- MP4 family ----

/// A box found by [`next_box`]: its type and the file range of its body.
struct BoxAt {
    kind: [u8; 4],
    body: u64,
    end: u64,
}

/// The box starting at `at` in a file of `len` bytes; `None` at the end or on a box that does
/// not fit (its size smaller than its header).
fn next_box<R: Read + Seek>(r: &mut R, at: u64, len: u64) -> Option<BoxAt> {
    let mut h = [0u8; 16];
    if at.checked_add(8)? > len {
        return None;
    }
    read_exact_at(r, at, &mut h[..8])?;
    let mut size = u64::from(u32::from_be_bytes(h[0..4].try_into().ok()?));
    let mut header = 8;
    if size == 1 {
        read_exact_at(r, at + 8, &mut h[8..16])?;
        size = u64::from_be_bytes(h[8..16].try_into().ok()?);
        header = 16;
    } else if size == 0 {
        size = len - at;
    }
    if size < header {
        return None;
    }
    Some(BoxAt {
        kind: h[4..8].try_into().ok()?,
        body: at + header,
        end: at.checked_add(size)?.min(len),
    })
}

fn read_box<R: Read + Seek>(r: &mut R, b: &BoxAt) -> Option<Vec<u8>> {
    let n = b.end.checked_sub(b.body)?;
    if n > MAX_BOX {
        return None;
    }
    let mut v = vec![0u8; usize::try_from(n).ok()?];
    read_exact_at(r, b.body, &mut v)?;
    Some(v)
}

fn be32(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    )))
}
fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// The child boxes of an in-memory box body, as (type, body).
fn children(b: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let size32 = be32(b, at)?;
        let kind: [u8; 4] = b.get(at + 4..at + 8)?.try_into().ok()?;
        let (size, header) = match size32 {
            0 => (b.len() - at, 8),
            1 => (usize::try_from(be64(b, at + 8)?).ok()?, 16),
            n => (usize::try_from(n).ok()?, 8),
        };
        if size < header {
            return None;
        }
        let end = at.checked_add(size)?.min(b.len());
        let body = b.get(at + header..end)?;
        at = end;
        Some((kind, body))
    })
}

fn child<'a>(b: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    children(b).find(|(k, _)| k == kind).map(|(_, body)| body)
}

/// Timescale and duration of an `mvhd` or `mdhd` body; duration `None` when all ones.
fn header_duration(body: &[u8]) -> Option<(u64, Option<u64>)> {
    if *body.first()? == 1 {
        let d = be64(body, 24)?;
        Some((be32(body, 20)?, (d != u64::MAX).then_some(d)))
    } else {
        let d = be32(body, 16)?;
        Some((be32(body, 12)?, (d != u64::from(u32::MAX)).then_some(d)))
    }
}

struct Track {
    id: u64,
    timescale: u64,
    /// Duration of the samples in the `moov` itself (0 for an empty initial movie).
    base: u64,
    default_duration: u64,
    fragments: u64,
}

fn mp4<R: Read + Seek>(mut r: R) -> Option<Playback> {
    let len = len_of(&mut r)?;
    let mut at = 0u64;
    let mut moov = None;
    let mut moofs = Vec::new();
    while let Some(b) = next_box(&mut r, at, len) {
        match &b.kind {
            b"moov" => moov = Some(read_box(&mut r, &b)?),
            b"moof" => moofs.push((b.body, b.end)),
            _ => {}
        }
        if b.end <= at {
            break;
        }
        at = b.end;
    }
    let moov = moov?;
    let (timescale, duration) = header_duration(child(&moov, b"mvhd")?)?;
    // All ones is how a writer says "unknown" (ISO/IEC 14496-12, 8.2.2): never a number.
    let duration = duration?;
    let fragmented = child(&moov, b"mvex").is_some() || !moofs.is_empty();
    if !fragmented {
        if timescale == 0 {
            return None;
        }
        return Some(Playback::exact(duration.checked_mul(1000)? / timescale));
    }
    let mut tracks = fragment_tracks(&moov)?;
    for (body, end) in moofs {
        let moof = read_box(
            &mut r,
            &BoxAt {
                kind: *b"moof",
                body,
                end,
            },
        )?;
        add_fragment(&moof, &mut tracks)?;
    }
    tracks
        .iter()
        .filter(|t| t.timescale > 0)
        .map(|t| {
            t.base
                .checked_add(t.fragments)
                .map(|d| d.saturating_mul(1000) / t.timescale)
        })
        .collect::<Option<Vec<u64>>>()?
        .into_iter()
        .max()
        .map(Playback::exact)
}

/// Each track's id, timescale, duration inside the `moov`, and default sample duration.
fn fragment_tracks(moov: &[u8]) -> Option<Vec<Track>> {
    let mut tracks = Vec::new();
    for (kind, trak) in children(moov) {
        if &kind != b"trak" {
            continue;
        }
        let tkhd = child(trak, b"tkhd")?;
        let id = if *tkhd.first()? == 1 {
            be32(tkhd, 20)?
        } else {
            be32(tkhd, 12)?
        };
        let (timescale, base) = header_duration(child(child(trak, b"mdia")?, b"mdhd")?)?;
        tracks.push(Track {
            id,
            timescale,
            base: base?,
            default_duration: 0,
            fragments: 0,
        });
    }
    if let Some(mvex) = child(moov, b"mvex") {
        for (kind, trex) in children(mvex) {
            if &kind == b"trex"
                && let Some(t) = tracks.iter_mut().find(|t| Some(t.id) == be32(trex, 4))
            {
                t.default_duration = be32(trex, 12)?;
            }
        }
    }
    (!tracks.is_empty()).then_some(tracks)
}

/// Adds the sample durations of one `moof` (ISO/IEC 14496-12, 8.8.7 `tfhd`, 8.8.8 `trun`).
fn add_fragment(moof: &[u8], tracks: &mut [Track]) -> Option<()> {
    for (kind, traf) in children(moof) {
        if &kind != b"traf" {
            continue;
        }
        let tfhd = child(traf, b"tfhd")?;
        let flags = be32(tfhd, 0)? & 0x00FF_FFFF;
        let id = be32(tfhd, 4)?;
        let track = tracks.iter_mut().find(|t| t.id == id)?;
        let mut at = 8usize;
        if flags & 0x01 != 0 {
            at += 8; // base data offset
        }
        if flags & 0x02 != 0 {
            at += 4; // sample description index
        }
        let default = if flags & 0x08 != 0 {
            be32(tfhd, at)?
        } else {
            track.default_duration
        };
        for (kind, trun) in children(traf) {
            if &kind != b"trun" {
                continue;
            }
            let flags = be32(trun, 0)? & 0x00FF_FFFF;
            let count = be32(trun, 4)?;
            let mut at = 8usize;
            if flags & 0x001 != 0 {
                at += 4; // data offset
            }
            if flags & 0x004 != 0 {
                at += 4; // first sample flags
            }
            let per_sample = [0x100u64, 0x200, 0x400, 0x800]
                .iter()
                .filter(|f| flags & **f != 0)
                .count()
                * 4;
            let sum = if flags & 0x100 == 0 {
                count.checked_mul(default)?
            } else {
                // Every entry must be in the box: bounds the loop by the bytes read.
                let entries = usize::try_from(count).ok()?;
                if entries.checked_mul(per_sample)? > trun.len().saturating_sub(at) {
                    return None;
                }
                (0..entries).try_fold(0u64, |acc, i| {
                    acc.checked_add(be32(trun, at + i * per_sample)?)
                })?
            };
            track.fragments = track.fragments.checked_add(sum)?;
        }
    }
    Some(())
}

// ---- symphonia: MP3, ADTS, OGG, FLAC ----

struct MediaSource<S>(S, Option<u64>);

impl<S: Read> Read for MediaSource<S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}
impl<S: Seek> Seek for MediaSource<S> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}
impl<S: Source> symphonia::core::io::MediaSource for MediaSource<S> {
    fn is_seekable(&self) -> bool {
        true
    }
    fn byte_len(&self) -> Option<u64> {
        self.1
    }
}

fn open_reader<S: Source>(
    mut source: S,
) -> Option<Box<dyn symphonia::core::formats::FormatReader>> {
    use symphonia::core::{formats::FormatOptions, io::MediaSourceStream, meta::MetadataOptions};
    let len = len_of(&mut source)?;
    let stream =
        MediaSourceStream::new(Box::new(MediaSource(source, Some(len))), Default::default());
    let options = FormatOptions {
        enable_gapless: false,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(
            &Default::default(),
            stream,
            &options,
            &MetadataOptions::default(),
        )
        .ok()?;
    Some(probed.format)
}

fn to_millis(
    frames: u64,
    time_base: Option<symphonia::core::units::TimeBase>,
    rate: Option<u32>,
) -> Option<u64> {
    let (numer, denom) = match (time_base, rate) {
        (Some(tb), _) if tb.denom > 0 => (u128::from(tb.numer), u128::from(tb.denom)),
        (_, Some(r)) if r > 0 => (1, u128::from(r)),
        _ => return None,
    };
    u64::try_from(u128::from(frames) * numer * 1000 / denom).ok()
}

/// Counts every packet (MPEG audio or ADTS frame) of the first track: a VBR file without a
/// Xing/VBRI header has nothing else that says how long it is, and a header can be wrong.
fn count_packets<S: Source>(source: S) -> Option<Playback> {
    let mut reader = open_reader(source)?;
    let track = reader.default_track()?;
    let (id, time_base, rate) = (
        track.id,
        track.codec_params.time_base,
        track.codec_params.sample_rate,
    );
    let mut frames = 0u64;
    loop {
        match reader.next_packet() {
            Ok(p) if p.track_id() == id => frames = frames.checked_add(p.dur)?,
            Ok(_) => {}
            Err(symphonia::core::errors::Error::IoError(e))
                if e.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                break;
            }
            // A damaged stream part-way: what was counted would be a wrong number.
            Err(_) => return None,
        }
    }
    (frames > 0).then_some(())?;
    to_millis(frames, time_base, rate).map(Playback::exact)
}

/// The length the stream itself declares and symphonia checks (OGG: the last page's granule
/// position less the pre-skip; FLAC: STREAMINFO's sample count, 0 meaning unknown).
fn from_stream_info<S: Source>(source: S) -> Option<Playback> {
    let reader = open_reader(source)?;
    let params = &reader.default_track()?.codec_params;
    let frames = params
        .n_frames?
        .checked_sub(u64::from(params.delay.unwrap_or(0)))?;
    (frames > 0).then_some(())?;
    to_millis(frames, params.time_base, params.sample_rate).map(Playback::exact)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::media::sniff::mpeg_frame_len;

    fn of(media_type: &str, bytes: Vec<u8>) -> Option<Playback> {
        duration_of_bytes(media_type, bytes.into())
    }

    fn secs(p: Option<Playback>) -> Option<f64> {
        p.map(|p| p.millis as f64 / 1000.0)
    }

    /// PCM WAV: `seconds` of 8 kHz 16-bit mono; `sizes` false leaves RIFF and data sizes 0.
    pub(crate) fn wav_bytes(seconds: u32, sizes: bool) -> Vec<u8> {
        let rate = 8000u32;
        let data_len = seconds * rate * 2;
        let mut v = b"RIFF".to_vec();
        v.extend_from_slice(&(if sizes { 36 + data_len } else { 0 }).to_le_bytes());
        v.extend_from_slice(b"WAVEfmt ");
        v.extend_from_slice(&16u32.to_le_bytes());
        v.extend_from_slice(&1u16.to_le_bytes()); // PCM
        v.extend_from_slice(&1u16.to_le_bytes()); // mono
        v.extend_from_slice(&rate.to_le_bytes());
        v.extend_from_slice(&(rate * 2).to_le_bytes()); // byte rate
        v.extend_from_slice(&2u16.to_le_bytes());
        v.extend_from_slice(&16u16.to_le_bytes());
        v.extend_from_slice(b"data");
        v.extend_from_slice(&(if sizes { data_len } else { 0 }).to_le_bytes());
        v.resize(v.len() + data_len as usize, 0);
        v
    }

    /// AMR storage format: `frames` frames of type `mode` (NB or WB sizes).
    pub(crate) fn amr_bytes(wide: bool, mode: u8, frames: usize) -> Vec<u8> {
        let (mut v, sizes) = if wide {
            (b"#!AMR-WB\n".to_vec(), AMR_WB_SIZES)
        } else {
            (b"#!AMR\n".to_vec(), AMR_NB_SIZES)
        };
        for _ in 0..frames {
            v.push(mode << 3 | 0x04);
            v.resize(v.len() + usize::from(sizes[usize::from(mode)]) - 1, 0x5A);
        }
        v
    }

    /// WeChat voice: `\x02#!SILK_V3`, then `frames` frames of varying length.
    pub(crate) fn silk_bytes(frames: usize) -> Vec<u8> {
        let mut v = b"\x02#!SILK_V3".to_vec();
        for i in 0..frames {
            let n = 30 + (i % 40) as u16;
            v.extend_from_slice(&n.to_le_bytes());
            v.resize(v.len() + usize::from(n), 0x33);
        }
        v
    }

    /// MPEG audio frames, `bitrates[i % len]` picking each frame's bit-rate index: a VBR file
    /// without any Xing/VBRI header when the list has more than one entry.
    pub(crate) fn mp3_bytes(header: [u8; 4], bitrates: &[u8], frames: usize) -> Vec<u8> {
        let mut v = Vec::new();
        for i in 0..frames {
            let mut h = header;
            h[2] = (h[2] & 0x0F) | (bitrates[i % bitrates.len()] << 4);
            let (len, _) = mpeg_frame_len(&h).unwrap();
            v.extend_from_slice(&h);
            v.resize(v.len() + len - 4, 0);
        }
        v
    }

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((8 + body.len()) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    fn full(version_flags: u32, rest: &[u8]) -> Vec<u8> {
        let mut v = version_flags.to_be_bytes().to_vec();
        v.extend_from_slice(rest);
        v
    }

    /// `mvhd` or `mdhd` body, version 0.
    fn header(timescale: u32, duration: u32) -> Vec<u8> {
        let mut v = vec![0u8; 12]; // version, flags, creation, modification
        v.extend_from_slice(&timescale.to_be_bytes());
        v.extend_from_slice(&duration.to_be_bytes());
        v.resize(100, 0);
        v
    }

    /// An MP4: `ftyp` (`brand`), a `moov` with `mvhd` (1000 Hz, `movie_ms`) and one audio track
    /// (`mdhd` 16 kHz, `track_ticks`); fragmented when `fragments` is given, each fragment a
    /// `moof` + `mdat` with that many 1024-tick samples (durations written per sample in odd
    /// fragments, taken from `tfhd` in even ones).
    pub(crate) fn mp4_bytes(
        brand: &[u8; 4],
        movie_ms: u32,
        track_ticks: u32,
        fragments: Option<&[u32]>,
    ) -> Vec<u8> {
        let mut tkhd = vec![0u8; 12];
        tkhd.extend_from_slice(&1u32.to_be_bytes()); // track id
        tkhd.resize(84, 0);
        let mdia = boxed(b"mdia", &boxed(b"mdhd", &header(16_000, track_ticks)));
        let trak = boxed(b"trak", &[boxed(b"tkhd", &tkhd), mdia].concat());
        let mut moov = [boxed(b"mvhd", &header(1000, movie_ms)), trak].concat();
        if fragments.is_some() {
            let trex = full(0, &[1u32, 1, 1024, 0, 0].map(u32::to_be_bytes).concat());
            moov.extend(boxed(b"mvex", &boxed(b"trex", &trex)));
        }
        let mut file = boxed(b"ftyp", &[&brand[..], b"\0\0\0\0", &brand[..]].concat());
        file.extend(boxed(b"moov", &moov));
        for (i, &samples) in fragments.unwrap_or_default().iter().enumerate() {
            let (tfhd, trun) = if i % 2 == 1 {
                let mut trun = samples.to_be_bytes().to_vec();
                for _ in 0..samples {
                    trun.extend_from_slice(&1024u32.to_be_bytes());
                    trun.extend_from_slice(&10u32.to_be_bytes());
                }
                (full(0x02_0000, &1u32.to_be_bytes()), full(0x300, &trun))
            } else {
                let tfhd = [1u32, 1024].map(u32::to_be_bytes).concat();
                let mut trun = samples.to_be_bytes().to_vec();
                trun.extend(std::iter::repeat_n(10u32.to_be_bytes(), samples as usize).flatten());
                (full(0x02_0008, &tfhd), full(0x200, &trun))
            };
            let traf = boxed(
                b"traf",
                &[boxed(b"tfhd", &tfhd), boxed(b"trun", &trun)].concat(),
            );
            let mfhd = full(0, &(i as u32 + 1).to_be_bytes());
            file.extend(boxed(b"moof", &[boxed(b"mfhd", &mfhd), traf].concat()));
            file.extend(boxed(b"mdat", &vec![0u8; 10 * samples as usize]));
        }
        file
    }

    #[test]
    fn amr_nb_and_wb_count_20ms_frames() {
        // The field cases: AMR-WB 60 s (was text/x-shellscript), AMR-NB.
        assert_eq!(
            secs(of("audio/amr-wb", amr_bytes(true, 8, 3000))),
            Some(60.0)
        );
        assert_eq!(secs(of("audio/amr", amr_bytes(false, 7, 250))), Some(5.0));
        // Silence (SID and NO_DATA frames) still plays 20 ms each.
        let mut v = amr_bytes(false, 7, 10);
        v.extend_from_slice(&[15 << 3 | 4; 40]);
        assert_eq!(secs(of("audio/amr", v)), Some(1.0));
        // A cut last frame does not count; a reserved frame type is damage: unknown.
        let mut cut = amr_bytes(false, 7, 10);
        cut.truncate(cut.len() - 3);
        assert_eq!(secs(of("audio/amr", cut)), Some(0.18));
        assert_eq!(of("audio/amr", b"#!AMR\n\x50".to_vec()), None);
        assert_eq!(
            of("audio/amr-wb", b"#!AMR\n".to_vec()),
            Some(Playback::exact(0))
        );
    }

    #[test]
    fn silk_counts_frames_with_or_without_the_leading_byte() {
        assert_eq!(secs(of("audio/silk", silk_bytes(1500))), Some(30.0));
        let plain = silk_bytes(50)[1..].to_vec();
        assert_eq!(secs(of("audio/silk", plain)), Some(1.0));
        let mut ended = silk_bytes(50);
        ended.extend_from_slice(&[0xFF, 0xFF, 1, 2, 3]);
        assert_eq!(secs(of("audio/silk", ended)), Some(1.0));
        let mut junk = silk_bytes(5);
        junk.extend_from_slice(&[0x00, 0x30]);
        assert_eq!(of("audio/silk", junk), None, "a 12 KiB 'frame' is not SILK");
    }

    #[test]
    fn wav_exact_and_estimated() {
        assert_eq!(
            of("audio/x-wav", wav_bytes(3, true)),
            Some(Playback::exact(3000))
        );
        // The field case: RIFF and data sizes never written, 30 s of PCM present.
        assert_eq!(
            of("audio/x-wav", wav_bytes(30, false)),
            Some(Playback {
                millis: 30_000,
                estimated: true
            })
        );
        // A cut file: the header promises more than is there.
        let mut cut = wav_bytes(3, true);
        cut.truncate(44 + 8000 * 2);
        assert_eq!(
            of("audio/x-wav", cut),
            Some(Playback {
                millis: 1000,
                estimated: true
            })
        );
        assert_eq!(of("audio/x-wav", b"RIFF\0\0\0\0WAVE".to_vec()), None);
    }

    #[test]
    fn mp4_movie_header_and_all_ones() {
        let f = mp4_bytes(b"M4A ", 65_500, 0, None);
        assert_eq!(secs(of("audio/mp4", f)), Some(65.5));
        // AMR in 3GP, 60 s: the duration is in the movie header.
        let f = mp4_bytes(b"3gp4", 60_000, 0, None);
        assert_eq!(secs(of("audio/3gpp", f)), Some(60.0));
        // All ones = unknown (ISO/IEC 14496-12): never 49 days.
        let f = mp4_bytes(b"qt  ", u32::MAX, 0, None);
        assert_eq!(of("video/quicktime", f), None);
    }

    #[test]
    fn fragmented_mp4_sums_its_fragments() {
        // The field case: 7 s in fragments, the movie header saying 0.
        // 16 kHz, 1024 ticks per sample: 7 s = 109.375 samples; use 112 = 7.168 s.
        let f = mp4_bytes(b"isom", 0, 0, Some(&[28, 28, 28, 28]));
        assert_eq!(of("video/mp4", f), Some(Playback::exact(7168)));
        // Samples already in the moov count too.
        let f = mp4_bytes(b"isom", 0, 16_000, Some(&[16, 16]));
        assert_eq!(of("video/mp4", f), Some(Playback::exact(1000 + 2048)));
        // A trun claiming more entries than it holds is damage, not a loop.
        let mut f = mp4_bytes(b"isom", 0, 0, Some(&[2, 3]));
        let at = f.windows(4).rposition(|w| w == b"trun").unwrap() + 8;
        f[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(of("video/mp4", f), None);
    }

    #[test]
    fn mp3_frames_are_counted_in_every_mpeg_version() {
        // MPEG-2 Layer III, 16 kHz, mono, no ID3: 576 samples per frame; 40.1 s ≈ 1114 frames.
        let v = mp3_bytes([0xFF, 0xF3, 0x48, 0xC4], &[4], 1114);
        assert_eq!(secs(of("audio/mpeg", v)), Some(40.104));
        // MPEG-2.5, 8 kHz: 576 samples = 72 ms per frame.
        let v = mp3_bytes([0xFF, 0xE3, 0x28, 0xC4], &[2], 500);
        assert_eq!(secs(of("audio/mpeg", v)), Some(36.0));
        // VBR MPEG-1 without Xing/VBRI, 90 s: 3446 frames of 1152 samples at 44.1 kHz, bit
        // rates varying from 32 to 320 kbit/s. A first-frame bit-rate guess would be far off.
        let v = mp3_bytes([0xFF, 0xFB, 0x10, 0x00], &[1, 14, 9, 5, 11], 3446);
        let p = of("audio/mpeg", v).unwrap();
        assert_eq!(p.millis, 3446 * 1152 * 1000 / 44_100);
        assert!(!p.estimated);
    }

    #[test]
    fn mp3_with_a_vbri_header() {
        // A first frame carrying a VBRI header (Fraunhofer), then 200 audio frames.
        let frame = [0xFF, 0xFB, 0x90, 0x00];
        let (len, _) = mpeg_frame_len(&frame).unwrap();
        let mut v = frame.to_vec();
        v.resize(36, 0);
        v.extend_from_slice(b"VBRI");
        v.extend_from_slice(&1u16.to_be_bytes()); // version
        v.extend_from_slice(&0u16.to_be_bytes()); // delay
        v.extend_from_slice(&50u16.to_be_bytes()); // quality
        v.extend_from_slice(&((200 * len) as u32).to_be_bytes()); // bytes
        v.extend_from_slice(&200u32.to_be_bytes()); // frames
        v.extend_from_slice(&[0u8; 8]); // no TOC
        v.resize(len, 0);
        v.extend(mp3_bytes(frame, &[9], 200));
        assert_eq!(
            of("audio/mpeg", v),
            Some(Playback::exact(200 * 1152 * 1000 / 44_100))
        );
    }

    #[test]
    fn adts_frames_are_counted() {
        let mut v = Vec::new();
        for i in 0..250usize {
            let len = 60 + i % 30;
            let mut h = vec![0xFF, 0xF1, 0x40 | (8 << 2), 0x40];
            h.push(((len >> 3) & 0xFF) as u8);
            h.push((((len & 7) << 5) | 0x1F) as u8);
            h.push(0xFC);
            h.resize(len, 0);
            v.extend(h);
        }
        // 250 frames of 1024 samples at 16 kHz.
        assert_eq!(secs(of("audio/aac", v)), Some(16.0));
    }

    #[test]
    fn hostile_inputs_give_none_or_a_number_never_a_panic() {
        let samples: Vec<(&str, Vec<u8>)> = vec![
            ("audio/amr", amr_bytes(false, 7, 20)),
            ("audio/amr-wb", amr_bytes(true, 2, 20)),
            ("audio/silk", silk_bytes(20)),
            ("audio/x-wav", wav_bytes(1, true)),
            ("video/mp4", mp4_bytes(b"isom", 0, 0, Some(&[3, 4]))),
            ("audio/mpeg", mp3_bytes([0xFF, 0xFB, 0x90, 0x00], &[9], 20)),
        ];
        for (t, v) in samples {
            for cut in (0..v.len()).step_by(7) {
                let _ = of(t, v[..cut].to_vec());
            }
            for i in (0..v.len().min(400)).step_by(3) {
                for x in [0x00, 0xFF, 0x7F, 0x01] {
                    let mut w = v.clone();
                    w[i] = x;
                    let _ = of(t, w);
                }
            }
        }
        assert_eq!(of("text/plain", b"hello".to_vec()), None);
    }
}
