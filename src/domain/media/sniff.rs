//! The media types phones write, recognised from the start of a file before any generic
//! magic-number table is asked: call recordings (AMR-NB/WB, AMR or AAC in 3GP/3G2, MP3 without
//! an ID3 tag, raw AAC in ADTS, M4A/MP4/MOV, WAV, OGG/Opus, FLAC), WeChat voice notes (SILK) and
//! HEIC/AVIF photos.
//!
//! Headerless streams (MPEG audio, ADTS) are named only when [`MIN_CHAINED_FRAMES`] frames chain
//! one after another, each header at the end of the previous frame: a single `0xFFF` sync word
//! occurs by chance in any binary file.

/// Consecutive frames that must chain before a headerless stream is believed.
pub const MIN_CHAINED_FRAMES: usize = 4;

/// How far into the file (after an ID3 tag) the first frame of a headerless stream is looked
/// for: recorders start at byte 0, some tools leave a little padding.
const SYNC_SEARCH: usize = 64 * 1024;

/// The media type of `head` (the first bytes of a file, up to a MiB) when it is one of the
/// formats this module knows; `None` for everything else, which the caller hands to a generic
/// detector.
///
/// Codes: `audio/amr`, `audio/amr-wb`, `audio/silk`, `audio/3gpp`, `video/3gpp`, `audio/3gpp2`,
/// `video/3gpp2`, `audio/mp4`, `video/mp4`, `video/quicktime`, `image/heic`, `image/heif`,
/// `image/avif`, `audio/x-wav`, `audio/ogg`, `video/ogg`, `audio/flac`, and `audio/mpeg` or
/// `audio/aac` after an ID3 tag. Headerless MPEG audio and ADTS are [`sniff_stream`]'s.
///
/// ```
/// use casefile::domain::media::sniff;
/// assert_eq!(sniff(b"#!AMR-WB\n\x04"), Some("audio/amr-wb"));
/// assert_eq!(sniff(b"\x02#!SILK_V3\x0a\x00"), Some("audio/silk"));
/// assert_eq!(sniff(b"hello"), None);
/// ```
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"#!AMR-WB\n") || head.starts_with(b"#!AMR-WB_MC1.0\n") {
        return Some("audio/amr-wb");
    }
    if head.starts_with(b"#!AMR\n") || head.starts_with(b"#!AMR_MC1.0\n") {
        return Some("audio/amr");
    }
    if head.starts_with(b"#!SILK_V3") || head.starts_with(b"\x02#!SILK_V3") {
        return Some("audio/silk");
    }
    if head.get(4..8) == Some(b"ftyp") {
        return iso_family(head);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WAVE")
        || head.starts_with(b"RF64") && head.get(8..12) == Some(b"WAVE")
    {
        return Some("audio/x-wav");
    }
    if head.starts_with(b"OggS") {
        // Video in Ogg (Theora) is rare on phones; name it so it is not taken for a recording
        // of speech only.
        return Some(if contains(head, b"\x80theora") {
            "video/ogg"
        } else {
            "audio/ogg"
        });
    }
    if head.starts_with(b"fLaC") {
        return Some("audio/flac");
    }
    if let Some(tag) = id3v2_len(head) {
        // ID3v2 is only ever put before MPEG audio or AAC: the frames after it say which.
        return Some(match head.get(tag..).and_then(sniff_stream) {
            Some(t) => t,
            None => "audio/mpeg",
        });
    }
    None
}

