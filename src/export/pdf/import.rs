//! Pages of other PDFs: opened (refusing password-protected ones), their pages and
//! annotation appearances read, and their objects copied into the output.

use super::*;

/// Open a PDF for inclusion. One that needs a password, has no pages or cannot be
/// parsed is refused. (A PDF encrypted with an empty user password — "owner
/// password only" — opens in every viewer without asking, so it is included.)
pub(super) fn prepare_pdf(bytes: &[u8]) -> Result<PreparedPdf, String> {
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PDF_STREAM),
        ..Default::default()
    };
    let src = lopdf::Document::load_mem_with_options(bytes, opts)
        .map_err(|e| format!("not a readable PDF: {e}"))?;
    if src.is_encrypted() {
        return Err("the PDF is encrypted with a password".to_string());
    }
    let ids: Vec<ObjectId> = src.get_pages().into_values().collect();
    if ids.is_empty() {
        return Err("the PDF has no pages".to_string());
    }
    let pages = ids
        .iter()
        .enumerate()
        .map(|(k, &id)| source_page(&src, id).map_err(|e| format!("page {}: {e}", k + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PreparedPdf { src, pages })
}

pub(super) fn resolve<'d>(doc: &'d lopdf::Document, obj: &'d Object) -> Option<&'d Object> {
    match obj {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A page attribute, looked up through the page tree (MediaBox, CropBox, Resources
/// and Rotate are inheritable).
pub(super) fn inherited<'d>(
    doc: &'d lopdf::Document,
    page: &'d LoDict,
    key: &[u8],
) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return resolve(doc, v);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| resolve(doc, p))
            .and_then(|p| p.as_dict().ok())?;
    }
    None
}

