//! Pictures prepared before layout: decoded one at a time, EXIF orientation applied,
//! a JPEG header parser so upright JPEGs keep their bytes, lossless Flate for the rest.

use super::*;
use std::io::Read;

// Pictures and included PDFs: preparation (before layout)

pub(super) const JPEG_QUALITY: u8 = 92;
/// Decoding limit per picture (the decoder's allocations, bitmap included).
pub(super) const MAX_DECODE_BYTES: u64 = 400 * 1024 * 1024;
/// Limit for any single stream decompressed while reading an included PDF.
pub(super) const MAX_PDF_STREAM: usize = 256 * 1024 * 1024;

/// Bytes that end up in the file as they are: shared with the caller (never copied
/// before the final write), pieces of a shared buffer (a PNG's image data, which its
/// chunk headers interrupt), or owned.
pub(super) enum Payload {
    Shared(Arc<[u8]>),
    Pieces(Arc<[u8]>, Vec<std::ops::Range<usize>>),
    Owned(Vec<u8>),
}

impl Payload {
    pub(super) fn len(&self) -> usize {
        match self {
            Payload::Shared(b) => b.len(),
            Payload::Pieces(_, ranges) => ranges.iter().map(ExactSizeIterator::len).sum(),
            Payload::Owned(v) => v.len(),
        }
    }
}

/// A picture ready to be placed: its displayed size in pixels and its image XObject.
pub(super) struct PreparedImage {
    pub(super) px_w: u32,
    pub(super) px_h: u32,
    /// The file ends before its image data does (a copy cut short): what was there is drawn,
    /// with a note saying the file is incomplete.
    pub(super) incomplete: bool,
    /// For a picture taller than a page (one that may be cut into slices): how busy each pixel
    /// row is, top to bottom (see [`row_profile`]), so slices are cut between lines of text.
    /// `None` for a picture that fits a page, or when it could not be measured.
    pub(super) rows: Option<Vec<u16>>,
    pub(super) dict: LoDict,
    pub(super) data: Payload,
}

/// An included PDF: the parsed source and what each page's form XObject needs.
pub(super) struct PreparedPdf {
    pub(super) src: lopdf::Document,
    pub(super) pages: Vec<SourcePage>,
}

pub(super) struct SourcePage {
    /// The visible box (crop box within the media box) in the page's own space.
    pub(super) bbox: [f32; 4],
    /// Clockwise page rotation: 0, 90, 180 or 270.
    pub(super) rotate: u16,
    /// The page content (decoded, annotation appearances appended), or when it could
    /// not be decoded the raw stream with its /Filter and /DecodeParms.
    pub(super) content: Vec<u8>,
    pub(super) filter: Option<(Object, Option<Object>)>,
    /// Resources dictionary; references point into `PreparedPdf::src`.
    pub(super) resources: Object,
    pub(super) group: Option<Object>,
}

impl SourcePage {
    pub(super) fn display_size_pt(&self) -> (f32, f32) {
        let [x0, y0, x1, y1] = self.bbox;
        let (w, h) = (x1 - x0, y1 - y0);
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }
}

/// The prepared form of each block (by block index).
pub(super) enum Media {
    None,
    Image(PreparedImage),
    Pdf(Box<PreparedPdf>),
    /// Cannot be shown: layout draws a note instead.
    Broken,
}

/// Prepares one block's picture or PDF; a block that cannot be shown gives
/// [`Media::Broken`] and the reason, in words.
pub(super) fn prepare_media(index: usize, block: &Block) -> (Media, Option<String>) {
    // Decoders for untrusted data: a panic in one (a bug) must not take the export down.
    let guarded = |f: &dyn Fn() -> Result<Media, String>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_or_else(|_| Err("the decoder failed unexpectedly".to_string()))
    };
    let (what, caption, result) = match block {
        Block::Image { bytes, caption } => (
            "image",
            caption,
            guarded(&|| prepare_image(bytes).map(Media::Image)),
        ),
        Block::PdfPages { bytes, caption } => (
            "PDF",
            caption,
            guarded(&|| prepare_pdf(bytes).map(|p| Media::Pdf(Box::new(p)))),
        ),
        _ => return (Media::None, None),
    };
    match result {
        Ok(media) => (media, None),
        Err(reason) => (
            Media::Broken,
            Some(format!(
                "block {index}: {what} \"{caption}\" cannot be shown: {reason}"
            )),
        ),
    }
}

