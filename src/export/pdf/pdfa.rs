//! PDF/A-3b (ISO 19005-3, conformance level B): what the finished document needs to be one,
//! and an honest refusal to declare it when an imported page makes it untrue.
//!
//! Written into the document:
//! - the document information dictionary reduced to what is true and filled: title,
//!   creator, producer and, when the caller gave one, the real creation time (never the
//!   Unix epoch; printpdf's empty `GTS_PDFXVersion`, which made readers call the file
//!   PDF/X, is removed);
//! - an XMP metadata stream (uncompressed, as ISO 19005 requires) repeating those values,
//!   and, when nothing below blocks it, `pdfaid:part` 3 / `pdfaid:conformance` B;
//! - an sRGB output intent (`GTS_PDFA1`) whose ICC profile comes from `moxcms`;
//! - `/AF` on the catalog listing every embedded file (each already carries
//!   `AFRelationship`), a MIME `Subtype` and a `ModDate` on every embedded file stream;
//! - the print flag on every annotation, and `Interpolate` off on every image.
//!
//! What blocks the declaration (each is named in [`Conformance::blockers`]): a font that is
//! not embedded (a contract's own Helvetica or STSong-Light), and device CMYK colour (the
//! output intent is RGB). Both can only come from an imported PDF page or a CMYK JPEG;
//! the check is conservative: a content stream token that merely looks like a CMYK
//! operator also blocks the claim, since declaring PDF/A falsely is worse than not
//! declaring it.

use chrono::{DateTime, SecondsFormat, Utc};
use lopdf::{Dictionary as LoDict, Object, ObjectId};

use super::RenderError;
use super::finish::text_string;

/// What [`apply`] decided: the file declares PDF/A-3b exactly when `blockers` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conformance {
    /// Why the file does not declare PDF/A-3b, one plain sentence each (English, for
    /// logs and warnings; the exporter words them for the user).
    pub blockers: Vec<String>,
}

impl Conformance {
    /// True when the file declares (and, as far as these checks reach, meets) PDF/A-3b.
    #[must_use]
    pub fn is_pdfa(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// The metadata written both to the information dictionary and to XMP.
pub(super) struct Meta<'a> {
    pub title: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    pub created: Option<DateTime<Utc>>,
}

/// Makes `lo` a PDF/A-3b file where it can be one (see the module docs). `files` are the
/// file specifications of the embedded files, in order.
///
/// # Errors
/// [`RenderError::Pdf`] when the document has no catalog or the ICC profile cannot be
/// encoded.
pub(super) fn apply(
    lo: &mut lopdf::Document,
    meta: &Meta,
    files: &[ObjectId],
) -> Result<Conformance, RenderError> {
    let blockers = blockers(lo);
    set_info(lo, meta)?;
    print_annotations_and_no_interpolation(lo);
    mark_embedded_streams(lo, files, meta.created);

    let xmp = xmp_packet(meta, blockers.is_empty());
    let metadata = lopdf::Stream::new(
        LoDict::from_iter(vec![
            ("Type", Object::from("Metadata")),
            ("Subtype", Object::from("XML")),
        ]),
        xmp.into_bytes(),
    )
    .with_compression(false);
    let metadata_id = lo.add_object(metadata);

    let icc = srgb_profile()?;
    let icc_id = lo.add_object(lopdf::Stream::new(
        LoDict::from_iter(vec![
            ("N", Object::Integer(3)),
            ("Alternate", Object::from("DeviceRGB")),
        ]),
        icc,
    ));
    let intent = LoDict::from_iter(vec![
        ("Type", Object::from("OutputIntent")),
        ("S", Object::from("GTS_PDFA1")),
        (
            "OutputConditionIdentifier",
            Object::string_literal("sRGB IEC61966-2.1"),
        ),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(icc_id)),
    ]);

    let catalog = lo
        .catalog_mut()
        .map_err(|_| RenderError::Pdf("finishing the PDF: catalog".to_string()))?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    if !files.is_empty() {
        catalog.set(
            "AF",
            Object::Array(files.iter().map(|id| Object::Reference(*id)).collect()),
        );
    }
    Ok(Conformance { blockers })
}