pub(super) fn rect_of(doc: &lopdf::Document, obj: &Object) -> Option<[f32; 4]> {
    let arr = resolve(doc, obj)?.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut v = [0.0f32; 4];
    for (slot, o) in v.iter_mut().zip(arr) {
        *slot = resolve(doc, o)?.as_float().ok()?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    r.iter().all(|x| x.is_finite()).then_some(r)
}

pub(super) fn source_page(src: &lopdf::Document, id: ObjectId) -> Result<SourcePage, String> {
    let page = src.get_dictionary(id).map_err(|e| e.to_string())?;
    let media = inherited(src, page, b"MediaBox")
        .and_then(|o| rect_of(src, o))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let mut bbox = inherited(src, page, b"CropBox")
        .and_then(|o| rect_of(src, o))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .unwrap_or(media);
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        bbox = media;
    }
    if bbox[2] - bbox[0] < 1.0 || bbox[3] - bbox[1] < 1.0 {
        return Err("the page has no area".to_string());
    }
    let rotate = inherited(src, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .map_or(0, |r| r.rem_euclid(360));
    let rotate = if rotate % 90 == 0 { rotate as u16 } else { 0 };
    let mut resources = inherited(src, page, b"Resources")
        .and_then(|o| o.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    let group = page.get(b"Group").ok().cloned();

    let streams: Vec<&lopdf::Stream> =
        match page.get(b"Contents").ok().and_then(|c| resolve(src, c)) {
            None => Vec::new(),
            Some(Object::Stream(s)) => vec![s],
            Some(Object::Array(parts)) => parts
                .iter()
                .map(|p| resolve(src, p).and_then(|o| o.as_stream().ok()))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| "broken content stream".to_string())?,
            Some(_) => return Err("broken content stream".to_string()),
        };
    let decoded: Option<Vec<Vec<u8>>> = streams
        .iter()
        .map(|s| s.decompressed_content_with_limit(MAX_PDF_STREAM).ok())
        .collect();
    let (content, filter) = match decoded {
        Some(parts) => {
            let mut content = b"q\n".to_vec();
            for p in parts {
                content.extend_from_slice(&p);
                content.push(b'\n');
            }
            content.extend_from_slice(b"Q\n");
            // Annotation appearances (signature seals, stamps, filled-in fields) are
            // part of what the page shows: draw them over the content.
            let mut xobjects = resources
                .get(b"XObject")
                .ok()
                .and_then(|o| resolve(src, o))
                .and_then(|o| o.as_dict().ok())
                .cloned()
                .unwrap_or_default();
            let mut n = 0;
            for (ap, m) in annotation_appearances(src, page) {
                let name = format!("CfAp{n}");
                n += 1;
                let [a, b, c, d, e, f] = m.0;
                content.extend_from_slice(
                    format!("q {a:.5} {b:.5} {c:.5} {d:.5} {e:.4} {f:.4} cm /{name} Do Q\n")
                        .as_bytes(),
                );
                xobjects.set(name, Object::Reference(ap));
            }
            if n > 0 {
                resources.set("XObject", xobjects);
            }
            (content, None)
        }
        None if streams.len() == 1 => {
            let s = streams[0];
            let f = s.dict.get(b"Filter").ok().cloned();
            let p = s.dict.get(b"DecodeParms").ok().cloned();
            (s.content.clone(), f.map(|f| (f, p)))
        }
        None => return Err("the page content cannot be decoded".to_string()),
    };
    Ok(SourcePage {
        bbox,
        rotate,
        content,
        filter,
        resources: Object::Dictionary(resources),
        group,
    })
}

/// Visible annotation appearances of a page: the appearance stream and the matrix
/// that maps it onto the annotation's rectangle (PDF 32000-1 §12.5.5).
pub(super) fn annotation_appearances(
    src: &lopdf::Document,
    page: &LoDict,
) -> Vec<(ObjectId, Affine)> {
    let Some(annots) = page
        .get(b"Annots")
        .ok()
        .and_then(|a| resolve(src, a))
        .and_then(|a| a.as_array().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for annot in annots {
        let Some(d) = resolve(src, annot).and_then(|a| a.as_dict().ok()) else {
            continue;
        };
        let subtype = d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        if matches!(subtype, b"Link" | b"Popup") {
            continue;
        }
        let flags = d.get(b"F").and_then(Object::as_i64).unwrap_or(0);
        if flags & (2 | 32) != 0 {
            continue; // Hidden or NoView
        }
        let Some(rect) = d.get(b"Rect").ok().and_then(|r| rect_of(src, r)) else {
            continue;
        };
        let Some(normal) = d
            .get(b"AP")
            .ok()
            .and_then(|ap| resolve(src, ap))
            .and_then(|ap| ap.as_dict().ok())
            .and_then(|ap| ap.get(b"N").ok())
        else {
            continue;
        };
        // /N is a stream, or a dictionary of states picked by /AS.
        let ap_id = match normal {
            Object::Reference(id) => match src.get_object(*id) {
                Ok(Object::Stream(_)) => Some(*id),
                Ok(Object::Dictionary(states)) => state_stream(d, states),
                _ => None,
            },
            Object::Dictionary(states) => state_stream(d, states),
            _ => None,
        };
        let Some(ap_id) = ap_id else { continue };
        let Ok(stream) = src.get_object(ap_id).and_then(Object::as_stream) else {
            continue;
        };
        let Some(bbox) = stream.dict.get(b"BBox").ok().and_then(|b| rect_of(src, b)) else {
            continue;
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| resolve(src, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| {
                let v: Option<Vec<f32>> = m.iter().map(|x| x.as_float().ok()).collect();
                v.filter(|v| v.len() == 6)
                    .map(|v| Affine([v[0], v[1], v[2], v[3], v[4], v[5]]))
            })
            .unwrap_or(Affine::scale(1.0));
        let corners = [
            matrix.apply(bbox[0], bbox[1]),
            matrix.apply(bbox[2], bbox[1]),
            matrix.apply(bbox[0], bbox[3]),
            matrix.apply(bbox[2], bbox[3]),
        ];
        let x0 = corners.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
        let x1 = corners
            .iter()
            .map(|c| c.0)
            .fold(f32::NEG_INFINITY, f32::max);
        let y0 = corners.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
        let y1 = corners
            .iter()
            .map(|c| c.1)
            .fold(f32::NEG_INFINITY, f32::max);
        if !(x1 - x0 > 1e-3 && y1 - y0 > 1e-3) {
            continue;
        }
        let sx = (rect[2] - rect[0]) / (x1 - x0);
        let sy = (rect[3] - rect[1]) / (y1 - y0);
        out.push((
            ap_id,
            Affine([sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy]),
        ));
    }
    out
}

pub(super) fn state_stream(annot: &LoDict, states: &LoDict) -> Option<ObjectId> {
    let state = annot.get(b"AS").and_then(Object::as_name).ok()?;
    states.get(state).and_then(Object::as_reference).ok()
}

/// Copies objects from an included PDF, renumbering them (each once, iteratively).
pub(super) struct Importer<'s> {
    pub(super) src: &'s lopdf::Document,
    pub(super) map: BTreeMap<ObjectId, ObjectId>,
    pub(super) queue: Vec<ObjectId>,
}

impl<'s> Importer<'s> {
    pub(super) fn new(src: &'s lopdf::Document) -> Self {
        Importer {
            src,
            map: BTreeMap::new(),
            queue: Vec::new(),
        }
    }

    pub(super) fn object(&mut self, dst: &mut lopdf::Document, o: &Object) -> Object {
        match o {
            Object::Reference(id) => Object::Reference(self.reference(dst, *id)),
            Object::Array(a) => Object::Array(a.iter().map(|x| self.object(dst, x)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.dict(dst, d)),
            Object::Stream(s) => {
                let mut copy = lopdf::Stream::new(self.dict(dst, &s.dict), s.content.clone());
                copy.allows_compression = s.allows_compression;
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    /// Copy of a dictionary without its way back up (/Parent): resources never need it,
    /// and following it would pull in the source's whole page tree.
    pub(super) fn dict(&mut self, dst: &mut lopdf::Document, d: &LoDict) -> LoDict {
        d.iter()
            .filter(|(k, _)| k.as_slice() != b"Parent")
            .map(|(k, v)| (k.clone(), self.object(dst, v)))
            .collect()
    }

    pub(super) fn reference(&mut self, dst: &mut lopdf::Document, id: ObjectId) -> ObjectId {
        if let Some(&n) = self.map.get(&id) {
            return n;
        }
        let n = dst.new_object_id();
        self.map.insert(id, n);
        self.queue.push(id);
        n
    }

    /// Copy every object referenced so far (and what they reference).
    pub(super) fn drain(&mut self, dst: &mut lopdf::Document) {
        let src = self.src;
        while let Some(id) = self.queue.pop() {
            let new = self.map[&id];
            let copy = match src.get_object(id) {
                Ok(o) => self.object(dst, o),
                Err(_) => Object::Null,
            };
            dst.objects.insert(new, copy);
        }
    }
}
