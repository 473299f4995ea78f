//! What a camera wrote into a picture's EXIF: the time, which time it is, the camera's make and
//! model, and the orientation.
//!
//! The reader continues past a damaged field (kamadak-exif's continue-on-error mode: one IFD
//! entry pointing past the end must not cost the photo its time and orientation) and reads the
//! whole file through a seekable reader, so EXIF stored anywhere (after the image data of a
//! large HEIC) is found. A time is labelled truthfully: `DateTimeOriginal` is when the photo
//! was taken; `DateTime` is only when the camera last wrote the file.

use std::io::{BufRead, Seek};

use serde::Serialize;

crate::domain::named::named_enum! {
    /// Which EXIF time a photo's recorded time is.
    pub ExifTimeKind, "EXIF time", "exifTimeKind" {
        /// `DateTimeOriginal`: when the picture was taken.
        Original => "original", "拍摄时间", "time taken";
        /// `DateTime`: when the camera or an editor last wrote the file.
        Recorded => "recorded", "相机记录的时间", "time recorded by the camera";
    }
}

/// EXIF facts of a picture; every field absent when its tag is missing or unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CameraFacts {
    /// `YYYY-MM-DDTHH:MM:SS` as the camera wrote it (its local time, no zone).
    pub taken_at: Option<String>,
    pub time_kind: Option<ExifTimeKind>,
    /// Camera maker and model (`Make`, `Model`), trimmed.
    pub make: Option<String>,
    pub model: Option<String>,
    /// EXIF orientation 1–8; 1 when absent or out of range.
    pub orientation: u8,
}

impl CameraFacts {
    /// True when EXIF names the camera that made the picture: a photo, not a screenshot.
    pub fn from_camera(&self) -> bool {
        self.make.is_some() || self.model.is_some()
    }
}

/// Reads EXIF from a whole picture file (JPEG, TIFF, PNG, WebP, HEIF/HEIC/AVIF), continuing
/// past damaged fields; `None` when it has no readable EXIF at all.
pub fn read_exif<R: BufRead + Seek>(reader: &mut R) -> Option<exif::Exif> {
    let result = exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(reader);
    match result {
        Ok(exif) => Some(exif),
        Err(e) => e.distill_partial_result(|_ignored| {}).ok(),
    }
}

/// The camera facts of a file of type `media_type`, read through `reader`.
pub fn camera_facts<R: BufRead + Seek>(media_type: &str, reader: &mut R) -> CameraFacts {
    let none = CameraFacts {
        orientation: 1,
        ..CameraFacts::default()
    };
    if !matches!(
        media_type,
        "image/jpeg"
            | "image/tiff"
            | "image/heif"
            | "image/heic"
            | "image/avif"
            | "image/png"
            | "image/webp"
    ) {
        return none;
    }
    // A decoder bug on a hostile file is no EXIF, not a crash of the intake.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_exif(reader)))
        .ok()
        .flatten()
        .map_or(none, |exif| facts(&exif))
}

