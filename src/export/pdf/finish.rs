//! Finishing with lopdf: pictures and included pages, named destinations, bookmarks,
//! contents links, embedded files, payloads spliced into the saved bytes, the fixed id.

use super::*;

pub(super) fn validate(doc: &Document) -> Result<(), RenderError> {
    for (block, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Table {
                headers,
                rows,
                widths,
            } => {
                let ncols = headers
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0));
                if !widths.is_empty() && widths.len() != ncols {
                    return Err(RenderError::Table {
                        block,
                        reason: format!("{} widths for {ncols} columns", widths.len()),
                    });
                }
                if widths.iter().any(|w| !w.is_finite() || *w <= 0.0) {
                    return Err(RenderError::Table {
                        block,
                        reason: "widths must be finite and positive".to_string(),
                    });
                }
            }
            Block::Spacer(mm) if !mm.is_finite() || *mm < 0.0 => {
                return Err(RenderError::Spacer { block, mm: *mm });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Where the /ID placeholder (twice, as hex) sits in `tail`, the file's end from before its
/// trailer: the /ID is in the trailer, after every object (and every embedded file).
fn id_positions(tail: &[u8]) -> Result<Vec<usize>, RenderError> {
    let hex_placeholder: Vec<u8> = ID_PLACEHOLDER
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    let from = rfind(tail, b"trailer").unwrap_or(0);
    let positions: Vec<usize> = tail[from..]
        .windows(hex_placeholder.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(&hex_placeholder))
        .map(|(i, _)| from + i)
        .collect();
    if positions.len() != 2 {
        return Err(RenderError::Pdf(format!(
            "expected the document id placeholder twice, found it {} times",
            positions.len()
        )));
    }
    Ok(positions)
}

// Finishing with lopdf: pictures, included pages, links, bookmarks, attachments

/// A PDF text string: plain for ASCII, otherwise UTF-16BE with a byte-order mark.
pub(super) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

pub(super) fn dest_key(entry: usize) -> Vec<u8> {
    format!("sec-{:05}", entry + 1).into_bytes()
}

pub(super) fn xobject_name(slot: usize, sub: usize) -> String {
    format!("CfX{slot}p{sub}")
}

pub(super) fn reals(v: &[f32]) -> Object {
    Object::Array(v.iter().map(|&x| Object::Real(x)).collect())
}

/// Marker standing in a stream's place in the skeleton file until the payload is
/// spliced in (see [`splice_payloads`]).
pub(super) const PAYLOAD_MARK: &[u8] = b"%CaseFile-payload-";

pub(super) fn payload_marker(index: usize) -> Vec<u8> {
    format!("%CaseFile-payload-{index:08}-c0ffee%").into_bytes()
}

/// Add a stream whose bytes are written only at the very end (no copy held in lopdf).
pub(super) fn add_deferred_stream(
    lo: &mut lopdf::Document,
    payloads: &mut Vec<Payload>,
    dict: LoDict,
    data: Payload,
) -> ObjectId {
    let len = data.len();
    let mut stream =
        lopdf::Stream::new(dict, payload_marker(payloads.len())).with_compression(false);
    stream.dict.set("Length", Object::Integer(len as i64));
    payloads.push(data);
    lo.add_object(stream)
}

/// Everything printpdf does not do: the pictures and included pages (drawn by an extra
/// content stream per page), the named destinations, bookmarks and contents links, and
/// the embedded files.
pub(super) fn finish_document(
    lo: &mut lopdf::Document,
    media: Vec<Media>,
    extras: Extras,
    entries: &[TocEntry],
    attachments: &[Attachment],
    payloads: &mut Vec<Payload>,
) -> Result<Vec<ObjectId>, RenderError> {
    lo.version = "1.7".to_string();
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    add_media(lo, media, &page_ids, payloads)?;
    place_media(lo, &extras, &page_ids)?;
    let mut names = LoDict::new();
    add_destinations(lo, &extras, entries, &page_ids, &mut names)?;
    add_links(lo, &extras, &page_ids)?;
    let files = add_attachments(lo, &extras, attachments, payloads, &mut names)?;
    if !names.is_empty() {
        let names_id = lo.add_object(names);
        let catalog = lo.catalog_mut().map_err(|_| finish_err("catalog"))?;
        catalog.set("Names", Object::Reference(names_id));
    }
    Ok(files)
}

fn finish_err(what: &str) -> RenderError {
    RenderError::Pdf(format!("finishing the PDF: {what}"))
}

/// Pictures and included pages become XObjects in the one XObject dictionary printpdf
/// shares between all pages.
fn add_media(
    lo: &mut lopdf::Document,
    media: Vec<Media>,
    page_ids: &[ObjectId],
    payloads: &mut Vec<Payload>,
) -> Result<(), RenderError> {
    let err = finish_err;
    let mut xobjects: Vec<(String, ObjectId)> = Vec::new();
    for (slot, m) in media.into_iter().enumerate() {
        match m {
            Media::Image(img) => {
                let id = add_deferred_stream(lo, payloads, img.dict, img.data);
                xobjects.push((xobject_name(slot, 0), id));
            }
            Media::Pdf(pdf) => {
                let mut imp = Importer::new(&pdf.src);
                for (k, page) in pdf.pages.into_iter().enumerate() {
                    let resources = imp.object(lo, &page.resources);
                    let [x0, y0, x1, y1] = page.bbox;
                    let mut dict = LoDict::from_iter(vec![
                        ("Type", Object::from("XObject")),
                        ("Subtype", Object::from("Form")),
                        ("FormType", Object::Integer(1)),
                        ("BBox", reals(&[x0, y0, x1, y1])),
                        ("Resources", resources),
                    ]);
                    if let Some(g) = &page.group {
                        let g = imp.object(lo, g);
                        dict.set("Group", g);
                    }
                    let compressible = page.filter.is_none();
                    if let Some((f, p)) = &page.filter {
                        let f = imp.object(lo, f);
                        dict.set("Filter", f);
                        if let Some(p) = p {
                            let p = imp.object(lo, p);
                            dict.set("DecodeParms", p);
                        }
                    }
                    let stream =
                        lopdf::Stream::new(dict, page.content).with_compression(compressible);
                    let id = lo.add_object(stream);
                    xobjects.push((xobject_name(slot, k), id));
                }
                imp.drain(lo);
            }
            Media::None | Media::Broken => {}
        }
    }
    if !xobjects.is_empty() {
        let first = *page_ids.first().ok_or_else(|| err("no pages"))?;
        let resources = lo
            .get_dictionary(first)
            .and_then(|p| p.get(b"Resources"))
            .and_then(Object::as_reference)
            .map_err(|_| err("page resources"))?;
        let xdict = lo
            .get_dictionary(resources)
            .and_then(|r| r.get(b"XObject"))
            .and_then(Object::as_reference)
            .map_err(|_| err("XObject dictionary"))?;
        let xdict = lo
            .get_object_mut(xdict)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("XObject dictionary"))?;
        for (name, id) in xobjects {
            xdict.set(name, Object::Reference(id));
        }
    }

    Ok(())
}

