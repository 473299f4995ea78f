//! The `evidence:` protocol: serves decrypted evidence to the webview from memory.
//!
//! `evidence://localhost/<id>` (`http://evidence.localhost/<id>` on Windows) answers with the
//! item's plaintext, decrypted on the fly from its age blob, with HTTP Range support so players
//! can seek. Nothing is written to disk; responses say `no-store` so the webview keeps no cache.
//! Only the app's own origins may read it.
//!
//! A HEIC or AVIF photo asked for whole (no Range) is answered with a JPEG rendering
//! (`casefile::api::evidence::picture_preview`): WebKitGTK cannot show HEIC. Ranged requests
//! still get the original's bytes, and so does one whose photo cannot be decoded.

use std::io::{Read, Seek, SeekFrom};

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext};

use crate::state::AppState;

/// A request without a Range gets the whole item only up to this size; larger items are
/// fetched in ranges (or exported) so one preview cannot take gigabytes of memory.
const WHOLE_LIMIT: u64 = 256 << 20;
/// An open-ended range (`bytes=N-`) is answered with at most this much.
const OPEN_RANGE_CHUNK: u64 = 8 << 20;

const ALLOWED_ORIGINS: &[&str] = &[
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
    "http://localhost:5173",
];

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| ALLOWED_ORIGINS.contains(o))
        .map(str::to_string);
    let mut response = serve(ctx.app_handle().state::<AppState>().inner(), &request)
        .unwrap_or_else(|(status, message)| plain(status, message));
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("valid header"),
    );
    if let Some(origin) = origin.and_then(|o| o.parse().ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            "Content-Range, Content-Length, Accept-Ranges"
                .parse()
                .expect("valid header"),
        );
    }
    response
}

fn plain(status: StatusCode, message: String) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(message.into_bytes())
        .expect("a valid response")
}

type Failure = (StatusCode, String);

fn serve(state: &AppState, request: &Request<Vec<u8>>) -> Result<Response<Vec<u8>>, Failure> {
    let id = request.uri().path().trim_start_matches('/').to_string();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|r| r.to_str().ok())
        .map(str::to_string);
    state
        .with(|s| {
            let e = casefile::api::evidence::show(s, &id)?;
            if range.is_none()
                && let Some(jpeg) = casefile::api::evidence::picture_preview(s, &e)?
            {
                return Ok((e, Err(jpeg)));
            }
            let mut reader = casefile::api::evidence::open_plaintext(s, &e)?;
            Ok((e, Ok(read_part(&mut reader, range.as_deref()))))
        })
        .map_err(|err| {
            let status = match err.code {
                casefile::ErrorCode::Locked => StatusCode::FORBIDDEN,
                casefile::ErrorCode::EvidenceNotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, err.message)
        })
        .and_then(|(e, part)| {
            let part = match part {
                Ok(part) => part,
                Err(jpeg) => {
                    return Ok(Response::builder()
                        .header(header::CONTENT_TYPE, "image/jpeg")
                        .header(header::CONTENT_LENGTH, jpeg.len())
                        .body(jpeg)
                        .expect("a valid response"));
                }
            };
            let (bytes, start, end) = part.map_err(|p| p.into_failure(e.size))?;
            let partial = range.is_some();
            if !partial && e.size > WHOLE_LIMIT {
                return Err((
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too large to preview whole; request it in ranges or export it".into(),
                ));
            }
            let mut builder = Response::builder()
                .header(header::CONTENT_TYPE, e.media_type.as_str())
                .header(header::ACCEPT_RANGES, "bytes")
                .header(header::CONTENT_LENGTH, bytes.len());
            if partial {
                builder = builder.status(StatusCode::PARTIAL_CONTENT).header(
                    header::CONTENT_RANGE,
                    format!("bytes {start}-{end}/{}", e.size),
                );
            }
            Ok(builder.body(bytes).expect("a valid response"))
        })
}

#[derive(Debug)]
enum PartError {
    Unsatisfiable,
    Read(std::io::Error),
}