fn facts(exif: &exif::Exif) -> CameraFacts {
    let text = |tag| {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(ref parts) = field.value else {
            return None;
        };
        let s = String::from_utf8_lossy(parts.first()?);
        let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
        (!s.is_empty()).then(|| s.chars().take(100).collect::<String>())
    };
    let time = |tag| {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(ref parts) = field.value else {
            return None;
        };
        let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
        let date = chrono::NaiveDate::from_ymd_opt(dt.year.into(), dt.month.into(), dt.day.into())?;
        let time =
            chrono::NaiveTime::from_hms_opt(dt.hour.into(), dt.minute.into(), dt.second.into())?;
        Some(date.and_time(time).format("%Y-%m-%dT%H:%M:%S").to_string())
    };
    // A zeroed or malformed DateTimeOriginal is no time: fall back to DateTime, labelled as
    // what it is.
    let (taken_at, time_kind) = match time(exif::Tag::DateTimeOriginal) {
        Some(t) => (Some(t), Some(ExifTimeKind::Original)),
        None => match time(exif::Tag::DateTime) {
            Some(t) => (Some(t), Some(ExifTimeKind::Recorded)),
            None => (None, None),
        },
    };
    CameraFacts {
        taken_at,
        time_kind,
        make: text(exif::Tag::Make),
        model: text(exif::Tag::Model),
        orientation: exif
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .filter(|v| (1..=8).contains(v))
            .map_or(1, |v| v as u8),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Cursor;

    /// One IFD entry: tag, type, count, value or offset (big-endian TIFF).
    fn entry(t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32) {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&typ.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value.to_be_bytes());
    }

    /// A big-endian TIFF/EXIF block: IFD0 with Make, Model, Orientation, DateTime, an
    /// XResolution that points past the end when `bad_field`, and an Exif IFD with
    /// `original` as DateTimeOriginal when given.
    pub(crate) fn tiff(
        make: Option<&str>,
        orientation: u16,
        date_time: &str,
        original: Option<&str>,
        bad_field: bool,
    ) -> Vec<u8> {
        let mut strings: Vec<(u16, Vec<u8>)> = Vec::new();
        if let Some(m) = make {
            strings.push((0x010F, format!("{m}\0").into_bytes()));
            strings.push((0x0110, b"Model X1\0".to_vec()));
        }
        strings.push((0x0132, format!("{date_time}\0").into_bytes()));
        let n0 = strings.len() + 3; // + Orientation, XResolution, ExifIFD pointer
        let ifd0 = 8u32;
        let ifd0_len = 2 + 12 * n0 as u32 + 4;
        let exif_ifd = ifd0 + ifd0_len;
        let exif_len = 2 + 12 + 4;
        let mut data_at = exif_ifd + exif_len;
        let mut data = Vec::new();
        let mut t = b"MM\0\x2a".to_vec();
        t.extend_from_slice(&ifd0.to_be_bytes());
        t.extend_from_slice(&(n0 as u16).to_be_bytes());
        let mut entries: Vec<(u16, u16, u32, u32)> = Vec::new();
        for (tag, s) in &strings {
            entries.push((*tag, 2, s.len() as u32, data_at));
            data.extend_from_slice(s);
            data_at += s.len() as u32;
        }
        entries.push((0x0112, 3, 1, u32::from(orientation) << 16));
        let xres_at = if bad_field { 0x00FF_FFF0 } else { data_at };
        entries.push((0x011A, 5, 1, xres_at));
        if !bad_field {
            data.extend_from_slice(&[0, 0, 0, 72, 0, 0, 0, 1]);
            data_at += 8;
        }
        entries.push((0x8769, 4, 1, exif_ifd));
        entries.sort_by_key(|e| e.0);
        for (tag, typ, count, value) in entries {
            entry(&mut t, tag, typ, count, value);
        }
        t.extend_from_slice(&0u32.to_be_bytes());
        // Exif IFD: DateTimeOriginal.
        let original = format!("{}\0", original.unwrap_or("0000:00:00 00:00:00"));
        t.extend_from_slice(&1u16.to_be_bytes());
        entry(&mut t, 0x9003, 2, original.len() as u32, data_at);
        t.extend_from_slice(&0u32.to_be_bytes());
        t.extend_from_slice(&data);
        t.extend_from_slice(original.as_bytes());
        t
    }

    /// A JPEG-shaped file: SOI, APP1 with `tiff`, then `tail` (not a real image).
    pub(crate) fn jpeg_with(tiff: &[u8], tail: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE1];
        v.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
        v.extend_from_slice(b"Exif\0\0");
        v.extend_from_slice(tiff);
        v.extend_from_slice(tail);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    fn read(media_type: &str, bytes: &[u8]) -> CameraFacts {
        camera_facts(media_type, &mut Cursor::new(bytes))
    }

    #[test]
    fn a_bad_field_does_not_cost_the_time_and_orientation() {
        // The field case: Orientation 6, DateTime 2026:03:20 23:05:00, XResolution past the end.
        let t = tiff(None, 6, "2026:03:20 23:05:00", None, true);
        let f = read("image/jpeg", &jpeg_with(&t, &[]));
        assert_eq!(f.orientation, 6);
        assert_eq!(f.taken_at.as_deref(), Some("2026-03-20T23:05:00"));
        assert_eq!(f.time_kind, Some(ExifTimeKind::Recorded));
        assert!(!f.from_camera());
        // Without continue-on-error the whole block is lost: the reason for this module.
        assert!(
            exif::Reader::new()
                .read_from_container(&mut Cursor::new(jpeg_with(&t, &[])))
                .is_err()
        );
    }

    #[test]
    fn original_time_is_the_time_taken_and_make_model_are_kept() {
        let t = tiff(
            Some("Xiaomi"),
            1,
            "2026:03:21 08:00:00",
            Some("2026:03:20 10:11:12"),
            false,
        );
        let f = read("image/jpeg", &jpeg_with(&t, &[]));
        assert_eq!(f.taken_at.as_deref(), Some("2026-03-20T10:11:12"));
        assert_eq!(f.time_kind, Some(ExifTimeKind::Original));
        assert_eq!(f.make.as_deref(), Some("Xiaomi"));
        assert_eq!(f.model.as_deref(), Some("Model X1"));
        assert!(f.from_camera());
    }

    #[test]
    fn a_zeroed_original_falls_back_to_the_recorded_time() {
        let t = tiff(Some("HUAWEI"), 1, "2026:03:21 08:00:00", None, false);
        let f = read("image/jpeg", &jpeg_with(&t, &[]));
        assert_eq!(f.taken_at.as_deref(), Some("2026-03-21T08:00:00"));
        assert_eq!(f.time_kind, Some(ExifTimeKind::Recorded));
    }

    #[test]
    fn exif_past_the_first_mib_is_found() {
        // A TIFF whose IFD sits after 3 MiB of image data.
        let inner = tiff(Some("Canon"), 3, "2026:01:02 03:04:05", None, false);
        let pad = 3 << 20;
        let mut t = b"MM\0\x2a".to_vec();
        t.extend_from_slice(&((8 + pad) as u32).to_be_bytes());
        t.resize(8 + pad, 0x55);
        // Rebase the inner block's offsets by appending it as-is at the same offsets: simplest
        // is a TIFF made of the inner block with its first IFD moved; here we rebuild it.
        let shifted = shift_tiff(&inner, pad as u32);
        t.extend_from_slice(&shifted[8..]);
        let f = read("image/tiff", &t);
        assert_eq!(f.orientation, 3);
        assert_eq!(f.make.as_deref(), Some("Canon"));
        assert_eq!(f.taken_at.as_deref(), Some("2026-01-02T03:04:05"));
    }

    /// The `tiff` block with every offset moved by `by` bytes (its IFDs and data placed after
    /// `by` bytes of image data).
    fn shift_tiff(t: &[u8], by: u32) -> Vec<u8> {
        let mut v = t.to_vec();
        let be16 = |v: &[u8], at: usize| u16::from_be_bytes([v[at], v[at + 1]]);
        let be32 = |v: &[u8], at: usize| u32::from_be_bytes(v[at..at + 4].try_into().unwrap());
        let mut ifds = vec![be32(&v, 4) as usize];
        let put =
            |v: &mut Vec<u8>, at: usize, x: u32| v[at..at + 4].copy_from_slice(&x.to_be_bytes());
        let first = be32(&v, 4);
        put(&mut v, 4, first + by);
        while let Some(ifd) = ifds.pop() {
            let n = usize::from(be16(&v, ifd));
            for i in 0..n {
                let e = ifd + 2 + 12 * i;
                let (tag, typ, count) = (be16(&v, e), be16(&v, e + 2), be32(&v, e + 4));
                let size = match typ {
                    2 => count,
                    5 => 8 * count,
                    _ => 4 * count,
                };
                if tag == 0x8769 {
                    ifds.push(be32(&v, e + 8) as usize);
                }
                if size > 4 || tag == 0x8769 {
                    let off = be32(&v, e + 8);
                    put(&mut v, e + 8, off + by);
                }
            }
        }
        v
    }

    #[test]
    fn not_a_picture_or_no_exif_gives_nothing() {
        assert_eq!(read("audio/mpeg", b"whatever").orientation, 1);
        assert_eq!(
            read("image/jpeg", b"\xff\xd8\xff\xd9"),
            CameraFacts {
                orientation: 1,
                ..Default::default()
            }
        );
        for n in 0..200 {
            let t = tiff(Some("X"), 6, "2026:03:20 23:05:00", None, true);
            let j = jpeg_with(&t, &[]);
            let _ = read("image/jpeg", &j[..n.min(j.len())]);
        }
    }
}