/// One more content stream per page that shows pictures or included pages.
///
/// The page's own content (printpdf's) leaves its last colours, line width and text state
/// set: the footer's grey fill, for one. An included page relies on the default state (black,
/// 1 pt lines) like any page does, so the page's content is wrapped in `q … Q` (a stream of
/// its own before it, the `Q` opening the new one) and every picture and included page is
/// drawn in the page's initial graphics state.
fn place_media(
    lo: &mut lopdf::Document,
    extras: &Extras,
    page_ids: &[ObjectId],
) -> Result<(), RenderError> {
    let err = finish_err;
    let mut by_page: BTreeMap<usize, Vec<&Placement>> = BTreeMap::new();
    for p in &extras.placements {
        by_page.entry(p.page).or_default().push(p);
    }
    for (page, list) in by_page {
        let mut ops = String::from("Q\n");
        for p in list {
            let [cx, cy, cw, ch] = p.clip;
            let [a, b, c, d, e, f] = p.matrix;
            ops.push_str(&format!(
                "q {cx:.3} {cy:.3} {cw:.3} {ch:.3} re W n {a:.5} {b:.5} {c:.5} {d:.5} {e:.3} {f:.3} cm /{} Do Q\n\
                 q 0.6 G 0.5 w {cx:.3} {cy:.3} {cw:.3} {ch:.3} re S Q\n",
                xobject_name(p.slot, p.sub)
            ));
        }
        let stream_id = lo.add_object(lopdf::Stream::new(LoDict::new(), ops.into_bytes()));
        let save_id = lo.add_object(lopdf::Stream::new(LoDict::new(), b"q\n".to_vec()));
        let page_id = *page_ids.get(page).ok_or_else(|| err("placement page"))?;
        let page_dict = lo
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("page dictionary"))?;
        let old = page_dict
            .get(b"Contents")
            .cloned()
            .map_err(|_| err("page contents"))?;
        let mut parts = vec![Object::Reference(save_id)];
        match old {
            Object::Array(a) => parts.extend(a),
            other => parts.push(other),
        }
        parts.push(Object::Reference(stream_id));
        page_dict.set("Contents", Object::Array(parts));
    }

    Ok(())
}

