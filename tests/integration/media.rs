//! The recordings and photos phones make, added through the CLI as a user would: each is
//! recognised (type and kind) and measured (duration, EXIF time and camera), and the evidence
//! PDF says what was measured. The inputs are built here, after the field cases of issue 11
//! (shared/cases), with the same structure and the same right values.

use std::fs;
use std::io::Write;

use crate::util::Dir;

/// AMR-WB storage format, `frames` frames of mode 8 (23.85 kbit/s, 61 bytes).
fn amr_wb(frames: usize) -> Vec<u8> {
    let mut v = b"#!AMR-WB\n".to_vec();
    for i in 0..frames {
        v.push(8 << 3 | 0x04);
        v.extend((0..60).map(|k| (i * 7 + k) as u8));
    }
    v
}

/// WeChat voice: `\x02#!SILK_V3`, then length-prefixed frames of 20 ms.
fn silk(frames: usize) -> Vec<u8> {
    let mut v = b"\x02#!SILK_V3".to_vec();
    for i in 0..frames {
        let n = 35 + (i % 20);
        v.extend_from_slice(&(n as u16).to_le_bytes());
        v.extend((0..n).map(|k| (i + k) as u8));
    }
    v
}

/// MPEG-2 Layer III, 16 kHz mono, no ID3 tag: `frames` frames of 576 samples, bit rates
/// cycling through `indexes` (VBR without a Xing/VBRI header when more than one).
fn mp3(header: [u8; 4], indexes: &[u8], frames: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..frames {
        let mut h = header;
        let idx = indexes[i % indexes.len()];
        h[2] = (h[2] & 0x0F) | (idx << 4);
        let mpeg1 = (h[1] >> 3) & 3 == 3;
        let rate = match (mpeg1, (h[2] >> 2) & 3) {
            (true, 0) => 44_100,
            (false, 2) => 16_000,
            _ => unreachable!("only the headers used here"),
        };
        let v1 = [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ];
        let v2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        let kbps = if mpeg1 { v1 } else { v2 }[usize::from(idx)];
        let len = if mpeg1 { 144 } else { 72 } * kbps * 1000 / rate;
        let at = v.len();
        v.extend_from_slice(&h);
        v.resize(at + len, 0x11);
    }
    v
}

/// A WAV (8 kHz, 16-bit mono) whose RIFF and data sizes were never written.
fn wav_unfinished(seconds: usize) -> Vec<u8> {
    let mut v = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&[1, 0, 1, 0]);
    v.extend_from_slice(&8000u32.to_le_bytes());
    v.extend_from_slice(&16000u32.to_le_bytes());
    v.extend_from_slice(&[2, 0, 16, 0]);
    v.extend_from_slice(b"data\0\0\0\0");
    v.resize(v.len() + seconds * 16_000, 0);
    v
}

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut v = ((8 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(body);
    v
}

/// AMR-NB in 3GP (`ftyp 3gp4`), 60 s in the movie header; its media data follows.
fn amr_in_3gp() -> Vec<u8> {
    let mut mvhd = vec![0u8; 12];
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&60_000u32.to_be_bytes());
    mvhd.resize(100, 0);
    let mut v = boxed(b"ftyp", b"3gp4\0\0\x02\x00isom3gp4");
    v.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
    v.extend(boxed(b"mdat", &[0x3C; 3000]));
    v
}

/// A JPEG-shaped photo whose EXIF names the camera and has DateTimeOriginal.
fn camera_jpeg() -> Vec<u8> {
    // Little-endian TIFF: IFD0 Make, Model, ExifIFD; Exif IFD DateTimeOriginal.
    let mut t = b"II\x2a\0\x08\0\0\0".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&typ.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    let exif_ifd = 8 + 2 + 3 * 12 + 4;
    let data = exif_ifd + 2 + 12 + 4;
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 7, data as u32); // "Xiaomi\0"
    entry(&mut t, 0x0110, 2, 9, data as u32 + 7); // "Redmi 12\0"
    entry(&mut t, 0x8769, 4, 1, exif_ifd as u32);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&1u16.to_le_bytes());
    entry(&mut t, 0x9003, 2, 20, data as u32 + 16);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"Xiaomi\0Redmi 12\x002026:03:20 10:11:12\0");
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE1];
    v.extend_from_slice(&((t.len() + 8) as u16).to_be_bytes());
    v.extend_from_slice(b"Exif\0\0");
    v.extend_from_slice(&t);
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