/// The sRGB ICC profile (IEC 61966-2-1), encoded by `moxcms` with a fixed header date so
/// the same document gives the same bytes.
fn srgb_profile() -> Result<Vec<u8>, RenderError> {
    static PROFILE: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();
    PROFILE
        .get_or_init(|| {
            let mut p = moxcms::ColorProfile::new_srgb();
            p.creation_date_time = moxcms::ColorDateTime {
                year: 2026,
                month: 12,
                day_of_the_month: 1,
                hours: 0,
                minutes: 0,
                seconds: 0,
            };
            p.encode().map_err(|e| format!("{e:?}"))
        })
        .clone()
        .map_err(|e| RenderError::Pdf(format!("sRGB ICC profile: {e}")))
}

/// `D:YYYYMMDDHHmmSS+00'00'`, the PDF date form (ISO 32000-1 §7.9.4), in UTC.
pub(super) fn pdf_date(t: DateTime<Utc>) -> String {
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

fn set_info(lo: &mut lopdf::Document, meta: &Meta) -> Result<(), RenderError> {
    let mut info = LoDict::from_iter(vec![
        ("Title", text_string(meta.title)),
        ("Creator", text_string(meta.creator)),
        ("Producer", text_string(meta.producer)),
    ]);
    if let Some(t) = meta.created {
        let d = Object::string_literal(pdf_date(t));
        info.set("CreationDate", d.clone());
        info.set("ModDate", d);
    }
    // printpdf's info dictionary (with its epoch dates and empty GTS_PDFXVersion) is
    // replaced, not patched, so nothing of it survives.
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    let id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(id));
    Ok(())
}

/// XML-escaped text for the XMP packet.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet (ISO 16684-1) with Dublin Core title and format, the XMP basic dates and
/// creator tool, the PDF producer and, when `declare`, the PDF/A identification.
pub(super) fn xmp_packet(meta: &Meta, declare: bool) -> String {
    let mut props = String::new();
    props.push_str(&format!(
        "   <dc:format>application/pdf</dc:format>\n   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        xml(meta.title)
    ));
    props.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        xml(meta.creator)
    ));
    if let Some(t) = meta.created {
        let iso = t.to_rfc3339_opts(SecondsFormat::Secs, false);
        props.push_str(&format!(
            "   <xmp:CreateDate>{iso}</xmp:CreateDate>\n   <xmp:ModifyDate>{iso}</xmp:ModifyDate>\n   <xmp:MetadataDate>{iso}</xmp:MetadataDate>\n"
        ));
    }
    props.push_str(&format!(
        "   <pdf:Producer>{}</pdf:Producer>\n",
        xml(meta.producer)
    ));
    if declare {
        props.push_str(
            "   <pdfaid:part>3</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n",
        );
    }
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
{props}\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>"
    )
}

/// Annotations print (flag 4) and are never hidden; images never ask for interpolation.
fn print_annotations_and_no_interpolation(lo: &mut lopdf::Document) {
    for obj in lo.objects.values_mut() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Annot")
            || dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link")
        {
            let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            // Print on; Invisible (1), Hidden (2), NoView (32) off.
            dict.set("F", Object::Integer((flags | 4) & !(1 | 2 | 32)));
        }
        if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
            && dict.has(b"Interpolate")
        {
            dict.set("Interpolate", Object::Boolean(false));
        }
    }
}

/// Every embedded file stream names its MIME type and its modification date.
fn mark_embedded_streams(
    lo: &mut lopdf::Document,
    files: &[ObjectId],
    created: Option<DateTime<Utc>>,
) {
    let streams: Vec<ObjectId> = files
        .iter()
        .filter_map(|spec| {
            let spec = lo.get_object(*spec).ok()?.as_dict().ok()?;
            let ef = spec.get(b"EF").ok()?.as_dict().ok()?;
            ef.get(b"F").ok()?.as_reference().ok()
        })
        .collect();
    for id in streams {
        let Ok(Object::Stream(s)) = lo.get_object_mut(id) else {
            continue;
        };
        if !s.dict.has(b"Subtype") {
            s.dict.set(
                "Subtype",
                Object::Name(b"application/octet-stream".to_vec()),
            );
        }
        if let (Some(t), Ok(Object::Dictionary(params))) = (created, s.dict.get_mut(b"Params")) {
            params.set("ModDate", Object::string_literal(pdf_date(t)));
        }
    }
}