/// Headerless audio streams, MPEG audio (`audio/mpeg`) or ADTS (`audio/aac`): asked after the
/// containers and after the generic magic numbers, since only chained frames identify them.
/// The first frame may start within the first 64 KiB (padding some tools leave).
pub fn sniff_stream(head: &[u8]) -> Option<&'static str> {
    let search = &head[..head.len().min(SYNC_SEARCH)];
    for at in 0..search.len() {
        if search[at] != 0xFF {
            continue;
        }
        if chains(&head[at..], mpeg_frame_len) {
            return Some("audio/mpeg");
        }
        if chains(&head[at..], adts_frame_len) {
            return Some("audio/aac");
        }
    }
    None
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Length of an ID3v2 tag at the start (header, body and footer), if there is one.
pub(crate) fn id3v2_len(b: &[u8]) -> Option<usize> {
    if !b.starts_with(b"ID3") || b.len() < 10 {
        return None;
    }
    let size = b[6..10].iter().try_fold(0usize, |acc, &x| {
        (x & 0x80 == 0).then_some((acc << 7) | usize::from(x))
    })?;
    let footer = if b[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// True when `MIN_CHAINED_FRAMES` frames follow one another from the start of `b` (or the
/// frames run to the end of `b`, for a file shorter than that), with the same stream
/// parameters.
fn chains(b: &[u8], frame_len: fn(&[u8]) -> Option<(usize, u32)>) -> bool {
    let mut at = 0usize;
    let mut params = None;
    for n in 0..MIN_CHAINED_FRAMES {
        let Some(rest) = b.get(at..) else {
            return false;
        };
        if rest.is_empty() && n >= 2 {
            // A whole (if tiny) file of frames.
            return true;
        }
        let Some((len, p)) = frame_len(rest) else {
            return false;
        };
        if *params.get_or_insert(p) != p {
            return false;
        }
        at = match at.checked_add(len) {
            Some(next) => next,
            None => return false,
        };
    }
    true
}

/// Length of the MPEG audio frame (layer I, II or III; MPEG-1, 2 or 2.5) whose header starts
/// `b`, with the bits that stay the same across a stream (version, layer, sample rate).
pub(crate) fn mpeg_frame_len(b: &[u8]) -> Option<(usize, u32)> {
    let h = b.get(..4)?;
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 0 = 2.5, 1 reserved, 2 = MPEG-2, 3 = MPEG-1
    let layer = (h[1] >> 1) & 3; // 1 = III, 2 = II, 3 = I, 0 reserved
    let bitrate_index = usize::from(h[2] >> 4);
    let rate_index = usize::from((h[2] >> 2) & 3);
    let padding = usize::from((h[2] >> 1) & 1);
    if version == 1 || layer == 0 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    // kbit/s, ISO/IEC 11172-3 and 13818-3.
    const V1: [[u16; 15]; 3] = [
        [
            0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        ], // I
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        ], // II
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ], // III
    ];
    const V2: [[u16; 15]; 2] = [
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        ], // I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // II and III
    ];
    const RATES: [[u32; 3]; 4] = [
        [11025, 12000, 8000],
        [0, 0, 0],
        [22050, 24000, 16000],
        [44100, 48000, 32000],
    ];
    let layer_no = 4 - usize::from(layer); // 1, 2 or 3
    let kbps = usize::from(if version == 3 {
        V1[layer_no - 1][bitrate_index]
    } else {
        V2[usize::from(layer_no != 1)][bitrate_index]
    });
    let rate = usize::try_from(RATES[usize::from(version)][rate_index]).ok()?;
    let len = match (layer_no, version == 3) {
        (1, _) => (12 * kbps * 1000 / rate + padding) * 4,
        (3, false) => 72 * kbps * 1000 / rate + padding,
        _ => 144 * kbps * 1000 / rate + padding,
    };
    (len >= 4).then_some((len, u32::from(h[1] & 0xFE) << 8 | u32::from(h[2] & 0x0C)))
}

/// Length of the ADTS (raw AAC) frame whose header starts `b`, with its fixed header bits.
pub(crate) fn adts_frame_len(b: &[u8]) -> Option<(usize, u32)> {
    let h = b.get(..7)?;
    if h[0] != 0xFF || h[1] & 0xF6 != 0xF0 {
        return None;
    }
    let rate_index = (h[2] >> 2) & 0x0F;
    if rate_index > 12 {
        return None;
    }
    let len = (usize::from(h[3] & 0x03) << 11) | (usize::from(h[4]) << 3) | usize::from(h[5] >> 5);
    let header = if h[1] & 1 == 0 { 9 } else { 7 };
    (len >= header).then_some((len, u32::from(h[1]) << 8 | u32::from(h[2] & 0xFC)))
}