fn item<'a>(list: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed"))
}

#[test]
fn recordings_phones_make_are_recognised_and_measured() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let files = [
        d.file("amr_wb_60s.awb", &amr_wb(3000)),
        d.file("amr_nb_in_3gp_60s.3gp", &amr_in_3gp()),
        // 1114 frames × 36 ms = 40.104 s.
        d.file(
            "mp3_mpeg2_16k_noid3_40s.mp3",
            &mp3([0xFF, 0xF3, 0x48, 0xC4], &[4], 1114),
        ),
        // 3446 frames × 1152 / 44.1 kHz = 90.0179 s; the first frame's bit rate says 15 s.
        d.file(
            "mp3_vbr_noxing_90s.mp3",
            &mp3(
                [0xFF, 0xFB, 0x10, 0x00],
                &[1, 1, 1, 14, 14, 14, 9, 5, 11],
                3446,
            ),
        ),
        d.file("wav_header_unfinished_30s.wav", &wav_unfinished(30)),
        d.file("wechat_voice_30s.silk", &silk(1500)),
        d.file("photo.jpg", &camera_jpeg()),
    ];
    let refs: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    d.add(&case, &refs);
    let list = d.json(&["evidence", "list", &case]);
    let expect = [
        ("amr_wb_60s.awb", "audio/amr-wb", 60.0, false),
        ("amr_nb_in_3gp_60s.3gp", "audio/3gpp", 60.0, false),
        ("mp3_mpeg2_16k_noid3_40s.mp3", "audio/mpeg", 40.104, false),
        ("mp3_vbr_noxing_90s.mp3", "audio/mpeg", 90.017, false),
        ("wav_header_unfinished_30s.wav", "audio/x-wav", 30.0, true),
        ("wechat_voice_30s.silk", "audio/silk", 30.0, false),
    ];
    for (name, media_type, seconds, estimated) in expect {
        let e = item(&list, name);
        assert_eq!(e["media_type"], media_type, "{name}");
        assert_eq!(e["kind"], "recording", "{name}");
        assert_eq!(e["duration_seconds"].as_f64(), Some(seconds), "{name}");
        assert_eq!(e["duration_estimated"], estimated, "{name}");
    }
    let photo = item(&list, "photo.jpg");
    assert_eq!(photo["kind"], "photo");
    assert_eq!(photo["camera_make"], "Xiaomi");
    assert_eq!(photo["camera_model"], "Redmi 12");
    assert_eq!(photo["exif_taken_at"], "2026-03-20T10:11:12");
    assert_eq!(photo["exif_time_kind"], "original");
    assert!(photo["duration_seconds"].is_null());

    // The PDF says what was measured: H:MM:SS, the estimate marked, the camera named.
    let pdf = d.root.join("case.pdf");
    d.ok(&["export", "pdf", &case, "--out", pdf.to_str().unwrap()]);
    let text = crate::util::pdf_text(&pdf);
    for shown in [
        "0:01:00",
        "0:00:40",
        "0:01:30",
        "约0:00:30（估算",
        "XiaomiRedmi12",
        "拍摄2026-03-2010:11:12",
    ] {
        assert!(text.contains(shown), "the PDF shows {shown}:\n{text}");
    }
    assert!(!text.contains("0:00:15"), "no first-frame bit-rate guess");
}

#[test]
fn an_unknown_duration_is_said_in_words() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // An MOV whose movie header says "unknown" (all ones).
    let mut mvhd = vec![0u8; 12];
    mvhd.extend_from_slice(&600u32.to_be_bytes());
    mvhd.extend_from_slice(&u32::MAX.to_be_bytes());
    mvhd.resize(100, 0);
    let mut mov = boxed(b"ftyp", b"qt  \0\0\0\0qt  ");
    mov.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
    let f = d.file("live.mov", &mov);
    d.add(&case, &[&f]);
    let list = d.json(&["evidence", "list", &case]);
    let e = item(&list, "live.mov");
    assert_eq!(e["media_type"], "video/quicktime");
    assert_eq!(e["kind"], "recording");
    assert!(e["duration_seconds"].is_null());
    assert_eq!(e["duration_estimated"], false);
    let pdf = d.root.join("case.pdf");
    d.ok(&["export", "pdf", &case, "--out", pdf.to_str().unwrap()]);
    assert!(crate::util::pdf_text(&pdf).contains("未能读取"));
}

