//! PDF/A-3b: the structure ISO 19005-3 asks for, checked on our own output (no PDF/A
//! validator is installable here: veraPDF is not packaged for Debian or PyPI), plus
//! `qpdf --check` for the file's syntax.

use super::*;

use lopdf::Object as O;

fn options(created: Option<&str>) -> RenderOptions {
    RenderOptions {
        fallback: Fallback::None,
        created: created.map(|t| t.parse().unwrap()),
    }
}

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        title: "证据材料 <张三 & 某贷>".into(),
        header: Some("证据材料".into()),
        lang: Lang::Zh,
        blocks: [
            vec![
                Block::Heading("目录".into()),
                Block::Contents,
                Block::Heading("证据一 借款合同".into()),
                Block::Paragraph("借款合同一份，证明借贷关系。".into()),
            ],
            blocks,
        ]
        .concat(),
    }
}

fn attachments() -> Vec<Attachment> {
    vec![
        Attachment {
            name: "E1 合同.txt".into(),
            description: "证据 1 原件".into(),
            bytes: "借款合同\n".repeat(40).into_bytes().into(),
            mime: "text/plain".into(),
        },
        Attachment {
            name: "E2 录音.amr".into(),
            description: "证据 2 原件".into(),
            bytes: b"#!AMR\n\x3c\x00\x00\x00".repeat(10).into(),
            mime: String::new(),
        },
    ]
}

fn dict<'d>(pdf: &'d lopdf::Document, o: &'d O) -> &'d lopdf::Dictionary {
    match o {
        O::Reference(id) => pdf.get_dictionary(*id).unwrap(),
        O::Dictionary(d) => d,
        o => panic!("not a dictionary: {o:?}"),
    }
}

fn catalog(pdf: &lopdf::Document) -> &lopdf::Dictionary {
    pdf.catalog().unwrap()
}

fn info(pdf: &lopdf::Document) -> &lopdf::Dictionary {
    dict(pdf, pdf.trailer.get(b"Info").unwrap())
}