/// Named destinations, one per section, and the bookmarks that use them.
fn add_destinations(
    lo: &mut lopdf::Document,
    extras: &Extras,
    entries: &[TocEntry],
    page_ids: &[ObjectId],
    names: &mut LoDict,
) -> Result<(), RenderError> {
    let err = finish_err;
    if !extras.marks.is_empty() {
        let mut dests = Vec::new();
        for (k, m) in extras.marks.iter().enumerate() {
            let page_id = *page_ids.get(m.page).ok_or_else(|| err("section page"))?;
            dests.push(Object::String(dest_key(k), StringFormat::Literal));
            // As a dictionary with /D (equally valid, and what lopdf's reader expects).
            let dest = Object::Array(vec![
                Object::Reference(page_id),
                Object::from("XYZ"),
                Object::Real(0.0),
                Object::Real(mm_to_pt(PAGE_H - (m.y - 4.0).max(0.0))),
                Object::Null,
            ]);
            dests.push(Object::Dictionary(LoDict::from_iter(vec![("D", dest)])));
        }
        names.set(
            "Dests",
            LoDict::from_iter(vec![("Names", Object::Array(dests))]),
        );
        let outline = build_outline(lo, entries);
        let catalog = lo.catalog_mut().map_err(|_| err("catalog"))?;
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::from("UseOutlines"));
    }

    Ok(())
}

/// Contents lines link to their section.
fn add_links(
    lo: &mut lopdf::Document,
    extras: &Extras,
    page_ids: &[ObjectId],
) -> Result<(), RenderError> {
    let err = finish_err;
    for link in &extras.links {
        let [x, top, w, h] = link.rect;
        let annot = LoDict::from_iter(vec![
            ("Type", Object::from("Annot")),
            ("Subtype", Object::from("Link")),
            (
                "Rect",
                reals(&[
                    mm_to_pt(x),
                    mm_to_pt(PAGE_H - top - h),
                    mm_to_pt(x + w),
                    mm_to_pt(PAGE_H - top),
                ]),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
            (
                "Dest",
                Object::String(dest_key(link.entry), StringFormat::Literal),
            ),
        ]);
        let annot_id = lo.add_object(annot);
        let page_id = *page_ids.get(link.page).ok_or_else(|| err("link page"))?;
        let page_dict = lo
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| err("page dictionary"))?;
        match page_dict.get_mut(b"Annots") {
            Ok(Object::Array(a)) => a.push(Object::Reference(annot_id)),
            _ => page_dict.set("Annots", Object::Array(vec![Object::Reference(annot_id)])),
        }
    }

    Ok(())
}

