//! Entry points for the `cargo fuzz` targets in `fuzz/`: one thin function per parser that
//! reads untrusted bytes. Each must return (whatever the result) without panicking, looping
//! or allocating without bound; the fuzzer treats a panic, a timeout or a large allocation as
//! a crash. Compiled for the `fuzzing` feature (the fuzz crate) and for the unit tests, which
//! replay every committed crash input under `fuzz/regressions/<target>/` through the same
//! functions, so `cargo test` keeps each crash fixed without nightly.

use std::io::{Cursor, Write as _};
use std::path::Path;
use std::sync::Arc;

use crate::export::pdf::{Attachment, Block, Document, Fallback, Lang, RenderOptions};

/// Media types whose duration is measured: the stored type decides the parser, so each
/// parser is fed every input whatever its sniffed type.
const MEDIA_TYPES: &[&str] = &[
    "audio/mpeg",
    "audio/aac",
    "audio/mp4",
    "audio/3gpp",
    "audio/x-wav",
    "audio/amr",
    "audio/amr-wb",
    "audio/silk",
    "audio/ogg",
    "audio/flac",
    "video/quicktime",
    "application/octet-stream",
];

/// Image types whose EXIF is read at intake.
const EXIF_TYPES: &[&str] = &[
    "image/jpeg",
    "image/tiff",
    "image/heif",
    "image/heic",
    "image/avif",
    "image/png",
    "image/webp",
];

/// Media type sniffing (`domain::media::sniff`, `sniff_stream`) and recording durations
/// (AMR-NB/WB and SILK frame counts, WAV, the MP4 box walk with fragments, and symphonia's
/// MP3/ADTS/OGG/FLAC demuxers), as the intake and the PDF use them.
pub fn media_duration(bytes: &[u8]) {
    let sniffed = crate::api::evidence::sniff_media_type(bytes);
    let _ = crate::domain::media::sniff_stream(bytes);
    let shared: Arc<[u8]> = Arc::from(bytes);
    let _ = crate::domain::media::duration_of_bytes(&sniffed, shared.clone());
    for t in MEDIA_TYPES {
        let _ = crate::domain::media::duration_of_bytes(t, shared.clone());
    }
}

/// The EXIF facts read at intake (time, which time, camera, orientation), continuing past bad
/// fields, for every image type that reads them.
pub fn exif(bytes: &[u8]) {
    for t in EXIF_TYPES {
        let _ = crate::domain::media::camera_facts(t, &mut Cursor::new(bytes));
    }
}

/// The phone-capture parsers (`crate::capture`) on one input: as a recording's file name
/// (built-in recorders and a user pattern), as "SMS Backup & Restore" XML, as text in any
/// encoding (chat text, QQ text, MemoTrace CSV; the bounded head a text exhibit prints). The
/// iPhone databases are SQLite's to parse.
pub fn capture(bytes: &[u8]) {
    use crate::capture::{chat, recording, sms_backup, text};
    let name = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    let _ = recording::recognise(&name);
    if let Ok(p) = recording::Pattern::parse("{name}-{number}-{time:%Y%m%d%H%M%S}") {
        let _ = p.recognise(&name);
    }
    let _ = recording::Pattern::parse(&name);
    let _ = sms_backup::parse(Cursor::new(bytes));
    let _ = sms_backup::unescape(&name);
    let _ = text::looks_like_text(bytes);
    let _ = text::decode_head(bytes, 1000);
    let (decoded, _) = text::decode(bytes);
    let _ = chat::sniff_text(&decoded);
    let _ = chat::parse_text(&decoded, false);
    let _ = chat::parse_text(&decoded, true);
    if chat::is_memotrace_csv(&decoded) {
        let _ = chat::parse_memotrace_csv(&decoded);
    }
}

/// The vault header (`vault.json`): parsed and checked; a header that parses must
/// serialise and parse again.
pub fn vault_header(bytes: &[u8]) {
    let path = Path::new("vault.json");
    if let Ok(h) = crate::vault::VaultHeader::from_json(bytes, path) {
        let _ = h.kdf.check();
        let _ = crate::vault::VaultHeader::from_json(&h.to_json(), path);
    }
}

/// verify-pack over arbitrary bytes as the zip.
pub fn pack(bytes: &[u8]) {
    let _ = crate::export::pack::verify_pack(Cursor::new(bytes));
}