pub(super) fn image_dict(width: u32, height: u32, gray: bool) -> LoDict {
    LoDict::from_iter(vec![
        ("Type", Object::from("XObject")),
        ("Subtype", Object::from("Image")),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        (
            "ColorSpace",
            Object::from(if gray { "DeviceGray" } else { "DeviceRGB" }),
        ),
        ("BitsPerComponent", Object::Integer(8)),
    ])
}

/// Decode (or, for an upright JPEG, just check) a picture and encode it for the PDF:
/// upright JPEGs keep their original bytes; turned JPEGs are re-encoded at quality
/// 92; everything else is stored losslessly (Flate with PNG predictors).
pub(super) fn prepare_image(bytes: &Arc<[u8]>) -> Result<PreparedImage, String> {
    if bytes.is_empty() {
        return Err("no data".to_string());
    }
    if crate::domain::media::heif::is_heif(bytes) {
        return prepare_heif(bytes);
    }
    let orientation = exif_orientation(bytes);
    let incomplete = is_cut_short(bytes);
    if orientation == 1
        && let Some(j) = jpeg_info(bytes)
    {
        let mut dict = image_dict(j.width, j.height, j.components == 1);
        dict.set("Filter", Object::from("DCTDecode"));
        return Ok(PreparedImage {
            px_w: j.width,
            px_h: j.height,
            incomplete: false,
            rows: may_be_sliced(j.width, j.height)
                .then(|| decode(bytes).ok().map(|img| row_profile(&img)))
                .flatten(),
            dict,
            data: Payload::Shared(bytes.clone()),
        });
    }
    if orientation == 1
        && !incomplete
        && let Some(mut image) = png_passthrough(bytes)
    {
        if may_be_sliced(image.px_w, image.px_h) {
            image.rows = decode(bytes).ok().map(|img| row_profile(&img));
        }
        return Ok(image);
    }
    // A JPEG cut short gets its end-of-image marker back, so the decoder draws the rows that
    // are there instead of refusing the whole picture; the note says the rest is missing.
    let ended: Vec<u8>;
    let data: &[u8] = if incomplete && bytes.starts_with(&[0xFF, 0xD8]) {
        ended = [&bytes[..], &[0xFF, 0xD9]].concat();
        &ended
    } else {
        bytes
    };
    // A PNG cut short: the rows before the break, drawn as they are (the image decoder
    // would refuse the whole picture).
    let partial = if incomplete && bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_rows_read(bytes)
    } else {
        None
    };
    let (format, mut img) = match partial {
        Some(img) => (image::ImageFormat::Png, img),
        None => decode_as(data)?,
    };
    if let Some(o) = image::metadata::Orientation::from_exif(orientation) {
        img.apply_orientation(o);
    }
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err("the image is empty".to_string());
    }
    let rows = may_be_sliced(width, height).then(|| row_profile(&img));
    if format == image::ImageFormat::Jpeg {
        let gray = !img.color().has_color();
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        let encoded = if gray {
            enc.encode_image(&img.to_luma8())
        } else {
            enc.encode_image(&img.to_rgb8())
        };
        encoded.map_err(|e| format!("re-encoding: {e}"))?;
        drop(img);
        let mut dict = image_dict(width, height, gray);
        dict.set("Filter", Object::from("DCTDecode"));
        return Ok(PreparedImage {
            px_w: width,
            px_h: height,
            incomplete,
            rows,
            dict,
            data: Payload::Owned(out),
        });
    }
    let (dict, data) = flate_image(img).map_err(|e| format!("compressing: {e}"))?;
    Ok(PreparedImage {
        px_w: width,
        px_h: height,
        incomplete,
        rows,
        dict,
        data: Payload::Owned(data),
    })
}

/// A HEIC or AVIF photo: decoded upright by libheif (its own rotation applied, so EXIF
/// orientation is not applied again) and stored as a JPEG at [`JPEG_QUALITY`], like any photo
/// that had to be decoded.
fn prepare_heif(bytes: &[u8]) -> Result<PreparedImage, String> {
    let img =
        crate::domain::media::heif::decode(bytes, MAX_DECODE_BYTES).map_err(|e| e.to_string())?;
    let (width, height) = (img.width(), img.height());
    let rows = may_be_sliced(width, height).then(|| row_profile(&img));
    let rgb = img.to_rgb8();
    drop(img);
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| format!("re-encoding: {e}"))?;
    let mut dict = image_dict(width, height, false);
    dict.set("Filter", Object::from("DCTDecode"));
    Ok(PreparedImage {
        px_w: width,
        px_h: height,
        incomplete: false,
        rows,
        dict,
        data: Payload::Owned(out),
    })
}