/// The originals, embedded as files. Returns their file specifications, in order.
fn add_attachments(
    lo: &mut lopdf::Document,
    extras: &Extras,
    attachments: &[Attachment],
    payloads: &mut Vec<Payload>,
    names: &mut LoDict,
) -> Result<Vec<ObjectId>, RenderError> {
    let err = finish_err;
    let mut specs = Vec::with_capacity(attachments.len());
    if !attachments.is_empty() {
        let mut tree = Vec::new();
        for (i, a) in attachments.iter().enumerate() {
            let spec = embed_file(lo, payloads, i, a);
            specs.push(spec);
            tree.push(Object::String(
                format!("{:05}", i + 1).into_bytes(),
                StringFormat::Literal,
            ));
            tree.push(Object::Reference(spec));
        }
        names.set(
            "EmbeddedFiles",
            LoDict::from_iter(vec![("Names", Object::Array(tree))]),
        );
        if extras.marks.is_empty() {
            let catalog = lo.catalog_mut().map_err(|_| err("catalog"))?;
            catalog.set("PageMode", Object::from("UseAttachments"));
        }
    }
    Ok(specs)
}

/// The outline (bookmarks): entries nest under the closest earlier entry of a lower
/// level; each opens its section's named destination. Returns the outline root.
pub(super) fn build_outline(lo: &mut lopdf::Document, entries: &[TocEntry]) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry (None = the root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].level < e.level {
                break;
            }
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(k);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&k| parent[k] == p).collect()
    };
    // Descendant counts (all items open).
    let mut count = vec![0i64; entries.len()];
    for k in (0..entries.len()).rev() {
        if let Some(p) = parent[k] {
            count[p] += 1 + count[k];
        }
    }
    for (k, e) in entries.iter().enumerate() {
        let siblings = children(parent[k]);
        let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
        let mut d = LoDict::from_iter(vec![
            ("Title", text_string(&e.title)),
            (
                "Parent",
                Object::Reference(parent[k].map_or(root, |p| ids[p])),
            ),
            ("Dest", Object::String(dest_key(k), StringFormat::Literal)),
        ]);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(k));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(count[k]));
        }
        lo.objects.insert(ids[k], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = LoDict::from_iter(vec![
        ("Type", Object::from("Outlines")),
        ("Count", Object::Integer(entries.len() as i64)),
    ]);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    lo.objects.insert(root, Object::Dictionary(r));
    root
}

/// File name safe to extract: no path separators or control characters.
pub(super) fn attachment_file_name(name: &str, index: usize) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '/' | '\\') { '_' } else { c })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        format!("attachment-{}", index + 1)
    } else {
        clean
    }
}