/// verify-pack over a well-formed zip whose `manifest.json` is `bytes` (listed in
/// SHA256SUMS with its true hash), so the fuzzer reaches the manifest and chain checks
/// instead of spending itself on the zip container.
pub fn pack_manifest(bytes: &[u8]) {
    let _ = crate::export::pack::verify_pack(Cursor::new(zip_with_manifest(bytes)));
}

/// An RFC 3161 reply as the timestamp verifier reads one from the network or a pack (with a
/// throwaway trust anchor, so the chain walk is reached when a token carries certificates).
pub fn timestamp_response(bytes: &[u8]) {
    let anchors = crate::timestamp::TrustAnchors::default();
    let _ = crate::timestamp::token::verify_response(bytes, &[0u8; 32], None, &[], &anchors);
    let _ = crate::timestamp::token::parse_certs(bytes);
    let _ = crate::timestamp::ProofFile::parse(bytes).map(|p| p.check());
}

/// A zip holding SHA256SUMS and `manifest.json` = `manifest`.
pub fn zip_with_manifest(manifest: &[u8]) -> Vec<u8> {
    use crate::export::pack::{MANIFEST_PATH, SUMS_PATH};
    use sha2::Digest as _;
    let sums = format!(
        "{}  {MANIFEST_PATH}\n",
        hex::encode(sha2::Sha256::digest(manifest))
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let written = (|| -> zip::result::ZipResult<Vec<u8>> {
        zip.start_file(SUMS_PATH, opts)?;
        zip.write_all(sums.as_bytes())?;
        zip.start_file(MANIFEST_PATH, opts)?;
        zip.write_all(manifest)?;
        Ok(zip.finish()?.into_inner())
    })();
    written.expect("writing a zip in memory")
}

fn options() -> RenderOptions {
    RenderOptions {
        fallback: Fallback::None,
        created: None,
    }
}

/// An imported PDF (exhibit pages drawn from another PDF): lopdf parsing, the page tree,
/// annotation appearances and the copy of its objects into the output, then the finish.
pub fn pdf_import(bytes: &[u8]) {
    let doc = Document {
        title: "fuzz".into(),
        header: None,
        blocks: vec![Block::PdfPages {
            bytes: Arc::from(bytes),
            caption: "exhibit".into(),
        }],
        lang: Lang::En,
    };
    let _ = crate::export::pdf::render_full(&doc, &options(), &[]);
}

/// The PDF writer with `bytes` as a picture and as an attachment: image preparation
/// (JPEG header, EXIF orientation, decoding, Flate) and the payload splice that puts the
/// bytes into the saved file. A render that succeeds must give a PDF that lopdf reads.
pub fn pdf_render(bytes: &[u8]) {
    let data: Arc<[u8]> = Arc::from(bytes);
    let mime = match bytes.first().map(|b| b % 4) {
        Some(0) => "image/png",
        Some(1) => "text/plain",
        Some(2) => "application/pdf",
        _ => "application/octet-stream",
    };
    let doc = Document {
        title: "fuzz".into(),
        header: None,
        blocks: vec![Block::Image {
            bytes: data.clone(),
            caption: "exhibit".into(),
        }],
        lang: Lang::En,
    };
    let attachments = [Attachment {
        name: "exhibit".into(),
        description: String::new(),
        bytes: data,
        mime: mime.into(),
    }];
    if let Ok(out) = crate::export::pdf::render_full(&doc, &options(), &attachments) {
        assert!(
            lopdf::Document::load_mem(&out.bytes).is_ok(),
            "the rendered PDF does not read back"
        );
    }
}

/// Under libFuzzer every panic aborts, even one the product catches. The PDF writer runs
/// its third-party decoders (the `image` codecs, kamadak-exif and lopdf on an imported PDF,
/// symphonia's demuxers in `domain::media::duration`)
/// inside `catch_unwind` (`export::pdf::picture::prepare_media`): a panic there becomes a
/// "cannot be shown" note (an unknown duration), which is the behaviour we want. For the
/// `pdf_*` and `media_duration` targets such a
/// panic is reported on stderr (`casefile-fuzz: guarded third-party panic at …`, counted by
/// scripts/fuzz.sh) and the run goes on. A panic anywhere in CaseFile's own code still
/// aborts, and so does a third-party panic that escapes the guard (libfuzzer-sys aborts
/// on any panic that reaches the target).
pub fn tolerate_guarded_third_party_panics() {
    let _libfuzzer_hook = std::panic::take_hook();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        let third_party = info.location().is_some_and(|l| {
            let f = l.file().replace('\\', "/");
            f.contains("/registry/src/") || f.contains("/git/checkouts/")
        });
        if third_party && let Some(l) = info.location() {
            eprintln!(
                "casefile-fuzz: guarded third-party panic at {}:{}",
                l.file(),
                l.line()
            );
        } else {
            std::process::abort();
        }
    }));
}