fn xmp(pdf: &lopdf::Document) -> String {
    let id = catalog(pdf)
        .get(b"Metadata")
        .and_then(O::as_reference)
        .unwrap();
    let O::Stream(s) = pdf.get_object(id).unwrap() else {
        panic!("metadata is not a stream")
    };
    assert!(
        !s.dict.has(b"Filter"),
        "ISO 19005 wants the metadata stream unfiltered"
    );
    assert_eq!(s.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
    String::from_utf8(s.content.clone()).unwrap()
}

/// Every element's text, by qualified name, from a well-formed XML document (quick-xml
/// errors on a malformed one).
fn xml_values(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XMP") {
            Event::Start(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                stack.push((name.to_string(), String::new()));
            }
            Event::End(_) => {
                let (name, text) = stack.pop().expect("balanced");
                if !text.trim().is_empty() {
                    out.push((name, text));
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = stack.last_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                if let Some((_, text)) = stack.last_mut() {
                    text.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    out
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn text(o: &O) -> String {
    let O::String(raw, _) = o else {
        panic!("not a string: {o:?}")
    };
    if raw.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(raw.clone()).unwrap()
    }
}

#[test]
fn the_evidence_pdf_is_a_pdfa_3b_file_with_true_dates() {
    let r = render_full(
        &doc(vec![]),
        &options(Some("2026-11-20T08:30:00Z")),
        &attachments(),
    )
    .unwrap();
    assert!(r.pdfa_blockers.is_empty(), "{:?}", r.pdfa_blockers);
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();

    // Identification and metadata that agrees with the information dictionary.
    let values = xml_values(&xmp(&pdf));
    assert_eq!(value(&values, "pdfaid:part"), Some("3"));
    assert_eq!(value(&values, "pdfaid:conformance"), Some("B"));
    assert_eq!(value(&values, "rdf:li"), Some("证据材料 <张三 & 某贷>"));
    assert_eq!(
        value(&values, "xmp:CreateDate"),
        Some("2026-11-20T08:30:00+00:00")
    );
    assert_eq!(
        value(&values, "xmp:ModifyDate"),
        Some("2026-11-20T08:30:00+00:00")
    );
    let info = info(&pdf);
    assert_eq!(
        text(info.get(b"CreationDate").unwrap()),
        "D:20261120083000+00'00'"
    );
    assert_eq!(
        text(info.get(b"ModDate").unwrap()),
        "D:20261120083000+00'00'"
    );
    assert_eq!(text(info.get(b"Title").unwrap()), "证据材料 <张三 & 某贷>");
    assert_eq!(
        Some(text(info.get(b"Producer").unwrap()).as_str()),
        value(&values, "pdf:Producer")
    );
    assert_eq!(
        Some(text(info.get(b"Creator").unwrap()).as_str()),
        value(&values, "xmp:CreatorTool")
    );
    assert!(!info.has(b"GTS_PDFXVersion"), "not a PDF/X file");
    for needle in [&b"GTS_PDFX"[..], b"D:1970", b"1970-01-01"] {
        assert!(
            !r.bytes.windows(needle.len()).any(|w| w == needle),
            "{} found in the file",
            String::from_utf8_lossy(needle)
        );
    }

    // An sRGB output intent with a real ICC profile.
    let intents = catalog(&pdf)
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = dict(&pdf, &intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let icc_id = intent
        .get(b"DestOutputProfile")
        .unwrap()
        .as_reference()
        .unwrap();
    let O::Stream(icc) = pdf.get_object(icc_id).unwrap() else {
        panic!("profile is not a stream")
    };
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let profile = icc.decompressed_content().unwrap_or(icc.content.clone());
    assert_eq!(&profile[36..40], b"acsp", "ICC signature");
    assert_eq!(&profile[16..20], b"RGB ", "ICC data colour space");
    assert_eq!(
        u32::from_be_bytes(profile[0..4].try_into().unwrap()) as usize,
        profile.len(),
        "ICC declared size"
    );

    // Embedded files: listed in /AF, related, typed and dated.
    let af: Vec<lopdf::ObjectId> = catalog(&pdf)
        .get(b"AF")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_reference().unwrap())
        .collect();
    assert_eq!(af.len(), 2);
    for spec in &af {
        let spec = pdf.get_dictionary(*spec).unwrap();
        assert!(spec.has(b"F") && spec.has(b"UF"));
        assert!(spec.has(b"AFRelationship"));
        let stream = spec
            .get(b"EF")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"F")
            .unwrap()
            .as_reference()
            .unwrap();
        let O::Stream(s) = pdf.get_object(stream).unwrap() else {
            panic!()
        };
        assert!(s.dict.get(b"Subtype").unwrap().as_name().is_ok());
        let params = s.dict.get(b"Params").unwrap().as_dict().unwrap();
        assert_eq!(
            text(params.get(b"ModDate").unwrap()),
            "D:20261120083000+00'00'"
        );
    }

    // Every font embedded; every annotation printable.
    let mut fonts = 0;
    let mut links = 0;
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(O::as_name).ok() == Some(b"Font") {
            fonts += 1;
            assert!(pdfa::font_embedded(&pdf, d), "{d:?}");
        }
        if d.get(b"Subtype").and_then(O::as_name).ok() == Some(b"Link") {
            links += 1;
            assert_eq!(d.get(b"F").unwrap().as_i64().unwrap() & 4, 4);
        }
    }
    assert!(fonts > 0 && links > 0, "fonts {fonts}, links {links}");

    let Some((ok, out, err)) = run_qpdf(&r.bytes) else {
        return;
    };
    assert!(ok, "qpdf --check failed:\n{out}\n{err}");
}

#[test]
fn without_a_date_the_file_carries_none_never_the_epoch() {
    let r = render_full(&doc(vec![]), &options(None), &[]).unwrap();
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    assert!(!info(&pdf).has(b"CreationDate"));
    assert!(!xmp(&pdf).contains("CreateDate"));
    assert!(!r.bytes.windows(6).any(|w| w == b"D:1970"));
    assert!(catalog(&pdf).get(b"AF").is_err(), "no files, no /AF");
}

/// A one-page PDF with `content` and the page `resources`.
fn one_page_pdf(content: &[u8], resources: LoDict) -> Arc<[u8]> {
    let mut d = lopdf::Document::with_version("1.4");
    let pages_id = d.new_object_id();
    let content = d.add_object(lopdf::Stream::new(LoDict::new(), content.to_vec()));
    let page = d.add_object(LoDict::from_iter(vec![
        ("Type", O::from("Page")),
        ("Parent", O::Reference(pages_id)),
        ("Contents", O::Reference(content)),
        (
            "MediaBox",
            O::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
        ),
        ("Resources", O::Dictionary(resources)),
    ]));
    d.objects.insert(
        pages_id,
        O::Dictionary(LoDict::from_iter(vec![
            ("Type", O::from("Pages")),
            ("Kids", O::Array(vec![O::Reference(page)])),
            ("Count", O::Integer(1)),
        ])),
    );
    let catalog = d.add_object(LoDict::from_iter(vec![
        ("Type", O::from("Catalog")),
        ("Pages", O::Reference(pages_id)),
    ]));
    d.trailer.set("Root", O::Reference(catalog));
    let mut out = Vec::new();
    d.save_to(&mut out).unwrap();
    out.into()
}

/// Text in Helvetica without embedding it, as contracts from many lenders are.
fn pdf_with_unembedded_helvetica() -> Arc<[u8]> {
    let font = LoDict::from_iter(vec![
        ("Type", O::from("Font")),
        ("Subtype", O::from("Type1")),
        ("BaseFont", O::from("Helvetica")),
    ]);
    one_page_pdf(
        b"BT /F1 24 Tf 72 700 Td (Loan contract) Tj ET",
        LoDict::from_iter(vec![(
            "Font",
            O::Dictionary(LoDict::from_iter(vec![("F1", O::Dictionary(font))])),
        )]),
    )
}

/// A page painting in device CMYK.
fn pdf_in_cmyk() -> Arc<[u8]> {
    one_page_pdf(b"0 0 0 1 k 72 72 200 200 re f", LoDict::new())
}

#[test]
fn an_included_page_that_is_not_archival_keeps_the_file_from_claiming_pdfa() {
    for (what, bytes, expect) in [
        ("helvetica", pdf_with_unembedded_helvetica(), "Helvetica"),
        ("cmyk", pdf_in_cmyk(), "CMYK"),
    ] {
        let r = render_full(
            &doc(vec![Block::PdfPages {
                bytes,
                caption: "证据 1 借款合同".into(),
            }]),
            &options(Some("2026-11-20T08:30:00Z")),
            &[],
        )
        .unwrap();
        assert!(
            r.image_problems.is_empty(),
            "{what}: {:?}",
            r.image_problems
        );
        assert!(
            r.pdfa_blockers.iter().any(|b| b.contains(expect)),
            "{what}: {:?}",
            r.pdfa_blockers
        );
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let values = xml_values(&xmp(&pdf));
        assert_eq!(
            value(&values, "pdfaid:part"),
            None,
            "{what}: no false claim"
        );
        assert_eq!(
            value(&values, "xmp:CreateDate"),
            Some("2026-11-20T08:30:00+00:00"),
            "{what}: the rest of the metadata stays"
        );
    }
}

fn run_qpdf(pdf: &[u8]) -> Option<(bool, String, String)> {
    let dir = std::env::temp_dir().join(format!("casefile-pdfa-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(o) => Some((
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )),
        Err(_) => {
            eprintln!("SKIPPED qpdf check: qpdf not installed (apt-get install qpdf)");
            None
        }
    }
}

fn page_texts(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    pdf.get_pages()
        .keys()
        .map(|n| {
            pdf.extract_text(&[*n])
                .unwrap()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

#[test]
fn page_references_print_the_pages_each_section_spans() {
    let long = "催收记录的说明文字，".repeat(700);
    let blocks = vec![
        Block::Paragraph(format!(
            "甲节在第{}页，乙节在第{}页，丙节在第{}页。",
            page_range_ref(2),
            page_range_ref(4),
            page_range_ref(7)
        )),
        Block::PageBreak,
        Block::Section {
            title: "甲节标题".into(),
            level: 1,
        },
        Block::Paragraph(long),
        Block::Section {
            title: "乙节标题".into(),
            level: 1,
        },
        Block::Paragraph("乙节很短。".into()),
        Block::PageBreak,
        Block::Section {
            title: "丙节标题".into(),
            level: 1,
        },
    ];
    let doc = Document {
        title: "页码".into(),
        header: None,
        lang: Lang::Zh,
        blocks,
    };
    let r = render_full(&doc, &options(None), &[]).unwrap();
    let pages = page_texts(&r.bytes);
    let on = |needle: &str| {
        pages
            .iter()
            .position(|p| p.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let (a, b, c) = (on("甲节标题"), on("乙节标题"), on("丙节标题"));
    assert!(b > a, "the long section spans pages: {a} {b}");
    // 甲 ends on the page where 乙 begins (乙 shares it); 乙 fits that page; 丙 is last.
    let want = format!("甲节在第{a}–{b}页，乙节在第{b}页，丙节在第{c}页。");
    assert!(pages[0].contains(&want), "{want} not in {}", pages[0]);
    assert_eq!(c, pages.len());
}