/// ISO base media files (`ftyp` first): 3GP/3G2, M4A, MP4, QuickTime, HEIF/HEIC and AVIF.
fn iso_family(head: &[u8]) -> Option<&'static str> {
    let size = usize::try_from(u32::from_be_bytes(head.get(0..4)?.try_into().ok()?)).ok()?;
    let ftyp = head.get(8..size.clamp(8, head.len()))?;
    let brands: Vec<&[u8]> = std::iter::once(ftyp.get(0..4)?)
        .chain(ftyp.get(8..).unwrap_or_default().chunks_exact(4))
        .collect();
    let major = brands[0];
    let has = |b: &[u8]| brands.contains(&b);
    if matches!(major, b"avif" | b"avis") {
        return Some("image/avif");
    }
    if matches!(
        major,
        b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"hevm" | b"hevs"
    ) {
        return Some("image/heic");
    }
    if matches!(major, b"mif1" | b"msf1") {
        return Some(if has(b"avif") {
            "image/avif"
        } else if has(b"heic") || has(b"heix") {
            "image/heic"
        } else {
            "image/heif"
        });
    }
    // Whether the file has a picture track, when its `moov` is within the head (it often sits
    // at the end of a call recording, which has none).
    let video = contains(head, b"vide") && contains(head, b"hdlr");
    if major.starts_with(b"3gp") || major.starts_with(b"3ge") || major.starts_with(b"3gs") {
        return Some(if video { "video/3gpp" } else { "audio/3gpp" });
    }
    if major.starts_with(b"3g2") {
        return Some(if video { "video/3gpp2" } else { "audio/3gpp2" });
    }
    if matches!(major, b"M4A " | b"M4B " | b"M4P ") {
        return Some("audio/mp4");
    }
    if major == b"qt  " {
        return Some("video/quicktime");
    }
    let audio_only = contains(head, b"soun") && contains(head, b"hdlr") && !video;
    Some(if audio_only { "audio/mp4" } else { "video/mp4" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of MPEG audio frames: `header` repeated with zero padding to each frame's length.
    pub(crate) fn mpeg_frames(header: [u8; 4], count: usize) -> Vec<u8> {
        let (len, _) = mpeg_frame_len(&header).unwrap();
        let mut v = Vec::new();
        for _ in 0..count {
            v.extend_from_slice(&header);
            v.resize(v.len() + len - 4, 0);
        }
        v
    }

    #[test]
    fn amr_silk_and_iso_family() {
        assert_eq!(sniff(b"#!AMR\n\x3c"), Some("audio/amr"));
        assert_eq!(sniff(b"#!AMR-WB\n\x04"), Some("audio/amr-wb"));
        assert_eq!(sniff(b"#!SILK_V3\x0a\x00"), Some("audio/silk"));
        assert_eq!(sniff(b"\x02#!SILK_V3\x0a\x00"), Some("audio/silk"));
        let ftyp = |brands: &[u8]| {
            let mut v = ((8 + brands.len()) as u32).to_be_bytes().to_vec();
            v.extend_from_slice(b"ftyp");
            v.extend_from_slice(brands);
            v
        };
        assert_eq!(sniff(&ftyp(b"3gp4\0\0\0\0isom3gp4")), Some("audio/3gpp"));
        assert_eq!(sniff(&ftyp(b"3g2a\0\0\0\0")), Some("audio/3gpp2"));
        assert_eq!(sniff(&ftyp(b"M4A \0\0\0\0M4A mp42")), Some("audio/mp4"));
        assert_eq!(sniff(&ftyp(b"qt  \0\0\0\0qt  ")), Some("video/quicktime"));
        assert_eq!(sniff(&ftyp(b"heic\0\0\0\0mif1heic")), Some("image/heic"));
        assert_eq!(sniff(&ftyp(b"mif1\0\0\0\0mif1heic")), Some("image/heic"));
        assert_eq!(sniff(&ftyp(b"avif\0\0\0\0mif1avif")), Some("image/avif"));
        assert_eq!(sniff(&ftyp(b"mif1\0\0\0\0mif1")), Some("image/heif"));
        assert_eq!(sniff(&ftyp(b"isom\0\0\0\0isom")), Some("video/mp4"));
        let mut sound = ftyp(b"isom\0\0\0\0isom");
        sound.extend_from_slice(b"\0\0\0\x21hdlr\0\0\0\0\0\0\0\0soun");
        assert_eq!(sniff(&sound), Some("audio/mp4"));
    }

    #[test]
    fn wav_ogg_flac() {
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), Some("audio/x-wav"));
        assert_eq!(
            sniff(b"OggS\0\x02\0\0\0\0\0\0\0\0OpusHead"),
            Some("audio/ogg")
        );
        assert_eq!(sniff(b"fLaC\0\0\0\x22"), Some("audio/flac"));
        assert_eq!(sniff(b"RIFF\0\0\0\0AVI "), None);
    }

    #[test]
    fn mp3_without_id3_in_every_mpeg_version() {
        // MPEG-1 Layer III 128 kbit/s 44.1 kHz; MPEG-2 16 kHz 32 kbit/s; MPEG-2.5 8 kHz 16 kbit/s.
        for header in [
            [0xFF, 0xFB, 0x90, 0x00],
            [0xFF, 0xF3, 0x48, 0xC4],
            [0xFF, 0xE3, 0x28, 0xC4],
        ] {
            let v = mpeg_frames(header, 6);
            assert_eq!(sniff_stream(&v), Some("audio/mpeg"), "{header:02x?}");
            // Leading padding is fine.
            let mut padded = vec![0u8; 100];
            padded.extend_from_slice(&v);
            assert_eq!(sniff_stream(&padded), Some("audio/mpeg"));
        }
    }

    #[test]
    fn one_sync_word_is_not_an_mp3() {
        // A single valid-looking header followed by noise that does not chain.
        let mut v = vec![0xFF, 0xFB, 0x90, 0x00];
        v.resize(2000, 0x11);
        assert_eq!(sniff_stream(&v), None);
        // Two frames then something else.
        let mut v = mpeg_frames([0xFF, 0xFB, 0x90, 0x00], 2);
        v.extend_from_slice(&[0x11; 800]);
        assert_eq!(sniff_stream(&v), None);
        // Frames whose sample rate changes are not one stream.
        let mut v = mpeg_frames([0xFF, 0xFB, 0x90, 0x00], 2);
        v.extend(mpeg_frames([0xFF, 0xFB, 0x94, 0x00], 2));
        v.extend_from_slice(&[0x11; 800]);
        assert_eq!(sniff_stream(&v), None);
    }

    #[test]
    fn adts_frames_chain() {
        let frame = |len: usize| {
            // AAC-LC, 16 kHz (index 8), mono, no CRC.
            let mut h = vec![0xFF, 0xF1, 0x60 | (8 << 2), 0x40];
            h.push(((len >> 3) & 0xFF) as u8);
            h.push((((len & 7) << 5) | 0x1F) as u8);
            h.push(0xFC);
            h.resize(len, 0);
            h
        };
        let v: Vec<u8> = [100, 120, 90, 110, 100]
            .iter()
            .flat_map(|&n| frame(n))
            .collect();
        assert_eq!(sniff_stream(&v), Some("audio/aac"));
        assert_eq!(sniff_stream(&frame(100)[..50]), None);
    }

    #[test]
    fn id3_tag_then_frames() {
        let mut v = b"ID3\x04\0\0\0\0\0\x0a".to_vec();
        v.extend_from_slice(&[0u8; 10]);
        v.extend(mpeg_frames([0xFF, 0xFB, 0x90, 0x00], 5));
        assert_eq!(sniff(&v), Some("audio/mpeg"));
        assert_eq!(id3v2_len(&v), Some(20));
        // A bad synchsafe size is no tag.
        assert_eq!(id3v2_len(b"ID3\x04\0\0\x80\0\0\0"), None);
    }

    #[test]
    fn hostile_heads_do_not_panic() {
        for n in 0..64usize {
            let mut v = vec![0xFFu8; n];
            let _ = sniff(&v);
            v.splice(0..0, *b"\0\0\0\x08ftyp");
            let _ = sniff(&v);
            let _ = sniff(&v[..n.min(v.len())]);
            let _ = sniff_stream(&v);
        }
        let _ = sniff(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff");
        let _ = sniff(b"\xff\xf1\xff\xff\xff\xff\xff");
        let _ = sniff(b"\0\0\0\x01ftyp");
        let _ = sniff(b"\xff\xff\xff\xffftypqt  ");
    }
}