/// A target's entry point.
pub type Target = fn(&[u8]);

/// The targets by name (the directory names under `fuzz/regressions/` and `fuzz/seeds/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("media_duration", media_duration),
    ("exif", exif),
    ("vault_header", vault_header),
    ("pack", pack),
    ("pack_manifest", pack_manifest),
    ("pdf_import", pdf_import),
    ("pdf_render", pdf_render),
    ("capture", capture),
    ("timestamp_response", timestamp_response),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn dir(kind: &str, target: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(kind)
            .join(target)
    }

    fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let Ok(list) = std::fs::read_dir(dir(kind, target)) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = list
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let b = std::fs::read(&p).expect("reading a fuzz input");
                (p, b)
            })
            .collect()
    }

    /// Every crash the fuzzer found, committed under `fuzz/regressions/<target>/`, stays fixed.
    #[test]
    fn every_committed_crash_input_passes() {
        let mut n = 0;
        for (target, run) in TARGETS {
            for (path, bytes) in inputs("regressions", target) {
                eprintln!("{target}: {}", path.display());
                run(&bytes);
                n += 1;
            }
        }
        eprintln!("{n} regression inputs replayed");
    }

    /// The seeds run through their targets too (they are what the fuzzer starts from).
    #[test]
    fn every_seed_passes() {
        for (target, run) in TARGETS {
            for (_, bytes) in inputs("seeds", target) {
                run(&bytes);
            }
        }
    }

    /// Every target has a directory of seeds (written by `write_seeds`).
    #[test]
    fn every_target_has_seeds() {
        for (target, _) in TARGETS {
            assert!(
                !inputs("seeds", target).is_empty(),
                "no seeds for {target}: run the ignored test fuzzing::tests::write_seeds"
            );
        }
    }

    /// The known crash inputs of issue 10, kept as tests of their own.
    #[test]
    fn known_crashes_of_issue_10() {
        // The MP4 box of size 1 with a 64-bit size near 2^64.
        let mut m4a = 16u32.to_be_bytes().to_vec();
        m4a.extend_from_slice(b"ftypM4A \0\0\0\0");
        m4a.extend_from_slice(&1u32.to_be_bytes());
        m4a.extend_from_slice(b"free");
        m4a.extend_from_slice(&(u64::MAX - 15).to_be_bytes());
        m4a.extend_from_slice(&[0u8; 64]);
        media_duration(&m4a);
        pdf_render(&m4a);
        // Tiny files in the PDF writer's splice.
        for tiny in [
            Vec::new(),
            b"some text".to_vec(),
            seeds::png(1, 1),
            seeds::gif_1x1(),
        ] {
            pdf_render(&tiny);
        }
    }

    /// The seeds reach past the first checks of their parsers (else the fuzzer starts cold).
    #[test]
    fn seeds_reach_the_parsers() {
        let exif_time = |t: &str, bytes: &[u8]| {
            crate::domain::media::camera_facts(t, &mut Cursor::new(bytes)).taken_at
        };
        for (target, list) in seeds::all() {
            for (name, bytes) in list {
                match target {
                    "media_duration" => assert!(
                        crate::domain::media::duration_of_bytes(
                            &crate::api::evidence::sniff_media_type(&bytes),
                            Arc::from(bytes.as_slice())
                        )
                        .is_some(),
                        "{name}"
                    ),
                    "exif" => assert_eq!(
                        EXIF_TYPES
                            .iter()
                            .find_map(|t| exif_time(t, &bytes))
                            .as_deref(),
                        Some("2024-03-01T10:20:30"),
                        "{name}"
                    ),
                    "vault_header" => {
                        crate::vault::VaultHeader::from_json(&bytes, Path::new("v"))
                            .expect("the seed header parses");
                    }
                    "pack" | "pack_manifest" => {
                        let zip = if target == "pack" {
                            bytes
                        } else {
                            zip_with_manifest(&bytes)
                        };
                        let r = crate::export::pack::verify_pack(Cursor::new(zip))
                            .expect("the seed is a zip");
                        assert_eq!(r.exhibits, 1, "{name}: {:?}", r.problems);
                    }
                    "pdf_import" => {
                        let doc = Document {
                            title: "t".into(),
                            header: None,
                            blocks: vec![Block::PdfPages {
                                bytes: Arc::from(&bytes[..]),
                                caption: "c".into(),
                            }],
                            lang: Lang::En,
                        };
                        let r = crate::export::pdf::render_full(&doc, &options(), &[])
                            .expect("the seed renders");
                        assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Writes the seed inputs under `fuzz/seeds/` (run by scripts/fuzz.sh when missing).
    #[test]
    #[ignore = "writes fuzz/seeds; run by scripts/fuzz.sh"]
    fn write_seeds() {
        for (target, list) in seeds::all() {
            let d = dir("seeds", target);
            std::fs::create_dir_all(&d).expect("creating the seed directory");
            for (name, bytes) in list {
                std::fs::write(d.join(name), bytes).expect("writing a seed");
            }
        }
    }

    /// Small valid inputs of each format, built here rather than copied from elsewhere.
    mod seeds {
        use super::super::zip_with_manifest;
        use std::io::Write as _;

        type Seeds = Vec<(&'static str, Vec<u8>)>;

        pub fn all() -> Vec<(&'static str, Seeds)> {
            vec![
                ("media_duration", media()),
                ("exif", exif()),
                ("vault_header", vault_header()),
                ("pack", vec![("pack.zip", zip_with_manifest(&manifest()))]),
                ("pack_manifest", vec![("manifest.json", manifest())]),
                ("pdf_import", pdfs()),
                ("pdf_render", pictures()),
                ("capture", capture()),
                ("timestamp_response", timestamp_vectors()),
            ]
        }

        fn capture() -> Seeds {
            let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
            vec![
                ("xiaomi.txt", b"15882033521(15882033521)_20230506192735.mp3".to_vec()),
                ("samsung.txt", b"Call recording +15551234567_200605_114902.m4a".to_vec()),
                (
                    "sms.xml",
                    br#"<?xml version='1.0'?><smses count="1"><sms address="+8617012345678" date="1774018800000" type="1" body="a&#10;b &#55357;&#56865;" contact_name="(Unknown)" /><mms date="1774018800000" msg_box="1" address="10086"><parts><part ct="text/plain" text="hi" /></parts></mms></smses>"#.to_vec(),
                ),
                (
                    "calls.xml",
                    br#"<calls count="1"><call number="10086" duration="12" date="1774018800000" type="3" /></calls>"#.to_vec(),
                ),
                (
                    "chat.txt",
                    "聊天对象：张经理 (wxid_abc)\n\n2026-03-20 22:58:01 张经理\n还钱\n\n2026-03-20 22:58:40 我\n好\n".as_bytes().to_vec(),
                ),
                (
                    "qq.txt",
                    gb("消息对象:小李\r\n2024-01-02 3:04:05 PM 【管理员】小李(10001)\r\n你好\r\n"),
                ),
                (
                    "memotrace.csv",
                    "\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n1,wxid_a,1,0,0,1774018800,2,还钱,,,,\n".as_bytes().to_vec(),
                ),
            ]
        }

        /// The committed RFC 3161 vectors (made by scripts/make-tsa-vectors.sh).
        fn timestamp_vectors() -> Seeds {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tsa");
            [
                "rsa_good.tsr",
                "ec_good.tsr",
                "fail_rejected.tsr",
                "proof_good.json",
            ]
            .into_iter()
            .map(|n| (n, std::fs::read(dir.join(n)).expect("a committed vector")))
            .collect()
        }

        fn media() -> Seeds {
            let mut wav = b"RIFF".to_vec();
            wav.extend_from_slice(&(36u32 + 64).to_le_bytes());
            wav.extend_from_slice(b"WAVEfmt ");
            wav.extend_from_slice(&16u32.to_le_bytes());
            wav.extend_from_slice(&1u16.to_le_bytes());
            wav.extend_from_slice(&1u16.to_le_bytes());
            wav.extend_from_slice(&8000u32.to_le_bytes());
            wav.extend_from_slice(&16000u32.to_le_bytes());
            wav.extend_from_slice(&2u16.to_le_bytes());
            wav.extend_from_slice(&16u16.to_le_bytes());
            wav.extend_from_slice(b"data");
            wav.extend_from_slice(&64u32.to_le_bytes());
            wav.resize(wav.len() + 64, 0);

            let mut amr = b"#!AMR\n".to_vec();
            for _ in 0..4 {
                amr.push(7 << 3 | 0x04);
                amr.extend_from_slice(&[0u8; 31]);
            }

            let mut mvhd = vec![0u8; 100];
            mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
            mvhd[16..20].copy_from_slice(&65_500u32.to_be_bytes());
            let mut m4a = 16u32.to_be_bytes().to_vec();
            m4a.extend_from_slice(b"ftypM4A \0\0\0\0");
            m4a.extend_from_slice(&((16 + mvhd.len()) as u32).to_be_bytes());
            m4a.extend_from_slice(b"moov");
            m4a.extend_from_slice(&((8 + mvhd.len()) as u32).to_be_bytes());
            m4a.extend_from_slice(b"mvhd");
            m4a.extend_from_slice(&mvhd);

            let mut large = 16u32.to_be_bytes().to_vec();
            large.extend_from_slice(b"ftypqt  \0\0\0\0");
            large.extend_from_slice(&1u32.to_be_bytes());
            large.extend_from_slice(b"free");
            large.extend_from_slice(&24u64.to_be_bytes());
            large.extend_from_slice(&[0u8; 8]);
            large.extend_from_slice(&m4a[16..]);

            let mut mp3 = b"ID3\x04\0\0\0\0\0\x04".to_vec();
            mp3.extend_from_slice(&[0u8; 4]);
            mp3.extend_from_slice(&[0xff, 0xfb, 0x90, 0x00]);
            mp3.extend_from_slice(&[0u8; 32]);
            mp3.extend_from_slice(b"Info\0\0\0\x01\0\0\0\x10");
            mp3.resize(14 + 417, 0);
            for _ in 0..16 {
                let at = mp3.len();
                mp3.extend_from_slice(&[0xff, 0xfb, 0x90, 0x00]);
                mp3.resize(at + 417, 0);
            }

            let mut silk = b"\x02#!SILK_V3".to_vec();
            for _ in 0..4 {
                silk.extend_from_slice(&[40, 0]);
                silk.extend_from_slice(&[0x55; 40]);
            }

            let mut awb = b"#!AMR-WB\n".to_vec();
            for _ in 0..4 {
                awb.push(8 << 3 | 0x04);
                awb.extend_from_slice(&[0u8; 60]);
            }

            vec![
                ("call.wav", wav),
                ("call.amr", amr),
                ("call.m4a", m4a),
                ("largesize.mov", large),
                ("call.mp3", mp3),
                ("voice.silk", silk),
                ("call.awb", awb),
            ]
        }

        /// A TIFF-structured EXIF block (big-endian) with Orientation and DateTimeOriginal.
        fn tiff_exif() -> Vec<u8> {
            let date = b"2024:03:01 10:20:30\0";
            let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
            // IFD0: Orientation, ExifIFDPointer.
            t.extend_from_slice(&2u16.to_be_bytes());
            t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
            let exif_ifd = 8 + 2 + 2 * 12 + 4;
            t.extend_from_slice(&[0x87, 0x69, 0, 4, 0, 0, 0, 1]);
            t.extend_from_slice(&(exif_ifd as u32).to_be_bytes());
            t.extend_from_slice(&0u32.to_be_bytes());
            // Exif IFD: DateTimeOriginal.
            let data_at = exif_ifd + 2 + 12 + 4;
            t.extend_from_slice(&1u16.to_be_bytes());
            t.extend_from_slice(&[0x90, 0x03, 0, 2, 0, 0, 0, date.len() as u8]);
            t.extend_from_slice(&(data_at as u32).to_be_bytes());
            t.extend_from_slice(&0u32.to_be_bytes());
            t.extend_from_slice(date);
            t
        }

        fn jpeg_with_exif() -> Vec<u8> {
            let tiff = tiff_exif();
            let mut app1 = b"Exif\0\0".to_vec();
            app1.extend_from_slice(&tiff);
            let mut j = vec![0xff, 0xd8, 0xff, 0xe1];
            j.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
            j.extend_from_slice(&app1);
            // The rest of a real (tiny) JPEG, from the encoder.
            let body = jpeg(8, 8);
            j.extend_from_slice(&body[2..]);
            j
        }

        pub fn png(w: u32, h: u32) -> Vec<u8> {
            let img = image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x * 30) as u8, (y * 30) as u8, 128])
            });
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Png)
                .expect("encoding a PNG");
            out.into_inner()
        }

        fn jpeg(w: u32, h: u32) -> Vec<u8> {
            let img = image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x * 30) as u8, (y * 30) as u8, 128])
            });
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
                .encode_image(&img)
                .expect("encoding a JPEG");
            out
        }

        pub fn gif_1x1() -> Vec<u8> {
            let img = image::RgbaImage::from_pixel(1, 1, image::Rgba([0, 0, 0, 255]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Gif)
                .expect("encoding a GIF");
            out.into_inner()
        }

        fn png_with_exif() -> Vec<u8> {
            let png = png(4, 4);
            // Insert an eXIf chunk after IHDR (8 signature + 25 IHDR bytes).
            let tiff = tiff_exif();
            let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
            let mut body = b"eXIf".to_vec();
            body.extend_from_slice(&tiff);
            chunk.extend_from_slice(&body);
            chunk.extend_from_slice(&crc32(&body).to_be_bytes());
            let mut out = png[..33].to_vec();
            out.extend_from_slice(&chunk);
            out.extend_from_slice(&png[33..]);
            out
        }

        fn crc32(data: &[u8]) -> u32 {
            let mut h = flate2::Crc::new();
            h.update(data);
            h.sum()
        }

        fn exif() -> Seeds {
            vec![
                ("photo.jpg", jpeg_with_exif()),
                ("photo.tif", tiff_exif()),
                ("photo.png", png_with_exif()),
            ]
        }

        fn vault_header() -> Seeds {
            let header = serde_json::json!({
                "format": "casefile-vault",
                "version": 1,
                "vault_id": "0123456789abcdef0123456789abcdef",
                "created_at": "2024-03-01T10:20:30Z",
                "kdf": {
                    "algorithm": "argon2id",
                    "memory_kib": 65536,
                    "iterations": 3,
                    "parallelism": 1,
                    "salt": "c2FsdHNhbHRzYWx0c2FsdA=="
                },
                "master_key_by_passphrase": {"nonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ciphertext": "AAAA"},
                "master_key_by_recovery_key": {"nonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ciphertext": "AAAA"},
                "age_identity": {"nonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ciphertext": "AAAA"},
                "age_recipient": "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
            });
            vec![(
                "vault.json",
                serde_json::to_vec_pretty(&header).expect("a header serialises"),
            )]
        }

        pub fn manifest() -> Vec<u8> {
            let m = serde_json::json!({
                "format": "casefile-pack",
                "version": 1,
                "created_at": "2024-03-01T10:20:30+00:00",
                "case": {"title": "Test"},
                "exhibits": [{
                    "number": 1,
                    "path": "evidence/001_call.m4a",
                    "id": "0123456789abcdef",
                    "name": "call.m4a",
                    "kind": "recording",
                    "size": 3,
                    "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                    "added_at": "2024-03-01T10:20:30+00:00",
                    "chain_seq": 1
                }],
                "chain": [{
                    "seq": 1,
                    "prev_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
                    "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
                    "body": "{\"seq\":1}"
                }],
                "pdf": null
            });
            serde_json::to_vec_pretty(&m).expect("a manifest serialises")
        }

        /// A hand-written one-page PDF with a content stream and an annotation appearance.
        fn pdfs() -> Seeds {
            let objects = [
                "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
                "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>".to_string(),
                "<< /Type /Page /Parent 2 0 R /Resources << >> /Contents 4 0 R /Annots [5 0 R] /Rotate 90 >>"
                    .to_string(),
                stream("", "0 0 1 rg 10 10 50 50 re f"),
                "<< /Type /Annot /Subtype /Stamp /Rect [10 10 60 60] /AP << /N 6 0 R >> >>"
                    .to_string(),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Matrix [1 0 0 1 0 0]",
                    "1 0 0 rg 0 0 10 10 re f",
                ),
            ];
            let mut out = b"%PDF-1.7\n".to_vec();
            let mut offsets = Vec::new();
            for (i, o) in objects.iter().enumerate() {
                offsets.push(out.len());
                write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).expect("writing to a Vec");
            }
            let xref = out.len();
            write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1)
                .expect("writing to a Vec");
            for off in offsets {
                writeln!(out, "{off:010} 00000 n ").expect("writing to a Vec");
            }
            write!(
                out,
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .expect("writing to a Vec");
            vec![("page.pdf", out)]
        }

        fn stream(dict: &str, content: &str) -> String {
            format!(
                "<< {dict} /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
        }

        fn pictures() -> Seeds {
            vec![
                ("tiny.png", png(1, 1)),
                ("small.png", png(6, 5)),
                ("small.jpg", jpeg(8, 8)),
                ("turned.jpg", jpeg_with_exif()),
                ("tiny.gif", gif_1x1()),
                ("text.txt", b"some text".to_vec()),
            ]
        }
    }
}