/// What keeps the document from being PDF/A-3b (see the module docs). Fonts and colour
/// spaces are looked for in every object and in every dictionary nested inside one (an
/// included page's resources often hold its fonts inline).
fn blockers(lo: &lopdf::Document) -> Vec<String> {
    let mut unembedded = std::collections::BTreeSet::new();
    let mut cmyk = false;
    for obj in lo.objects.values() {
        visit_dicts(obj, 0, &mut |dict| {
            if dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font")
                && !font_embedded(lo, dict)
            {
                let name = dict
                    .get(b"BaseFont")
                    .and_then(Object::as_name)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_else(|_| "(unnamed)".to_string());
                unembedded.insert(name);
            }
        });
        if names_device_cmyk(obj, 0) {
            cmyk = true;
        }
        if let Object::Stream(s) = obj
            && s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
            && content_uses_cmyk_operators(s)
        {
            cmyk = true;
        }
    }
    let mut out = Vec::new();
    if !unembedded.is_empty() {
        out.push(format!(
            "fonts not embedded in an included page: {}",
            unembedded.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if cmyk {
        out.push("device CMYK colour in an included page or picture".to_string());
    }
    out
}

/// Nesting deeper than this is not followed (a hostile file cannot recurse without end;
/// real resources nest a few levels).
const MAX_DEPTH: usize = 32;

/// Calls `f` on every dictionary in `obj`, nested ones included (not through references:
/// those are objects of their own and visited as such).
fn visit_dicts(obj: &Object, depth: usize, f: &mut dyn FnMut(&LoDict)) {
    if depth > MAX_DEPTH {
        return;
    }
    match obj {
        Object::Dictionary(d) => {
            f(d);
            d.iter().for_each(|(_, v)| visit_dicts(v, depth + 1, f));
        }
        Object::Stream(s) => {
            f(&s.dict);
            s.dict
                .iter()
                .for_each(|(_, v)| visit_dicts(v, depth + 1, f));
        }
        Object::Array(a) => a.iter().for_each(|v| visit_dicts(v, depth + 1, f)),
        _ => {}
    }
}

fn resolve<'d>(lo: &'d lopdf::Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => lo.get_object(*id).ok(),
        o => Some(o),
    }
}

pub(super) fn font_embedded(lo: &lopdf::Document, font: &LoDict) -> bool {
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    match subtype {
        b"Type3" => true,
        b"Type0" => font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| resolve(lo, d))
            .and_then(|d| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| resolve(lo, d))
            .and_then(|d| d.as_dict().ok())
            .is_some_and(|d| descriptor_has_file(lo, d)),
        _ => descriptor_has_file(lo, font),
    }
}

fn descriptor_has_file(lo: &lopdf::Document, font: &LoDict) -> bool {
    font.get(b"FontDescriptor")
        .ok()
        .and_then(|d| resolve(lo, d))
        .and_then(|d| d.as_dict().ok())
        .is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"))
}

fn names_device_cmyk(obj: &Object, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let nested = |v: &Object| names_device_cmyk(v, depth + 1);
    match obj {
        Object::Name(n) => n == b"DeviceCMYK",
        Object::Array(a) => a.iter().any(nested),
        Object::Dictionary(d) => d.iter().any(|(_, v)| nested(v)),
        Object::Stream(s) => s.dict.iter().any(|(_, v)| nested(v)),
        _ => false,
    }
}

/// True when a form's content has a `k` or `K` token (set CMYK fill/stroke colour). At most
/// 16 MiB of decoded content is looked at; a stream that cannot be decoded counts as using
/// CMYK (conservative).
fn content_uses_cmyk_operators(s: &lopdf::Stream) -> bool {
    const LIMIT: usize = 16 << 20;
    let decoded;
    let bytes: &[u8] = if s.dict.has(b"Filter") {
        match s.decompressed_content() {
            Ok(d) => {
                decoded = d;
                &decoded
            }
            Err(_) => return true,
        }
    } else {
        &s.content
    };
    let bytes = &bytes[..bytes.len().min(LIMIT)];
    bytes
        .split(|b| b.is_ascii_whitespace() || b"[]()<>/{}%".contains(b))
        .any(|t| t == b"k" || t == b"K")
}