#[test]
fn a_recording_over_256_mib_gets_its_duration() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    // 8 kHz 16-bit mono WAV with its sizes written: 260 MiB of (sparse) samples.
    let data: u32 = 260 << 20;
    let mut head = b"RIFF".to_vec();
    head.extend_from_slice(&(36 + data).to_le_bytes());
    head.extend_from_slice(b"WAVEfmt ");
    head.extend_from_slice(&16u32.to_le_bytes());
    head.extend_from_slice(&[1, 0, 1, 0]);
    head.extend_from_slice(&8000u32.to_le_bytes());
    head.extend_from_slice(&16000u32.to_le_bytes());
    head.extend_from_slice(&[2, 0, 16, 0]);
    head.extend_from_slice(b"data");
    head.extend_from_slice(&data.to_le_bytes());
    let path = d.root.join("long.wav");
    let mut f = fs::File::create(&path).unwrap();
    f.write_all(&head).unwrap();
    f.set_len(head.len() as u64 + u64::from(data)).unwrap();
    drop(f);
    d.add(&case, &[&path]);
    let list = d.json(&["evidence", "list", &case]);
    let e = item(&list, "long.wav");
    // 272,629,760 bytes at 16,000 bytes/s.
    assert_eq!(e["duration_seconds"].as_f64(), Some(17_039.36));
    assert_eq!(e["duration_estimated"], false);
}

/// A HEIC (HEVC) or AVIF (AV1) photo made here with libheif's own encoders: red left half,
/// blue right half. `None` when this libheif has no such encoder.
#[cfg(feature = "heif")]
fn heif_photo(avif: bool) -> Option<Vec<u8>> {
    use libheif_rs::{Channel, ColorSpace, CompressionFormat, HeifContext, Image, RgbChroma};
    let (w, h) = (96u32, 64u32);
    let mut img = Image::new(w, h, ColorSpace::Rgb(RgbChroma::Rgb)).ok()?;
    img.create_plane(Channel::Interleaved, w, h, 8).ok()?;
    {
        let plane = img.planes_mut().interleaved?;
        for y in 0..h as usize {
            for x in 0..w as usize {
                let px = if x < 48 { [220, 30, 30] } else { [30, 30, 220] };
                plane.data[y * plane.stride + x * 3..][..3].copy_from_slice(&px);
            }
        }
    }
    let mut ctx = HeifContext::new().ok()?;
    let format = if avif {
        CompressionFormat::Av1
    } else {
        CompressionFormat::Hevc
    };
    let mut encoder = ctx.encoder_for_format(format).ok()?;
    ctx.encode_image(&img, &mut encoder, None).ok()?;
    ctx.write_to_bytes().ok()
}

#[cfg(feature = "heif")]
#[test]
fn heic_and_avif_photos_get_a_jpeg_preview() {
    use casefile::api::{Session, evidence};
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let mut files = vec![d.file("note.txt", b"not a photo\n")];
    for (avif, name) in [(false, "IMG_0001.HEIC"), (true, "photo.avif")] {
        match heif_photo(avif) {
            Some(bytes) => files.push(d.file(name, &bytes)),
            None => eprintln!("SKIPPED {name}: this libheif has no encoder for it"),
        }
    }
    let lines = d.add(
        &case,
        &files.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    let s = Session::open(
        &d.vault,
        &secrecy::SecretString::from(crate::util::PASSPHRASE),
        Box::new(casefile::domain::SystemClock),
    )
    .unwrap();
    for line in &lines {
        let e = evidence::show(&s, line["id"].as_str().unwrap()).unwrap();
        let preview = evidence::picture_preview(&s, &e).unwrap();
        if e.media_type == "text/plain" {
            assert!(preview.is_none());
            continue;
        }
        assert!(
            matches!(e.media_type.as_str(), "image/heic" | "image/avif"),
            "{}",
            e.media_type
        );
        let jpeg = preview.expect("a JPEG for the webview");
        let img = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8();
        assert_eq!(img.dimensions(), (96, 64));
        let (left, right) = (img.get_pixel(10, 32), img.get_pixel(86, 32));
        assert!(left[0] > 180 && left[2] < 90, "{left:?}");
        assert!(right[2] > 180 && right[0] < 90, "{right:?}");
    }
}