/// Decode a picture (format guessed from its bytes) within [`MAX_DECODE_BYTES`].
fn decode_as(data: &[u8]) -> Result<(image::ImageFormat, image::DynamicImage), String> {
    let mut reader = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or_else(|| "unrecognised image format".to_string())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| e.to_string())?;
    Ok((format, img))
}

fn decode(data: &[u8]) -> Result<image::DynamicImage, String> {
    decode_as(data).map(|(_, img)| img)
}

/// The rows of a PNG that decode before its data breaks off (a file cut short, or damaged
/// part way), as an 8-bit picture of full width and that many rows; `None` when not even one
/// row decodes, or for an interlaced PNG (its passes spread the first rows over the whole
/// picture). Within [`MAX_DECODE_BYTES`]; never reads past the input.
pub(super) fn png_rows_read(bytes: &[u8]) -> Option<image::DynamicImage> {
    use png::{BitDepth, ColorType};
    let limits = png::Limits {
        bytes: usize::try_from(MAX_DECODE_BYTES).ok()?,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let (width, height) = (reader.info().width, reader.info().height);
    if reader.info().interlaced || width == 0 || height == 0 {
        return None;
    }
    let (color, depth) = reader.output_color_type();
    if depth != BitDepth::Eight {
        return None;
    }
    let line = reader.output_line_size(width)?;
    if (line as u64).checked_mul(u64::from(height))? > MAX_DECODE_BYTES {
        return None;
    }
    let mut data = Vec::new();
    let mut rows = 0u32;
    while rows < height {
        match reader.next_row() {
            Ok(Some(row)) if row.data().len() == line => {
                data.extend_from_slice(row.data());
                rows += 1;
            }
            _ => break,
        }
    }
    if rows == 0 {
        return None;
    }
    use image::DynamicImage as D;
    match color {
        ColorType::Grayscale => image::GrayImage::from_raw(width, rows, data).map(D::ImageLuma8),
        ColorType::GrayscaleAlpha => {
            image::GrayAlphaImage::from_raw(width, rows, data).map(D::ImageLumaA8)
        }
        ColorType::Rgb => image::RgbImage::from_raw(width, rows, data).map(D::ImageRgb8),
        ColorType::Rgba => image::RgbaImage::from_raw(width, rows, data).map(D::ImageRgba8),
        ColorType::Indexed => None,
    }
}

/// Whether a `w`×`h` pixel picture is taller than a page at its natural width, so layout may
/// cut it into slices (see [`Layout::image`]); only those get a [`row_profile`].
pub(super) fn may_be_sliced(w: u32, h: u32) -> bool {
    let w_mm = CONTENT_W.min(w as f32 * MM_PER_PX * MAX_UPSCALE);
    w > 0 && w_mm * h as f32 / w as f32 > CONTENT_BOTTOM - CONTENT_TOP
}

/// Brightness steps that count as an edge (of a glyph, an icon, a bubble), out of 255.
const EDGE_STEP: i16 = 24;

/// How busy each pixel row of `img` is: the number of strong brightness steps between
/// neighbouring pixels (capped at `u16::MAX`). A row through a line of text has dozens to
/// hundreds; a blank row between lines has none, or a few where it crosses a bubble's edge.
pub(super) fn row_profile(img: &image::DynamicImage) -> Vec<u16> {
    let luma = img.to_luma8();
    let w = luma.width() as usize;
    if w == 0 {
        return vec![0; luma.height() as usize];
    }
    luma.as_raw()
        .chunks_exact(w)
        .map(|row| {
            let edges = row
                .windows(2)
                .filter(|p| (i16::from(p[1]) - i16::from(p[0])).abs() > EDGE_STEP)
                .count();
            u16::try_from(edges).unwrap_or(u16::MAX)
        })
        .collect()
}

/// Most edges a row may have and still count as blank, for a picture `w` pixels wide: a few
/// bubble or column borders, never a line of text.
pub(super) fn blank_limit(w: u32) -> u16 {
    u16::try_from(4 + w / 120).unwrap_or(u16::MAX)
}

/// Where to cut a picture of `total` rows into slices: `[start, end)` rows of each, the first
/// at most `first` rows high, the others at most `per_page` rows (both at least 1).
///
/// Each cut is made in a blank band (rows whose [`row_profile`] count is at most `blank`)
/// within the last fifth of the room: in the middle of the lowest such band, so no line of
/// text is cut through. Where the room has no blank row (a photo, a dense table), the slice
/// is cut at full height and the next one starts a little higher (a twentieth of a page), so
/// a line cut at the bottom of one slice is seen whole at the top of the next. Without a
/// profile, slices are cut at full height. Always ends: every slice moves on by at least one
/// row.
pub(super) fn plan_slices(
    profile: Option<&[u16]>,
    blank: u16,
    total: u32,
    first: u32,
    per_page: u32,
) -> Vec<(u32, u32)> {
    let (first, per_page) = (first.max(1), per_page.max(1));
    let mut slices = Vec::new();
    let mut start = 0u32;
    while start < total {
        let room = if slices.is_empty() { first } else { per_page };
        let limit = start.saturating_add(room);
        if limit >= total {
            slices.push((start, total));
            break;
        }
        let window = (room / 5).max(1);
        let lowest = limit.saturating_sub(window).max(start + 1);
        let is_blank = |r: u32| {
            profile
                .and_then(|p| p.get(r as usize))
                .is_some_and(|&n| n <= blank)
        };
        // Rows lowest..=limit may start the next slice; the cut at row `c` shows rows < c here.
        match (lowest..=limit).rev().find(|&c| is_blank(c)) {
            Some(bottom) => {
                let mut top = bottom;
                while top > lowest && is_blank(top - 1) {
                    top -= 1;
                }
                let cut = top + (bottom - top).div_ceil(2);
                slices.push((start, cut));
                start = cut;
            }
            None => {
                slices.push((start, limit));
                let overlap = if profile.is_some() {
                    (per_page / 20).min(room / 2)
                } else {
                    0
                };
                // Never back to (or before) this slice's start.
                start = limit.saturating_sub(overlap).max(start + 1);
            }
        }
    }
    slices
}

/// An upright PNG whose image data a PDF reader can take as it is (what img2pdf does): 8 bits
/// per sample, gray or RGB without any transparency, not interlaced. Its zlib stream of
/// PNG-filtered rows is exactly a PDF `FlateDecode` stream with `/Predictor 15`, so it goes
/// into the PDF without being decoded and compressed again. `None` for any other PNG, and for
/// one whose chunks are damaged (a bad CRC, a short or overlong image stream, an unknown row
/// filter): those go through the decoder, which draws what it can or reports the damage.
///
/// The check inflates the image data once (without keeping it) to count rows and check each
/// row's filter type; that costs a fraction of decoding and deflating it again.
pub(super) fn png_passthrough(bytes: &Arc<[u8]>) -> Option<PreparedImage> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let b: &[u8] = bytes;
    if !b.starts_with(SIGNATURE) {
        return None;
    }
    let mut at = SIGNATURE.len();
    let mut header = None;
    let mut idat: Vec<std::ops::Range<usize>> = Vec::new();
    loop {
        let len = usize::try_from(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind: [u8; 4] = b.get(at + 4..at + 8)?.try_into().ok()?;
        let data = at + 8..at.checked_add(8)?.checked_add(len)?;
        let crc = u32::from_be_bytes(b.get(data.end..data.end.checked_add(4)?)?.try_into().ok()?);
        if crc32fast::hash(&b[at + 4..data.end]) != crc {
            return None;
        }
        let body = &b[data.clone()];
        match &kind {
            b"IHDR" if header.is_none() && body.len() == 13 => header = Some(body),
            _ if header.is_none() => return None,
            b"IDAT" => {
                // Image data chunks must follow one another.
                if idat.last().is_some_and(|r| r.end + 4 != at) {
                    return None;
                }
                idat.push(data.clone());
            }
            b"IEND" => break,
            // Transparency, a palette or an animation: not for a plain image stream.
            b"tRNS" | b"PLTE" | b"acTL" => return None,
            _ => {}
        }
        at = data.end + 4;
    }
    let h = header?;
    let width = u32::from_be_bytes(h[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(h[4..8].try_into().ok()?);
    let (depth, color, compression, filter, interlace) = (h[8], h[9], h[10], h[11], h[12]);
    let colors: u8 = match color {
        0 => 1,
        2 => 3,
        _ => return None,
    };
    if depth != 8 || compression != 0 || filter != 0 || interlace != 0 || width == 0 || height == 0
    {
        return None;
    }
    let row = usize::try_from(width)
        .ok()?
        .checked_mul(usize::from(colors))?;
    let pixels = row.checked_mul(usize::try_from(height).ok()?)?;
    if pixels as u64 > MAX_DECODE_BYTES || idat.is_empty() {
        return None;
    }
    if !rows_are_whole(b, &idat, row + 1, height) {
        return None;
    }
    let mut dict = image_dict(width, height, colors == 1);
    dict.set("Filter", Object::from("FlateDecode"));
    dict.set(
        "DecodeParms",
        LoDict::from_iter(vec![
            ("Predictor", Object::Integer(15)),
            ("Colors", Object::Integer(i64::from(colors))),
            ("BitsPerComponent", Object::Integer(8)),
            ("Columns", Object::Integer(i64::from(width))),
        ]),
    );
    Some(PreparedImage {
        px_w: width,
        px_h: height,
        incomplete: false,
        rows: None,
        dict,
        data: Payload::Pieces(bytes.clone(), idat),
    })
}

/// Whether the zlib stream in `pieces` of `b` inflates to exactly `height` rows of
/// `stride` bytes, each starting with a PNG filter type (0–4), and ends there.
fn rows_are_whole(b: &[u8], pieces: &[std::ops::Range<usize>], stride: usize, height: u32) -> bool {
    let chained = pieces
        .iter()
        .fold(Box::new(std::io::empty()) as Box<dyn Read>, |r, p| {
            Box::new(r.chain(&b[p.clone()]))
        });
    let mut z = flate2::read::ZlibDecoder::new(chained);
    let mut buf = vec![0u8; stride];
    for _ in 0..height {
        if z.read_exact(&mut buf).is_err() || buf[0] > 4 {
            return false;
        }
    }
    // Nothing may follow the last row, and the stream must end properly (checksum included).
    matches!(z.read(&mut buf[..1]), Ok(0))
}

/// EXIF orientation (1–8) of a JPEG, PNG, WebP, TIFF or HEIF file; 1 when absent. Read past
/// damaged fields, so one bad entry does not leave a photo drawn sideways.
pub(super) fn exif_orientation(bytes: &[u8]) -> u8 {
    crate::domain::media::photo::read_exif(&mut Cursor::new(bytes))
        .and_then(|exif| {
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .filter(|v| (1..=8).contains(v))
        .map_or(1, |v| v as u8)
}

/// True when a JPEG or PNG ends before its image data does: a JPEG with no end-of-image
/// marker after its first scan, a PNG without its `IEND` chunk. (The decoder fills what is
/// missing with grey; the note must say why.)
pub(super) fn is_cut_short(b: &[u8]) -> bool {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return !b.windows(4).rev().take(64).any(|w| w == b"IEND");
    }
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    // Walk the segments to the first start-of-scan, then look for the end-of-image marker.
    let mut i = 2usize;
    loop {
        let (Some(&0xFF), Some(&marker)) = (b.get(i), b.get(i + 1)) else {
            return true;
        };
        i += 2;
        match marker {
            0xFF => i -= 1,
            0x01 | 0xD0..=0xD7 => {}
            0xD9 => return false,
            _ => {
                let (Some(&hi), Some(&lo)) = (b.get(i), b.get(i + 1)) else {
                    return true;
                };
                let len = usize::from(u16::from_be_bytes([hi, lo]));
                if marker == 0xDA {
                    return !b
                        .get(i..)
                        .is_some_and(|scan| scan.windows(2).any(|w| w == [0xFF, 0xD9]));
                }
                i = match i.checked_add(len) {
                    Some(n) if n <= b.len() => n,
                    _ => return true,
                };
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct JpegInfo {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) components: u8,
}

/// Size and components of a JPEG that PDF readers can show from its original bytes
/// (8-bit baseline or progressive Huffman, gray or YCbCr/RGB, complete up to its
/// end-of-image marker); `None` for anything else, which then goes through the decoder.
pub(super) fn jpeg_info(b: &[u8]) -> Option<JpegInfo> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    let mut info = None;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        while *b.get(i)? == 0xFF {
            i += 1;
        }
        let marker = b[i];
        i += 1;
        match marker {
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 => return None,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
        if len < 2 || i + len > b.len() {
            return None;
        }
        let seg = &b[i + 2..i + len];
        match marker {
            0xC0..=0xC2 => {
                if seg.len() < 6 {
                    return None;
                }
                let precision = seg[0];
                let height = u16::from_be_bytes([seg[1], seg[2]]);
                let width = u16::from_be_bytes([seg[3], seg[4]]);
                let components = seg[5];
                if precision != 8 || height == 0 || width == 0 || !matches!(components, 1 | 3) {
                    return None;
                }
                info = Some(JpegInfo {
                    width: u32::from(width),
                    height: u32::from(height),
                    components,
                });
            }
            // Lossless, hierarchical or arithmetic-coded: not for DCTDecode.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            0xDA => {
                let info = info?;
                let scan = &b[i + len..];
                return scan
                    .windows(2)
                    .rev()
                    .any(|w| w == [0xFF, 0xD9])
                    .then_some(info);
            }
            _ => {}
        }
        i += len;
    }
}

/// Store a decoded picture losslessly: 8-bit gray or RGB (alpha composited onto
/// white), rows filtered with the best PNG predictor each, then zlib.
pub(super) fn flate_image(img: image::DynamicImage) -> std::io::Result<(LoDict, Vec<u8>)> {
    use image::DynamicImage as D;
    let img = match img {
        D::ImageLuma8(_) | D::ImageLumaA8(_) | D::ImageRgb8(_) | D::ImageRgba8(_) => img,
        other => {
            let c = other.color();
            match (c.has_color(), c.has_alpha()) {
                (true, true) => D::ImageRgba8(other.to_rgba8()),
                (true, false) => D::ImageRgb8(other.to_rgb8()),
                (false, true) => D::ImageLumaA8(other.to_luma_alpha8()),
                (false, false) => D::ImageLuma8(other.to_luma8()),
            }
        }
    };
    let color = img.color();
    let ch = usize::from(color.channel_count());
    let alpha = color.has_alpha();
    let out_ch = if alpha { ch - 1 } else { ch };
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_bytes();
    let row_len = w * out_ch;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let mut prev = vec![0u8; row_len];
    let mut cur = vec![0u8; row_len];
    let mut trial = vec![0u8; row_len];
    let mut best = vec![0u8; row_len];
    for y in 0..h {
        let src = &raw[y * w * ch..(y + 1) * w * ch];
        if alpha {
            for x in 0..w {
                let a = u32::from(src[x * ch + ch - 1]);
                for k in 0..out_ch {
                    let c = u32::from(src[x * ch + k]);
                    cur[x * out_ch + k] = ((c * a + 255 * (255 - a) + 127) / 255) as u8;
                }
            }
        } else {
            cur.copy_from_slice(src);
        }
        let mut best_kind = 0u8;
        let mut best_cost = u64::MAX;
        // Average (3) is left out: lopdf 0.44 decodes it wrongly (`a + b / 2`), and
        // printpdf reads PDFs through lopdf.
        for kind in [0u8, 1, 2, 4] {
            png_filter(kind, &cur, &prev, out_ch, &mut trial);
            let cost: u64 = trial
                .iter()
                .map(|&v| u64::from((v as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                std::mem::swap(&mut best, &mut trial);
            }
        }
        enc.write_all(&[best_kind])?;
        enc.write_all(&best)?;
        std::mem::swap(&mut prev, &mut cur);
    }
    let data = enc.finish()?;
    let mut dict = image_dict(w as u32, h as u32, out_ch == 1);
    dict.set("Filter", Object::from("FlateDecode"));
    dict.set(
        "DecodeParms",
        LoDict::from_iter(vec![
            ("Predictor", Object::Integer(15)),
            ("Colors", Object::Integer(out_ch as i64)),
            ("BitsPerComponent", Object::Integer(8)),
            ("Columns", Object::Integer(w as i64)),
        ]),
    );
    Ok((dict, data))
}

/// PNG row filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) of `cur` into `out`.
pub(super) fn png_filter(kind: u8, cur: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    for i in 0..cur.len() {
        let a = if i >= bpp { cur[i - bpp] } else { 0 };
        let b = prev[i];
        let c = if i >= bpp { prev[i - bpp] } else { 0 };
        let predicted = match kind {
            0 => 0,
            1 => a,
            2 => b,
            3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
            _ => {
                let p = i16::from(a) + i16::from(b) - i16::from(c);
                let (pa, pb, pc) = (
                    (p - i16::from(a)).abs(),
                    (p - i16::from(b)).abs(),
                    (p - i16::from(c)).abs(),
                );
                if pa <= pb && pa <= pc {
                    a
                } else if pb <= pc {
                    b
                } else {
                    c
                }
            }
        };
        out[i] = cur[i].wrapping_sub(predicted);
    }
}
