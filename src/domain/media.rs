//! Facts about recordings read from their bytes: the duration of the formats phones write for
//! call recordings (WAV, MP4/M4A/3GP/MOV, AMR-NB, MP3). Pure parsing of in-memory bytes; an
//! unknown or damaged file gives `None`, never a panic.

/// Whole seconds of playback, if the format is known and the header makes sense.
pub fn duration_seconds(media_type: &str, bytes: &[u8]) -> Option<u64> {
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        return wav(bytes);
    }
    if bytes.starts_with(b"#!AMR\n") {
        return amr_nb(bytes);
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return mp4(bytes);
    }
    if media_type == "audio/mpeg" || bytes.starts_with(b"ID3") || is_mp3_sync(bytes) {
        return mp3(bytes);
    }
    None
}

fn u16le(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}
fn u32le(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}
fn u32be(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_be_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}
fn u64be(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn wav(b: &[u8]) -> Option<u64> {
    // Walk the chunks: `fmt ` gives the byte rate, `data` the length.
    let mut at = 12;
    let mut byte_rate = None;
    while at + 8 <= b.len() {
        let id = &b[at..at + 4];
        let size = u32le(b, at + 4)?;
        if id == b"fmt " {
            byte_rate = u32le(b, at + 8 + 8);
            let _channels = u16le(b, at + 8 + 2)?;
        } else if id == b"data" {
            let rate = byte_rate.filter(|r| *r > 0)?;
            let available = (b.len() - at - 8) as u64;
            return Some(size.min(available) / rate);
        }
        let step = usize::try_from(size)
            .ok()?
            .checked_add(8 + (size as usize & 1))?;
        at = at.checked_add(step)?;
    }
    None
}

fn amr_nb(b: &[u8]) -> Option<u64> {
    // Each frame is 20 ms; its size follows from the frame type in the header byte.
    const SIZES: [usize; 16] = [13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1];
    let mut at = 6;
    let mut frames = 0u64;
    while at < b.len() {
        let ft = usize::from((b[at] >> 3) & 0x0f);
        let size = SIZES[ft];
        if size == 0 {
            return None;
        }
        at += size;
        frames += 1;
    }
    Some(frames * 20 / 1000)
}

fn mp4(b: &[u8]) -> Option<u64> {
    // moov → mvhd: timescale and duration (version 0: 32-bit, version 1: 64-bit).
    let moov = find_box(b, 0, b.len(), b"moov")?;
    let mvhd = find_box(b, moov.0, moov.1, b"mvhd")?;
    let body = mvhd.0;
    let version = *b.get(body)?;
    let (timescale, duration) = if version == 1 {
        (u32be(b, body + 20)?, u64be(b, body + 24)?)
    } else {
        (u32be(b, body + 12)?, u32be(b, body + 16)?)
    };
    // All ones is how a writer says "unknown" (ISO/IEC 14496-12, mvhd): never a number.
    let unknown = if version == 1 {
        u64::MAX
    } else {
        u64::from(u32::MAX)
    };
    (timescale > 0 && duration != unknown).then(|| duration / timescale)
}

/// Finds a box by type among the boxes in `start..end`; returns its body range.
///
/// Every step moves forward by at least the box header (8 bytes) and all arithmetic is
/// checked: a box whose 64-bit size runs past the end of the address space or of the file
/// ends the walk instead of wrapping around (which looped forever on a crafted file).
fn find_box(b: &[u8], start: usize, end: usize, kind: &[u8; 4]) -> Option<(usize, usize)> {
    let end = end.min(b.len());
    let mut at = start;
    while at.checked_add(8)? <= end {
        let mut size = usize::try_from(u32be(b, at)?).ok()?;
        let mut header = 8;
        if size == 1 {
            size = usize::try_from(u64be(b, at + 8)?).ok()?;
            header = 16;
        } else if size == 0 {
            size = end - at;
        }
        if size < header {
            return None;
        }
        let box_end = at.checked_add(size)?;
        if &b[at + 4..at + 8] == kind {
            return Some((at + header, box_end.min(end)));
        }
        at = box_end;
    }
    None
}

fn is_mp3_sync(b: &[u8]) -> bool {
    b.len() > 2 && b[0] == 0xff && b[1] & 0xe0 == 0xe0
}

fn mp3(b: &[u8]) -> Option<u64> {
    // Skip an ID3v2 tag, read the first frame header; use a Xing/Info frame count when present,
    // else estimate from the bitrate (exact for constant-bitrate files).
    let mut at = 0;
    if b.starts_with(b"ID3") && b.len() > 10 {
        let size = b[6..10]
            .iter()
            .fold(0usize, |acc, x| (acc << 7) | usize::from(x & 0x7f));
        at = 10 + size;
    }
    while at + 4 <= b.len() && !is_mp3_sync(&b[at..]) {
        at += 1;
    }
    let h = b.get(at..at + 4)?;
    let version_bits = (h[1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    let layer_bits = (h[1] >> 1) & 3; // 1 = Layer III
    if layer_bits != 1 || version_bits == 1 {
        return None;
    }
    const BITRATES_V1: [u64; 16] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0,
    ];
    const BITRATES_V2: [u64; 16] = [
        0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0,
    ];
    const RATES: [[u64; 3]; 4] = [
        [11025, 12000, 8000],
        [0, 0, 0],
        [22050, 24000, 16000],
        [44100, 48000, 32000],
    ];
    let bitrate = if version_bits == 3 {
        BITRATES_V1
    } else {
        BITRATES_V2
    }[usize::from(h[2] >> 4)];
    let rate = *RATES[usize::from(version_bits)].get(usize::from((h[2] >> 2) & 3))?;
    if bitrate == 0 || rate == 0 {
        return None;
    }
    let samples_per_frame = if version_bits == 3 { 1152 } else { 576 };
    let mono = (h[3] >> 6) == 3;
    let side = match (version_bits == 3, mono) {
        (true, false) => 32,
        (true, true) => 17,
        (false, false) => 17,
        (false, true) => 9,
    };
    let xing = at + 4 + side;
    if let Some(tag) = b.get(xing..xing + 4)
        && (tag == b"Xing" || tag == b"Info")
        && b.get(xing + 7).is_some_and(|flags| flags & 1 == 1)
    {
        let frames = u32be(b, xing + 8)?;
        return Some(frames * samples_per_frame / rate);
    }
    Some(((b.len() - at) as u64 * 8) / (bitrate * 1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_bytes(seconds: u32, rate: u32) -> Vec<u8> {
        let data_len = seconds * rate * 2;
        let mut v = b"RIFF".to_vec();
        v.extend_from_slice(&(36 + data_len).to_le_bytes());
        v.extend_from_slice(b"WAVEfmt ");
        v.extend_from_slice(&16u32.to_le_bytes());
        v.extend_from_slice(&1u16.to_le_bytes()); // PCM
        v.extend_from_slice(&1u16.to_le_bytes()); // mono
        v.extend_from_slice(&rate.to_le_bytes());
        v.extend_from_slice(&(rate * 2).to_le_bytes()); // byte rate
        v.extend_from_slice(&2u16.to_le_bytes());
        v.extend_from_slice(&16u16.to_le_bytes());
        v.extend_from_slice(b"data");
        v.extend_from_slice(&data_len.to_le_bytes());
        v.resize(v.len() + data_len as usize, 0);
        v
    }

    #[test]
    fn wav_duration_from_byte_rate() {
        assert_eq!(
            duration_seconds("audio/x-wav", &wav_bytes(3, 8000)),
            Some(3)
        );
        let mut cut = wav_bytes(3, 8000);
        cut.truncate(44 + 8000 * 2);
        assert_eq!(
            duration_seconds("audio/x-wav", &cut),
            Some(1),
            "a cut file counts what is there"
        );
    }

    #[test]
    fn amr_counts_20ms_frames() {
        let mut v = b"#!AMR\n".to_vec();
        // 250 frames of mode 7 (12.2 kbit/s, 32 bytes each) = 5 s.
        for _ in 0..250 {
            v.push(7 << 3 | 0x04);
            v.extend_from_slice(&[0u8; 31]);
        }
        assert_eq!(duration_seconds("audio/amr", &v), Some(5));
    }

    #[test]
    fn mp4_duration_from_mvhd() {
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes()); // timescale
        mvhd[16..20].copy_from_slice(&65_500u32.to_be_bytes()); // 65.5 s
        let mut moov = ((8 + 8 + mvhd.len()) as u32).to_be_bytes().to_vec();
        moov.extend_from_slice(b"moov");
        moov.extend_from_slice(&((8 + mvhd.len()) as u32).to_be_bytes());
        moov.extend_from_slice(b"mvhd");
        moov.extend_from_slice(&mvhd);
        let mut file = 16u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"ftypM4A \0\0\0\0");
        file.extend_from_slice(&moov);
        assert_eq!(duration_seconds("audio/mp4", &file), Some(65));
    }

    #[test]
    fn mp3_constant_bitrate_estimate() {
        // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 16,000 bytes per second.
        let mut v = vec![0xff, 0xfb, 0x90, 0x00];
        v.resize(16_000 * 7, 0);
        assert_eq!(duration_seconds("audio/mpeg", &v), Some(7));
    }

    #[test]
    fn a_box_with_a_64_bit_size_near_the_top_ends_the_walk() {
        // 48 bytes that looped forever (release) or panicked (debug): ftyp, then a box of
        // size 1 whose 64-bit size is 2^64 - 16.
        let mut b = Vec::new();
        b.extend_from_slice(&16u32.to_be_bytes());
        b.extend_from_slice(b"ftypM4A \0\0\0\0");
        b.extend_from_slice(&1u32.to_be_bytes());
        b.extend_from_slice(b"free");
        b.extend_from_slice(&(u64::MAX - 15).to_be_bytes());
        b.extend_from_slice(&[0u8; 64]);
        assert_eq!(duration_seconds("audio/mp4", &b), None);
        // Every 64-bit size near the top, and every offset, ends.
        for k in 0..64u64 {
            let mut c = b.clone();
            c[24..32].copy_from_slice(&(u64::MAX - k).to_be_bytes());
            assert_eq!(duration_seconds("audio/mp4", &c), None);
        }
    }

    #[test]
    fn an_all_ones_mvhd_duration_is_unknown() {
        let mut mvhd = vec![0u8; 4]; // version 0, flags
        mvhd.extend_from_slice(&[0u8; 8]); // creation, modification
        mvhd.extend_from_slice(&1000u32.to_be_bytes());
        mvhd.extend_from_slice(&u32::MAX.to_be_bytes());
        let mut moov = Vec::new();
        moov.extend_from_slice(&((8 + mvhd.len()) as u32).to_be_bytes());
        moov.extend_from_slice(b"mvhd");
        moov.extend_from_slice(&mvhd);
        let mut b = Vec::new();
        b.extend_from_slice(&16u32.to_be_bytes());
        b.extend_from_slice(b"ftypqt  \0\0\0\0");
        b.extend_from_slice(&((8 + moov.len()) as u32).to_be_bytes());
        b.extend_from_slice(b"moov");
        b.extend_from_slice(&moov);
        assert_eq!(duration_seconds("video/quicktime", &b), None);
    }

    #[test]
    fn unknown_or_damaged_gives_none() {
        assert_eq!(duration_seconds("audio/ogg", b"OggS\0\0"), None);
        assert_eq!(duration_seconds("audio/mp4", b"\0\0\0\x10ftypM4A "), None);
        assert_eq!(duration_seconds("audio/x-wav", b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(duration_seconds("audio/amr", b"#!AMR\n\x50"), None);
    }
}