/// Media types whose files are already compressed (stored as they are).
pub(super) fn already_compressed(mime: &str) -> bool {
    let m = mime.to_ascii_lowercase();
    let top = m.split('/').next().unwrap_or("");
    (matches!(top, "audio" | "video")
        || (top == "image" && !matches!(m.as_str(), "image/bmp" | "image/svg+xml" | "image/tiff")))
        || matches!(
            m.as_str(),
            "application/pdf"
                | "application/zip"
                | "application/gzip"
                | "application/x-7z-compressed"
                | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
}

/// One embedded file: the file stream (with /Params /Size and /CheckSum) and its
/// file specification. Returns the file specification.
pub(super) fn embed_file(
    lo: &mut lopdf::Document,
    payloads: &mut Vec<Payload>,
    index: usize,
    a: &Attachment,
) -> ObjectId {
    use md5::Digest as _;
    let checksum = md5::Md5::digest(&a.bytes[..]).to_vec();
    let mut dict = LoDict::from_iter(vec![
        ("Type", Object::from("EmbeddedFile")),
        (
            "Params",
            Object::Dictionary(LoDict::from_iter(vec![
                ("Size", Object::Integer(a.bytes.len() as i64)),
                (
                    "CheckSum",
                    Object::String(checksum, StringFormat::Hexadecimal),
                ),
            ])),
        ),
    ]);
    let mime = a.mime.trim();
    if !mime.is_empty() && mime.is_ascii() {
        dict.set("Subtype", Object::Name(mime.as_bytes().to_vec()));
    }
    let data = if already_compressed(mime) || a.bytes.len() < 64 {
        Payload::Shared(a.bytes.clone())
    } else {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let packed = enc
            .write_all(&a.bytes)
            .and_then(|()| enc.finish())
            .ok()
            .filter(|c| c.len() + c.len() / 10 < a.bytes.len());
        match packed {
            Some(c) => {
                dict.set("Filter", Object::from("FlateDecode"));
                Payload::Owned(c)
            }
            None => Payload::Shared(a.bytes.clone()),
        }
    };
    let file = add_deferred_stream(lo, payloads, dict, data);
    let name = attachment_file_name(&a.name, index);
    let mut spec = LoDict::from_iter(vec![
        ("Type", Object::from("Filespec")),
        ("F", text_string(&name)),
        ("UF", text_string(&name)),
        (
            "EF",
            Object::Dictionary(LoDict::from_iter(vec![
                ("F", Object::Reference(file)),
                ("UF", Object::Reference(file)),
            ])),
        ),
        ("AFRelationship", Object::from("Source")),
    ]);
    if !a.description.is_empty() {
        spec.set("Desc", text_string(&a.description));
    }
    lo.add_object(spec)
}

/// What [`write_spliced`] wrote: the SHA-256 and size of the finished file.
pub(super) struct Spliced {
    pub(super) sha256: [u8; 32],
    pub(super) size: u64,
}

/// Writes the finished file to `out` as a stream: the skeleton with the deferred payloads in
/// place of their markers, every later object's cross-reference offset (and `startxref`)
/// moved accordingly, and the /ID placeholder replaced by the first 128 bits of the SHA-256
/// of the file as it was with the placeholder (a stable, content-derived identifier). Only the skeleton and the payloads are held, never the whole
/// file: the payloads follow each other to `out`, and the end (cross-reference table and
/// trailer, which come after every payload) is fixed up in memory and written last.
pub(super) fn write_spliced(
    skeleton: &[u8],
    payloads: &[Payload],
    out: &mut dyn std::io::Write,
) -> Result<Spliced, RenderError> {
    use sha2::Digest as _;
    let hits = find_markers(skeleton, payloads)?;
    // Where a byte of the skeleton at `pos` lands. A payload may be shorter than its marker
    // (a tiny attachment), so the markers before `pos` are taken out before the payloads
    // are added: `pos` is past all of them, so nothing underflows.
    let moved_to = |pos: usize| -> usize {
        let before = hits.iter().take_while(|&&(p, _, _)| p < pos);
        let (added, removed) =
            before.fold((0, 0), |(a, r), &(_, k, m)| (a + payloads[k].len(), r + m));
        pos - removed + added
    };
    let last = hits.last().map_or(0, |&(pos, _, m)| pos + m);
    // startxref points at the (single, classic) cross-reference table.
    let sx = rfind(skeleton, b"startxref\n").ok_or_else(|| splice_err("no startxref"))?;
    let old_xref: usize = std::str::from_utf8(&skeleton[sx + 10..])
        .ok()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| splice_err("bad startxref"))?;
    if old_xref < last || sx < old_xref {
        return Err(splice_err("cross-reference table before a payload"));
    }
    let new_xref = moved_to(old_xref);
    let mut tail = skeleton[last..sx + 10].to_vec();
    rewrite_xref(&mut tail, old_xref - last, &moved_to)?;
    tail.extend_from_slice(format!("{new_xref}\n%%EOF").as_bytes());
    let ids = id_positions(&tail)?;

    // Two hashes over the same stream: the document id covers the file with its placeholder,
    // the returned SHA-256 the file as written. They differ only in the tail.
    let mut id_hash = sha2::Sha256::new();
    let mut file_hash = sha2::Sha256::new();
    let mut size = 0u64;
    let mut put = |bytes: &[u8], out: &mut dyn std::io::Write| -> Result<(), RenderError> {
        id_hash.update(bytes);
        file_hash.update(bytes);
        size += bytes.len() as u64;
        out.write_all(bytes).map_err(RenderError::Write)
    };
    let mut from = 0;
    for &(pos, k, mlen) in &hits {
        put(&skeleton[from..pos], out)?;
        match &payloads[k] {
            Payload::Shared(b) => put(b, out)?,
            Payload::Owned(v) => put(v, out)?,
            Payload::Pieces(b, ranges) => {
                for r in ranges {
                    put(&b[r.clone()], out)?;
                }
            }
        }
        from = pos + mlen;
    }
    id_hash.update(&tail);
    let digest = id_hash.finalize();
    let hex: Vec<u8> = digest[..16]
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    for p in ids {
        tail[p..p + hex.len()].copy_from_slice(&hex);
    }
    file_hash.update(&tail);
    size += tail.len() as u64;
    out.write_all(&tail).map_err(RenderError::Write)?;
    Ok(Spliced {
        sha256: file_hash.finalize().into(),
        size,
    })
}

