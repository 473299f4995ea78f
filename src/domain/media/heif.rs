//! HEIC and AVIF pictures (HEIF containers of HEVC or AV1 images) decoded to 8-bit RGB(A)
//! through the system's libheif, for the evidence PDF (and any preview that needs a picture
//! a webview can show).
//!
//! libheif applies the container's own rotation and mirroring (`irot`/`imir`) while decoding,
//! so the picture comes out upright: its EXIF orientation must not be applied again. Only the
//! primary image is decoded (a burst or a Live Photo's other frames are not exhibits of their
//! own). The decoded size is checked against the caller's limit before anything is decoded.

/// Why a HEIF picture could not be decoded, in words fit for a problem list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeifError {
    /// Built without the `heif` feature: the picture is kept and attached, not drawn.
    #[error("HEIC/AVIF pictures are not decoded in this build")]
    Unsupported,
    #[error("not a readable HEIC/AVIF picture: {0}")]
    Unreadable(String),
    #[error("the picture is {width}×{height} pixels, more than can be decoded safely")]
    TooLarge { width: u32, height: u32 },
}

/// True when `bytes` start like a HEIF container of a kind [`decode`] reads (`ftyp` with a
/// HEIC or AVIF brand), by the same sniffing the intake uses.
pub fn is_heif(bytes: &[u8]) -> bool {
    matches!(
        super::sniff(bytes),
        Some("image/heic" | "image/heif" | "image/avif")
    )
}

/// The primary image of a HEIC/AVIF file as 8-bit RGB (RGBA when it has transparency),
/// upright; refuses one whose decoded pixels would take more than `max_bytes`.
///
/// # Errors
/// [`HeifError`]: unreadable or unsupported data, a picture too large, or a build without
/// the `heif` feature.
#[cfg(feature = "heif")]
pub fn decode(bytes: &[u8], max_bytes: u64) -> Result<image::DynamicImage, HeifError> {
    use libheif_rs::{ColorSpace, HeifContext, RgbChroma};
    let bad = |e: libheif_rs::HeifError| HeifError::Unreadable(e.to_string());
    // The context reads `bytes` in place (no copy); it is dropped before they are.
    let ctx = HeifContext::read_from_bytes(bytes).map_err(bad)?;
    let handle = ctx.primary_image_handle().map_err(bad)?;
    let (width, height) = (handle.width(), handle.height());
    let alpha = handle.has_alpha_channel();
    let channels: u64 = if alpha { 4 } else { 3 };
    let need = u64::from(width)
        .checked_mul(u64::from(height))
        .and_then(|n| n.checked_mul(channels));
    if width == 0 || height == 0 {
        return Err(HeifError::Unreadable("the picture is empty".into()));
    }
    if need.is_none_or(|n| n > max_bytes) {
        return Err(HeifError::TooLarge { width, height });
    }
    let chroma = if alpha {
        RgbChroma::Rgba
    } else {
        RgbChroma::Rgb
    };
    let img = handle.decode(ColorSpace::Rgb(chroma), None).map_err(bad)?;
    let plane = img
        .planes()
        .interleaved
        .ok_or_else(|| HeifError::Unreadable("no RGB plane after decoding".into()))?;
    let (w, h) = (plane.width, plane.height);
    let row = usize::try_from(u64::from(w) * channels)
        .map_err(|_| HeifError::TooLarge { width, height })?;
    let stride = plane.stride;
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) * channels > max_bytes || stride < row {
        return Err(HeifError::Unreadable("unexpected decoded layout".into()));
    }
    let mut pixels = Vec::with_capacity(row * h as usize);
    for y in 0..h as usize {
        let line = plane
            .data
            .get(y * stride..y * stride + row)
            .ok_or_else(|| HeifError::Unreadable("short decoded plane".into()))?;
        pixels.extend_from_slice(line);
    }
    let out = if alpha {
        image::RgbaImage::from_raw(w, h, pixels).map(image::DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(w, h, pixels).map(image::DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| HeifError::Unreadable("unexpected decoded layout".into()))
}

/// Without the `heif` feature: always [`HeifError::Unsupported`].
///
/// # Errors
/// Always.
#[cfg(not(feature = "heif"))]
pub fn decode(_bytes: &[u8], _max_bytes: u64) -> Result<image::DynamicImage, HeifError> {
    Err(HeifError::Unsupported)
}

/// Test pictures made here (never third-party files): `img` encoded as HEIC (HEVC, x265) or
/// AVIF (AV1, aom) by libheif's own encoders. `None` when this libheif has no such encoder.
#[cfg(all(test, feature = "heif"))]
pub(crate) fn encode_for_test(img: &image::RgbImage, avif: bool) -> Option<Vec<u8>> {
    use libheif_rs::{Channel, ColorSpace, CompressionFormat, HeifContext, Image, RgbChroma};
    let (w, h) = img.dimensions();
    let mut out = Image::new(w, h, ColorSpace::Rgb(RgbChroma::Rgb)).ok()?;
    out.create_plane(Channel::Interleaved, w, h, 8).ok()?;
    {
        let planes = out.planes_mut();
        let plane = planes.interleaved?;
        let stride = plane.stride;
        for (y, src) in img.as_raw().chunks_exact(w as usize * 3).enumerate() {
            plane.data[y * stride..y * stride + src.len()].copy_from_slice(src);
        }
    }
    let mut ctx = HeifContext::new().ok()?;
    let format = if avif {
        CompressionFormat::Av1
    } else {
        CompressionFormat::Hevc
    };
    let mut encoder = ctx.encoder_for_format(format).ok()?;
    encoder
        .set_quality(libheif_rs::EncoderQuality::Lossy(90))
        .ok()?;
    ctx.encode_image(&out, &mut encoder, None).ok()?;
    ctx.write_to_bytes().ok()
}

#[cfg(all(test, feature = "heif"))]
mod tests {
    use super::*;

    fn quadrants(w: u32, h: u32) -> image::RgbImage {
        image::RgbImage::from_fn(w, h, |x, y| match (x < w / 2, y < h / 2) {
            (true, true) => image::Rgb([220, 30, 30]),
            (false, true) => image::Rgb([30, 200, 30]),
            (true, false) => image::Rgb([30, 30, 220]),
            (false, false) => image::Rgb([240, 240, 240]),
        })
    }

    #[test]
    fn heic_and_avif_decode_to_the_picture_encoded() {
        for avif in [false, true] {
            let src = quadrants(64, 48);
            let Some(bytes) = encode_for_test(&src, avif) else {
                eprintln!("SKIPPED: this libheif has no encoder for avif={avif}");
                continue;
            };
            assert!(is_heif(&bytes), "avif={avif}");
            let img = decode(&bytes, 1 << 20).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (64, 48));
            for (x, y) in [(8, 8), (56, 8), (8, 40), (56, 40)] {
                let (a, b) = (img.get_pixel(x, y), src.get_pixel(x, y));
                let diff: u32 = (0..3).map(|k| u32::from(a[k].abs_diff(b[k]))).sum();
                assert!(diff < 60, "avif={avif} at {x},{y}: {a:?} vs {b:?}");
            }
            // The size limit is checked before decoding.
            assert_eq!(
                decode(&bytes, 64 * 48 * 3 - 1).unwrap_err(),
                HeifError::TooLarge {
                    width: 64,
                    height: 48
                }
            );
            // Cut short or garbage: an error, never a panic.
            for n in [0, 12, 40, bytes.len() / 2, bytes.len() - 1] {
                let _ = decode(&bytes[..n], 1 << 20);
            }
        }
        assert!(decode(b"not a picture", 1 << 20).is_err());
    }
}