impl PartError {
    fn into_failure(self, size: u64) -> Failure {
        match self {
            PartError::Unsatisfiable => (
                StatusCode::RANGE_NOT_SATISFIABLE,
                format!("the range is outside the item (size {size})"),
            ),
            PartError::Read(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the evidence could not be decrypted: {e}; run verify in Settings"),
            ),
        }
    }
}

/// Reads the requested part: `(bytes, first, last)` with `last` inclusive.
fn read_part<R: Read + Seek>(
    reader: &mut R,
    range: Option<&str>,
) -> Result<(Vec<u8>, u64, u64), PartError> {
    let size = reader.seek(SeekFrom::End(0)).map_err(PartError::Read)?;
    let (start, end) = match range {
        None => (0, size.saturating_sub(1)),
        Some(r) => parse_range(r, size).ok_or(PartError::Unsatisfiable)?,
    };
    if size == 0 {
        return Ok((Vec::new(), 0, 0));
    }
    if range.is_none() && size > WHOLE_LIMIT {
        return Ok((Vec::new(), 0, 0));
    }
    reader
        .seek(SeekFrom::Start(start))
        .map_err(PartError::Read)?;
    let len = end - start + 1;
    let mut bytes = Vec::with_capacity(len as usize);
    reader
        .take(len)
        .read_to_end(&mut bytes)
        .map_err(PartError::Read)?;
    Ok((bytes, start, end))
}