fn splice_err(what: &str) -> RenderError {
    RenderError::Pdf(format!("writing payloads: {what}"))
}

/// Where each payload's marker sits in the skeleton: `(position, payload index, marker
/// length)`, sorted. Each payload must have exactly one marker, alone in its stream.
fn find_markers(
    skeleton: &[u8],
    payloads: &[Payload],
) -> Result<Vec<(usize, usize, usize)>, RenderError> {
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    let mut seen = vec![false; payloads.len()];
    let mut i = 0;
    while let Some(off) = find(&skeleton[i..], PAYLOAD_MARK) {
        let pos = i + off;
        i = pos + 1;
        if !skeleton[..pos].ends_with(b"stream\n") {
            continue;
        }
        let digits = &skeleton[pos + PAYLOAD_MARK.len()..];
        let Some(index) = digits
            .get(..8)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| d.parse::<usize>().ok())
        else {
            continue;
        };
        let marker = payload_marker(index);
        if index < payloads.len()
            && skeleton[pos..].starts_with(&marker)
            && skeleton[pos + marker.len()..].starts_with(b"\nendstream")
        {
            if seen[index] {
                return Err(splice_err("a marker appears twice"));
            }
            seen[index] = true;
            hits.push((pos, index, marker.len()));
        }
    }
    if seen.iter().any(|s| !s) {
        return Err(splice_err("a marker is missing"));
    }
    hits.sort_unstable();
    Ok(hits)
}

/// Moves every in-use entry of the classic cross-reference table at `xref` in `out` by
/// `moved_to`; offsets keep their 10 digits.
fn rewrite_xref(
    out: &mut [u8],
    xref: usize,
    moved_to: &dyn Fn(usize) -> usize,
) -> Result<(), RenderError> {
    if !out.get(xref..).is_some_and(|t| t.starts_with(b"xref\n")) {
        return Err(splice_err("cross-reference table not found"));
    }
    let mut p = xref + 5;
    loop {
        let line_end = p + out
            .get(p..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
            .ok_or_else(|| splice_err("xref"))?;
        let line = std::str::from_utf8(&out[p..line_end]).map_err(|_| splice_err("xref"))?;
        if line.starts_with("trailer") {
            return Ok(());
        }
        let count: usize = line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| splice_err("xref subsection"))?;
        p = line_end + 1;
        for _ in 0..count {
            let entry = out.get(p..p + 20).ok_or_else(|| splice_err("xref entry"))?;
            if entry[17] == b'n' {
                let off: usize = std::str::from_utf8(&entry[..10])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .ok_or_else(|| splice_err("xref offset"))?;
                let moved = format!("{:010}", moved_to(off));
                if moved.len() != 10 {
                    return Err(splice_err("file too large"));
                }
                out[p..p + 10].copy_from_slice(moved.as_bytes());
            }
            p += 20;
        }
    }
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&b| b == first)?;
        i += off;
        if hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

pub(super) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