/// Parses one `bytes=` range against `size`; `None` when it cannot be satisfied.
fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    // Several ranges in one request are not needed by players; answer the first.
    let spec = spec.split(',').next()?.trim();
    let (a, b) = spec.split_once('-')?;
    if size == 0 {
        return None;
    }
    let last = size - 1;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            if n == 0 {
                return None;
            }
            (size.saturating_sub(n), last)
        }
        (from, "") => {
            let from: u64 = from.parse().ok()?;
            (from, last.min(from.saturating_add(OPEN_RANGE_CHUNK - 1)))
        }
        (from, to) => {
            let from: u64 = from.parse().ok()?;
            let to: u64 = to.parse().ok()?;
            (from, to.min(last))
        }
    };
    (start <= end && start <= last).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// The protocol end to end over a real (sample) vault: whole item, a range, unknown, locked.
    #[test]
    fn serves_decrypted_evidence_with_ranges_and_refuses_when_locked() {
        use sha2::Digest;
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("vault"), tmp.path().join("config"));
        state.open_sample().unwrap();
        let e = state
            .with(|s| {
                let case = casefile::api::case::list(s)?.remove(0);
                Ok(casefile::api::evidence::list(s, &case.id)?.remove(0))
            })
            .unwrap();
        let get = |range: Option<&str>, id: &str| {
            let mut b = Request::builder().uri(format!("evidence://localhost/{id}"));
            if let Some(r) = range {
                b = b.header(header::RANGE, r);
            }
            serve(&state, &b.body(Vec::new()).unwrap())
        };

        let whole = get(None, &e.id).expect("served");
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(whole.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(hex::encode(sha2::Sha256::digest(whole.body())), e.sha256);

        let part = get(Some("bytes=0-7"), &e.id).expect("served");
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.body().as_slice(), b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            part.headers()[header::CONTENT_RANGE],
            format!("bytes 0-7/{}", e.size).as_str()
        );

        let outside = get(Some(&format!("bytes={}-", e.size)), &e.id)
            .err()
            .unwrap();
        assert_eq!(outside.0, StatusCode::RANGE_NOT_SATISFIABLE);
        let unknown = get(None, "e-zzzzzzzz").err().unwrap();
        assert_eq!(unknown.0, StatusCode::NOT_FOUND);

        state.lock();
        let locked = get(None, &e.id).err().unwrap();
        assert_eq!(locked.0, StatusCode::FORBIDDEN);
    }

    /// A 64×48 HEIC made here by libheif's HEVC encoder; `None` without one.
    fn heic() -> Option<Vec<u8>> {
        use libheif_rs::{Channel, ColorSpace, CompressionFormat, HeifContext, Image, RgbChroma};
        let mut img = Image::new(64, 48, ColorSpace::Rgb(RgbChroma::Rgb)).ok()?;
        img.create_plane(Channel::Interleaved, 64, 48, 8).ok()?;
        {
            let plane = img.planes_mut().interleaved?;
            for (i, b) in plane.data.iter_mut().enumerate() {
                *b = (i % 251) as u8;
            }
        }
        let mut ctx = HeifContext::new().ok()?;
        let mut encoder = ctx.encoder_for_format(CompressionFormat::Hevc).ok()?;
        ctx.encode_image(&img, &mut encoder, None).ok()?;
        ctx.write_to_bytes().ok()
    }

    #[test]
    fn a_heic_photo_is_shown_as_jpeg_and_ranges_get_the_original() {
        let Some(photo) = heic() else {
            eprintln!("SKIPPED: this libheif has no HEVC encoder");
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("vault"), tmp.path().join("config"));
        state.open_sample().unwrap();
        let path = tmp.path().join("IMG_0001.HEIC");
        std::fs::write(&path, &photo).unwrap();
        let e = state
            .with(|s| {
                let case = casefile::api::case::list(s)?.remove(0);
                let opts = casefile::api::evidence::AddOptions::default();
                match casefile::api::evidence::add(s, &case.id, &path, &opts, &mut |_| {})? {
                    casefile::api::evidence::AddOutcome::Added { evidence } => Ok(evidence),
                    other => panic!("not added: {other:?}"),
                }
            })
            .unwrap();
        assert_eq!(e.media_type, "image/heic");
        let get = |range: Option<&str>| {
            let mut b = Request::builder().uri(format!("evidence://localhost/{}", e.id));
            if let Some(r) = range {
                b = b.header(header::RANGE, r);
            }
            serve(&state, &b.body(Vec::new()).unwrap()).expect("served")
        };
        let whole = get(None);
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(whole.headers()[header::CONTENT_TYPE], "image/jpeg");
        assert!(whole.body().starts_with(&[0xFF, 0xD8, 0xFF]));
        let part = get(Some("bytes=0-15"));
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.headers()[header::CONTENT_TYPE], "image/heic");
        assert_eq!(part.body().as_slice(), &photo[..16]);
    }

    #[test]
    fn ranges_follow_rfc_9110() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(parse_range("bytes=900-2000", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=-5000", 1000), Some((0, 999)));
        assert_eq!(parse_range("bytes=10-", 1000), Some((10, 999)));
        assert_eq!(parse_range("bytes=0-1,5-9", 1000), Some((0, 1)));
        assert_eq!(parse_range("bytes=1000-", 1000), None);
        assert_eq!(parse_range("bytes=50-10", 1000), None);
        assert_eq!(parse_range("items=0-1", 1000), None);
        assert_eq!(parse_range("bytes=0-0", 0), None);
    }

    #[test]
    fn open_ranges_are_answered_in_bounded_chunks() {
        let size = 3 * OPEN_RANGE_CHUNK;
        assert_eq!(
            parse_range("bytes=0-", size),
            Some((0, OPEN_RANGE_CHUNK - 1))
        );
    }

    #[test]
    fn a_part_is_the_exact_bytes_asked_for() {
        let data: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let (bytes, start, end) =
            read_part(&mut Cursor::new(&data), Some("bytes=100-199")).expect("satisfiable");
        assert_eq!((start, end), (100, 199));
        assert_eq!(bytes, &data[100..200]);
        let (whole, _, end) = read_part(&mut Cursor::new(&data), None).expect("whole");
        assert_eq!(whole, data);
        assert_eq!(end, 4999);
        assert!(matches!(
            read_part(&mut Cursor::new(&data), Some("bytes=6000-")),
            Err(PartError::Unsatisfiable)
        ));
    }
}
