use super::*;

const CASE: &str = "案卷：张三 诉 某消费金融有限公司 借款合同纠纷";

fn long_paragraph() -> String {
    "本人于2024年3月通过某手机应用申请个人消费贷款人民币30,000元，约定分12期偿还。\
     因2025年下半年失业，自第7期起未能按期还款。逾期后，催收人员多次在夜间拨打本人电话，\
     并向本人通讯录中的亲友发送含有侮辱性语言的短信，严重影响本人及家人的正常生活。\
     本人已保存全部通话录音、短信截图及还款记录，现整理如下，请予核查。"
        .repeat(4)
        + " The lender's agreement (No. CF-2024-000123) states an annual rate of 23.9 percent, \
           which exceeds the limit set by the Supreme People's Court."
}

fn rows(n: usize) -> Vec<Vec<String>> {
    (1..=n)
        .map(|i| {
            let what = if i % 10 == 3 {
                "催收人员致电本人工作单位，向同事透露欠款情况并称将“上门处理”，通话时长约十五分钟"
                    .to_string()
            } else {
                format!("第{i}次催收来电，号码 138 0000 {i:04}")
            };
            vec![
                i.to_string(),
                format!(
                    "2025-{:02}-{:02} 21:{:02}",
                    (i % 12) + 1,
                    (i % 28) + 1,
                    i % 60
                ),
                what,
                format!("¥{}.00", 100 * i),
            ]
        })
        .collect()
}

fn long_doc() -> Document {
    Document {
        title: "债务情况说明及证据清单".to_string(),
        header: Some(CASE.to_string()),
        lang: Lang::Zh,
        blocks: vec![
            Block::Heading("一、基本情况".to_string()),
            Block::Fields(vec![
                ("申请人".to_string(), "张三".to_string()),
                ("身份证号".to_string(), "110101199001011234".to_string()),
                ("借款金额".to_string(), "¥30,000.00（叁万元整）".to_string()),
                (
                    "出借方".to_string(),
                    "某消费金融有限公司（统一社会信用代码 91110000XXXXXXXXXX）".to_string(),
                ),
            ]),
            Block::Heading("二、情况说明".to_string()),
            Block::Paragraph(long_paragraph()),
            Block::Heading("三、催收记录".to_string()),
            Block::Table {
                headers: vec![
                    "序号".to_string(),
                    "时间".to_string(),
                    "事项".to_string(),
                    "金额（元）".to_string(),
                ],
                rows: rows(80),
                widths: vec![0.8, 2.4, 6.0, 1.6],
            },
            Block::Signature {
                lines: vec![
                    "申请人（签名）：".to_string(),
                    "日期：    年  月  日".to_string(),
                ],
            },
        ],
    }
}

fn no_fallback() -> RenderOptions {
    RenderOptions {
        fallback: Fallback::None,
        created: None,
    }
}

fn page_texts(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf parses our PDF");
    let pages = pdf.get_pages();
    pages
        .keys()
        .map(|n| pdf.extract_text(&[*n]).expect("text extraction"))
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn multi_page_chinese_document() {
    let r = render_with(&long_doc(), &no_fallback()).unwrap();
    if let Some(path) = std::env::var_os("CASEFILE_SAMPLE_PDF") {
        std::fs::write(path, &r.bytes).unwrap();
    }
    assert!(r.bytes.starts_with(b"%PDF-"));
    assert!(r.missing_chars.is_empty(), "{:?}", r.missing_chars);
    assert_eq!(
        r.pages, 4,
        "paragraph + 80-row table + signature lay out on 4 pages"
    );
    let texts = page_texts(&r.bytes);
    assert_eq!(texts.len(), r.pages, "page objects in the file");
    let last = squash(texts.last().unwrap());
    assert!(
        last.contains("第4页/共4页"),
        "last page footer missing in {last:?}"
    );
    assert!(squash(&texts[0]).contains("第1页/共4页"));
    assert!(
        r.bytes.len() < 400_000,
        "PDF is {} bytes: the font was not subset?",
        r.bytes.len()
    );
}

#[test]
fn header_and_table_header_repeat_on_every_page() {
    let r = render_with(&long_doc(), &no_fallback()).unwrap();
    let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
    assert!(
        texts[0].contains("债务情况说明及证据清单"),
        "title on page 1"
    );
    for (i, t) in texts.iter().enumerate() {
        assert!(
            t.contains(&squash(CASE)),
            "running header missing on page {}",
            i + 1
        );
        assert!(t.contains(&format!("第{}页/共{}页", i + 1, texts.len())));
    }
    // The table starts on page 1 or 2 and spans to the last page: every page it
    // touches repeats the header row (序号 … 金额（元）).
    let with_rows: Vec<usize> = (0..texts.len())
        .filter(|&i| texts[i].contains("第") && texts[i].contains("次催收来电"))
        .collect();
    assert!(with_rows.len() >= 2, "table should span pages");
    for i in with_rows {
        assert!(
            texts[i].contains("金额（元）"),
            "header row not repeated on page {}",
            i + 1
        );
    }
    assert!(texts.last().unwrap().contains("申请人（签名）："));
}

#[test]
fn pdftotext_sees_the_footer() {
    let r = render_with(&long_doc(), &no_fallback()).unwrap();
    let path = std::env::temp_dir().join(format!("casefile-pdftotext-{}.pdf", std::process::id()));
    std::fs::write(&path, &r.bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "4", "-l", "4", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let Ok(out) = out else {
        eprintln!("SKIPPED pdftotext_sees_the_footer: pdftotext (poppler-utils) not installed");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = squash(&String::from_utf8(out.stdout).unwrap());
    assert!(text.contains("第4页/共4页"), "{text}");
    assert!(text.contains("日期：年月日"), "{text}");
}

#[test]
fn three_page_document_stays_small_and_has_metadata() {
    let mut doc = long_doc();
    doc.blocks[5] = Block::Table {
        headers: vec![
            "序号".into(),
            "时间".into(),
            "事项".into(),
            "金额（元）".into(),
        ],
        rows: rows(45),
        widths: vec![0.8, 2.4, 6.0, 1.6],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert_eq!(r.pages, 3);
    eprintln!("3-page Chinese document: {} bytes", r.bytes.len());
    assert!(r.bytes.len() < 300_000, "{} bytes", r.bytes.len());
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let title = pdf.get_dictionary(info).unwrap().get(b"Title").unwrap();
    let lopdf::Object::String(raw, _) = title else {
        panic!("{title:?}")
    };
    assert_eq!(raw[..2], [0xFE, 0xFF], "UTF-16BE with BOM");
    let units: Vec<u16> = raw[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(
        String::from_utf16(&units).unwrap(),
        "债务情况说明及证据清单"
    );
    // Only a subset of the 1.6 MB font is embedded, tagged as such.
    assert!(r.bytes.windows(7).any(|w| w == b"CASEFA+"), "no subset tag");
}

#[test]
fn english_footer() {
    let doc = Document {
        title: "Statement".into(),
        header: None,
        lang: Lang::En,
        blocks: vec![
            Block::Paragraph("Hello.".into()),
            Block::PageBreak,
            Block::Paragraph("Bye.".into()),
        ],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert_eq!(r.pages, 2);
    let texts = page_texts(&r.bytes);
    assert!(squash(&texts[1]).contains("Page2of2"), "{:?}", texts[1]);
}

#[test]
fn rare_characters_are_reported_without_fallback() {
    let doc = Document {
        title: "吉𠮷".into(),
        header: Some("犇".into()),
        lang: Lang::Zh,
        blocks: vec![Block::Paragraph("姓名：𠮷祥 犇犇".into())],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert_eq!(r.missing_chars, vec!['犇', '𠮷']);
    assert!(r.fallback_chars.is_empty());
    let text = squash(&page_texts(&r.bytes)[0]);
    assert!(
        text.contains("姓名：□祥□□"),
        "placeholder not drawn: {text}"
    );
}

#[test]
fn system_fallback_draws_rare_characters() {
    if !std::path::Path::new(font::SYSTEM_FALLBACK_PATH).exists() {
        eprintln!(
            "SKIPPED system_fallback_draws_rare_characters: {} not installed",
            font::SYSTEM_FALLBACK_PATH
        );
        return;
    }
    let doc = Document {
        title: "说明".into(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::Paragraph("姓名：𠮷祥 犇犇，金额 ¥100".into())],
    };
    let r = render(&doc).unwrap();
    assert!(r.missing_chars.is_empty(), "{:?}", r.missing_chars);
    assert_eq!(r.fallback_chars, vec!['犇', '𠮷']);
    let text = squash(&page_texts(&r.bytes)[0]);
    assert!(text.contains("姓名：𠮷祥犇犇，金额¥100"), "{text}");
    assert!(
        r.bytes.len() < 200_000,
        "fallback font not subset: {} bytes",
        r.bytes.len()
    );
}

#[test]
fn output_is_deterministic_and_id_follows_content() {
    let a = render_with(&long_doc(), &no_fallback()).unwrap();
    let b = render_with(&long_doc(), &no_fallback()).unwrap();
    assert!(a.bytes == b.bytes, "same input, different bytes");
    let mut other = long_doc();
    other.title.push('二');
    let c = render_with(&other, &no_fallback()).unwrap();
    let id = |bytes: &[u8]| {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        format!("{:?}", pdf.trailer.get(b"ID").unwrap())
    };
    assert_ne!(id(&a.bytes), id(&c.bytes));
    assert!(
        !a.bytes
            .windows(16)
            .any(|w| w.eq_ignore_ascii_case(b"4341534546494C45"))
    );
}

#[test]
fn creation_date_comes_from_the_caller() {
    let mut opts = no_fallback();
    opts.created = Some("2026-11-20T08:30:00Z".parse().unwrap());
    let r = render_with(&long_doc(), &opts).unwrap();
    assert!(r.bytes.windows(16).any(|w| w == b"D:20261120083000"));
}

fn fonts() -> Fonts<'static> {
    Fonts {
        main: font::builtin(),
        fallback: None,
    }
}

#[test]
fn chinese_wraps_by_character_with_kinsoku() {
    let f = fonts();
    // 10 ideographs per line at 10 pt: a comma that would start line 2 is pulled
    // back with the preceding character instead.
    let em = f.advance('中', 10.0);
    let text = "一二三四五六七八九十，一二三四五六七八（九）十。";
    let lines = wrap(&f, text, 10.0, em * 10.0 + 0.01);
    for l in &lines {
        let first = l.chars().next().unwrap();
        let last = l.chars().last().unwrap();
        assert!(
            !NO_START.contains(first),
            "line starts with {first}: {lines:?}"
        );
        assert!(!NO_END.contains(last), "line ends with {last}: {lines:?}");
        assert!(f.width(l, 10.0) <= em * 10.0 + 0.02, "overfull: {l}");
    }
    assert_eq!(lines.concat(), text, "no character lost");
    assert_eq!(lines[0], "一二三四五六七八九");
    assert_eq!(lines[1], "十，一二三四五六七八");
    assert_eq!(lines[2], "（九）十。");
}

#[test]
fn latin_wraps_at_spaces_and_long_words_break() {
    let f = fonts();
    let w = f.width("the quick brown", 10.0) + 0.01;
    let lines = wrap(&f, "the quick brown fox jumps over the lazy dog", 10.0, w);
    assert_eq!(
        lines,
        vec!["the quick brown", "fox jumps over", "the lazy dog"]
    );
    // A word wider than the line is cut between characters, filling each line.
    let long = "0123456789012345678901234567890123456789";
    let lines = wrap(&f, &format!("ab {long}"), 10.0, w);
    assert!(lines.len() > 2, "{lines:?}");
    assert!(lines.iter().all(|l| f.width(l, 10.0) <= w), "{lines:?}");
    assert_eq!(lines.concat(), format!("ab {long}"));
    // Mixed: a Latin word next to ideographs may break on either side.
    let lines = wrap(
        &f,
        "合同编号CF2024由甲方提供",
        10.0,
        f.width("合同编号CF2024", 10.0) + 0.01,
    );
    assert_eq!(lines, vec!["合同编号CF2024", "由甲方提供"]);
    assert_eq!(wrap(&f, "a\n\nb", 10.0, 50.0), vec!["a", "", "b"]);
}

#[test]
fn bad_tables_and_spacers_are_rejected() {
    let mut doc = long_doc();
    doc.blocks.push(Block::Table {
        headers: vec!["a".into(), "b".into()],
        rows: vec![],
        widths: vec![1.0],
    });
    assert!(matches!(
        render(&doc),
        Err(RenderError::Table { block: 7, .. })
    ));
    let mut doc = long_doc();
    doc.blocks.push(Block::Spacer(f32::NAN));
    assert!(matches!(
        render(&doc),
        Err(RenderError::Spacer { block: 7, .. })
    ));
}

#[test]
fn a_row_taller_than_a_page_is_split() {
    let doc = Document {
        title: "长单元格".into(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::Table {
            headers: vec!["项".into(), "内容".into()],
            rows: vec![vec!["1".into(), "很长的内容。".repeat(900)]],
            widths: vec![1.0, 4.0],
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert!(r.pages >= 3, "{} pages", r.pages);
    for t in page_texts(&r.bytes) {
        assert!(
            squash(&t).contains("项内容"),
            "header row missing on a page"
        );
    }
}

use image::{ImageEncoder as _, Rgb, RgbImage};

/// A screenshot-like picture: light background, dark bars like lines of text,
/// a coloured band every 500 rows (to see the slices).
fn screenshot(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let band = (y / 500) % 3;
        if y % 500 < 12 {
            [Rgb([200, 40, 40]), Rgb([40, 150, 40]), Rgb([40, 60, 200])][band as usize]
        } else if y % 40 < 14 && x > 16 && x + 16 + (y / 40 % 5) * 20 < w {
            Rgb([50, 50, 50])
        } else {
            Rgb([245, 245, 240])
        }
    })
}

fn png_bytes(img: &RgbImage) -> Arc<[u8]> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out.into()
}

/// A `w`×`h` JPEG, red in the top-left quarter, with an EXIF APP1 segment carrying
/// `orientation` (built by hand: TIFF header, one IFD entry 0x0112 SHORT).
fn jpeg_with_orientation(w: u32, h: u32, orientation: u16) -> Arc<[u8]> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        if x < w / 2 && y < h / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([30, 30, 200])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out.into()
}

fn small_pdf() -> Arc<[u8]> {
    let doc = Document {
        title: "借款合同（样本）".into(),
        header: Some("某消费金融有限公司 个人消费贷款合同".into()),
        lang: Lang::Zh,
        blocks: vec![
            Block::Heading("第一条 借款金额".into()),
            Block::Paragraph("借款人向贷款人借款人民币叁万元整（¥30,000.00）。".into()),
            Block::Heading("第二条 利率".into()),
            Block::Paragraph("年化利率 23.9%，按月等额本息还款，共 12 期。".into()),
        ],
    };
    render_with(&doc, &no_fallback()).unwrap().bytes.into()
}

const CORRUPT_CAPTION: &str = "证据 5 损坏的图片";
const LONG_CAPTION: &str = "证据 4 聊天记录长截图";

fn evidence_doc() -> Document {
    // Cut off right after its header: not one row of it can be read.
    let mut corrupt = png_bytes(&screenshot(40, 40)).to_vec();
    corrupt.truncate(40);
    Document {
        title: "证据材料 · 张三 诉 某消费金融有限公司".into(),
        header: Some(CASE.into()),
        lang: Lang::Zh,
        blocks: vec![
            Block::Paragraph("本材料由 CaseFile 生成，原件作为附件嵌入本文件。".into()),
            Block::Contents,
            Block::PageBreak,
            Block::Section {
                title: "一、基本情况".into(),
                level: 1,
            },
            Block::Paragraph(long_paragraph()),
            Block::Section {
                title: "借款合同".into(),
                level: 2,
            },
            Block::PdfPages {
                bytes: small_pdf(),
                caption: "证据 1 借款合同".into(),
            },
            Block::Section {
                title: "二、截图与照片".into(),
                level: 1,
            },
            Block::Image {
                bytes: png_bytes(&screenshot(360, 240)),
                caption: "证据 2 还款记录截图".into(),
            },
            Block::Image {
                bytes: jpeg_with_orientation(240, 160, 6),
                caption: "证据 3 催收短信照片（EXIF 方向 6）".into(),
            },
            Block::Section {
                title: "长截图".into(),
                level: 2,
            },
            Block::Image {
                bytes: png_bytes(&screenshot(300, 6000)),
                caption: LONG_CAPTION.into(),
            },
            Block::Heading("三、无法显示的文件".into()),
            Block::Image {
                bytes: corrupt.into(),
                caption: CORRUPT_CAPTION.into(),
            },
        ],
    }
}

fn evidence_attachments() -> Vec<Attachment> {
    vec![
        Attachment {
            name: "证据3 催收短信照片.jpg".into(),
            description: "证据 3 原件".into(),
            bytes: jpeg_with_orientation(240, 160, 6),
            mime: "image/jpeg".into(),
        },
        Attachment {
            name: "manifest.json".into(),
            description: "exhibit manifest".into(),
            bytes: "{\"exhibits\": [\"证据3\"]}\n"
                .repeat(50)
                .into_bytes()
                .into(),
            mime: "application/json".into(),
        },
    ]
}

fn render_evidence() -> Rendered {
    let r = render_full(&evidence_doc(), &no_fallback(), &evidence_attachments()).unwrap();
    if let Some(path) = std::env::var_os("CASEFILE_EVIDENCE_SAMPLE") {
        std::fs::write(path, &r.bytes).unwrap();
    }
    r
}

/// Run a command-line tool on `pdf` (written to a temporary file, removed after).
/// `None` (with a message) when the tool is not installed.
fn with_pdf_file<T>(
    test: &str,
    tool: &str,
    pdf: &[u8],
    f: impl FnOnce(&std::path::Path) -> T,
) -> Option<T> {
    if std::process::Command::new(tool).arg("-v").output().is_err() {
        eprintln!("SKIPPED {test}: {tool} not installed (apt-get install poppler-utils qpdf)");
        return None;
    }
    let dir = std::env::temp_dir().join(format!(
        "casefile-{test}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = f(&path);
    let _ = std::fs::remove_dir_all(&dir);
    Some(out)
}

fn run(cmd: &str, args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let out = std::process::Command::new(cmd).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Text of every page, through pdftotext (form XObjects included).
fn poppler_pages(test: &str, pdf: &[u8]) -> Option<Vec<String>> {
    with_pdf_file(test, "pdftotext", pdf, |path| {
        let (ok, text, err) = run(
            "pdftotext",
            &[
                "-layout".as_ref(),
                "-enc".as_ref(),
                "UTF-8".as_ref(),
                path.as_os_str(),
                "-".as_ref(),
            ],
        );
        assert!(ok, "{err}");
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        pages
    })
}

#[test]
fn evidence_pdf_passes_qpdf_check_and_page_count_matches_pdfinfo() {
    let r = render_evidence();
    let Some((ok, out, err)) = with_pdf_file("qpdf", "qpdf", &r.bytes, |p| {
        run("qpdf", &["--check".as_ref(), p.as_os_str()])
    }) else {
        return;
    };
    assert!(ok, "qpdf --check failed:\n{out}\n{err}");
    assert!(
        !out.contains("WARNING") && !err.contains("WARNING"),
        "{out}{err}"
    );
    let Some((ok, info, err)) = with_pdf_file("pdfinfo", "pdfinfo", &r.bytes, |p| {
        run("pdfinfo", &[p.as_os_str()])
    }) else {
        return;
    };
    assert!(ok, "{err}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    assert_eq!(pages, r.pages);
    let version = info.lines().find_map(|l| l.strip_prefix("PDF version:"));
    assert_eq!(version.map(str::trim), Some("1.7"), "{info}");
    eprintln!(
        "evidence PDF: {} pages, {} bytes, problems {:?}",
        r.pages,
        r.bytes.len(),
        r.image_problems
    );
}

#[test]
fn contents_lines_carry_the_pages_their_sections_are_on() {
    let r = render_evidence();
    let Some(pages) = poppler_pages("contents", &r.bytes) else {
        return;
    };
    assert_eq!(pages.len(), r.pages);
    let titles = [
        "一、基本情况",
        "借款合同",
        "二、截图与照片",
        "长截图",
        "三、无法显示的文件",
    ];
    assert!(squash(&pages[0]).contains("目录"), "{}", pages[0]);
    for title in titles {
        // Where the section really is: the first page after the contents page
        // that shows the title at the start of a line.
        let actual = (1..pages.len())
            .find(|&i| pages[i].lines().any(|l| l.trim_start().starts_with(title)))
            .unwrap_or_else(|| panic!("{title} not found"))
            + 1;
        // Its contents line on page 1: the title, then the page number.
        let line = pages[0]
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("no contents line for {title}:\n{}", pages[0]));
        let number: usize = line
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number in {line:?}"));
        assert_eq!(number, actual, "contents line {line:?}");
    }
    // The long screenshot is cut into slices, one per page, each labelled "第 k/n 段".
    let parts: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| squash(p).contains(&squash(LONG_CAPTION)))
        .map(|(i, _)| i)
        .collect();
    let n = parts.len();
    assert!(n >= 3, "only {n} slices");
    for (k, &i) in parts.iter().enumerate() {
        let label = squash(&format!("{LONG_CAPTION}（第 {}/{n} 段）", k + 1));
        assert!(
            squash(&pages[i]).contains(&label),
            "{label} in {}",
            pages[i]
        );
    }
    assert!(parts.windows(2).all(|w| w[1] == w[0] + 1), "{parts:?}");
    // The included PDF page is there, with its own text and our caption.
    let pdf_page = pages
        .iter()
        .find(|p| squash(p).contains("证据1借款合同（第1/1页）"))
        .expect("included PDF caption");
    assert!(squash(pdf_page).contains("第一条借款金额"), "{pdf_page}");
    assert!(squash(pdf_page).contains("借款合同（样本）"), "{pdf_page}");
}

#[test]
fn lopdf_sees_nested_bookmarks_and_links() {
    let r = render_evidence();
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let toc = pdf.get_toc().unwrap();
    assert!(toc.errors.is_empty(), "{:?}", toc.errors);
    let got: Vec<(usize, &str)> = toc
        .toc
        .iter()
        .map(|t| (t.level, t.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "一、基本情况"),
            (2, "借款合同"),
            (1, "二、截图与照片"),
            (2, "长截图"),
            (1, "三、无法显示的文件"),
        ]
    );
    assert!(toc.toc.windows(2).all(|w| w[0].page <= w[1].page));
    assert!(
        toc.toc[0].page >= 2,
        "first section after the contents page"
    );
    let catalog = pdf.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    // Five clickable contents lines on page 1, each naming a destination.
    let page1 = pdf.get_pages()[&1];
    let annots = pdf
        .get_dictionary(page1)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap();
    let dests: Vec<Vec<u8>> = annots
        .iter()
        .map(|a| {
            let d = pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
            assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            d.get(b"Dest").unwrap().as_str().unwrap().to_vec()
        })
        .collect();
    assert_eq!(dests.len(), 5);
    assert_eq!(dests[0], b"sec-00001");
    assert_eq!(dests[4], b"sec-00005");
}

#[test]
fn attachments_extract_byte_for_byte() {
    let r = render_evidence();
    let atts = evidence_attachments();
    let Some(result) = with_pdf_file("pdfdetach", "pdfdetach", &r.bytes, |p| {
        let (ok, list, err) = run("pdfdetach", &["-list".as_ref(), p.as_os_str()]);
        assert!(ok, "{err}");
        let dir = p.parent().unwrap().join("out");
        std::fs::create_dir_all(&dir).unwrap();
        let (ok, _, err) = run(
            "pdfdetach",
            &[
                "-saveall".as_ref(),
                "-o".as_ref(),
                dir.as_os_str(),
                p.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        let files: Vec<(String, Vec<u8>)> = atts
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    std::fs::read(dir.join(&a.name)).unwrap_or_default(),
                )
            })
            .collect();
        (list, files)
    }) else {
        return;
    };
    let (list, files) = result;
    assert!(list.starts_with("2 embedded files"), "{list}");
    for (a, (name, bytes)) in atts.iter().zip(files) {
        assert!(list.contains(&a.name), "{name} not listed in {list}");
        assert!(bytes == a.bytes[..], "{name}: extracted bytes differ");
    }
    // The file specification carries size, MD5 and media type.
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let files: Vec<&lopdf::Stream> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"EmbeddedFile"))
        .collect();
    assert_eq!(files.len(), 2);
    let jpeg = files
        .iter()
        .find(|s| s.dict.get(b"Subtype").unwrap().as_name().unwrap() == b"image/jpeg")
        .unwrap();
    let params = jpeg.dict.get(b"Params").unwrap().as_dict().unwrap();
    assert_eq!(
        params.get(b"Size").unwrap().as_i64().unwrap(),
        atts[0].bytes.len() as i64
    );
    use md5::Digest as _;
    assert_eq!(
        params.get(b"CheckSum").unwrap().as_str().unwrap(),
        &md5::Md5::digest(&atts[0].bytes[..])[..]
    );
}

fn image_xobjects(pdf: &lopdf::Document) -> Vec<(i64, i64, Vec<u8>, Vec<u8>)> {
    pdf.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            (
                s.dict.get(b"Width").unwrap().as_i64().unwrap(),
                s.dict.get(b"Height").unwrap().as_i64().unwrap(),
                s.dict.get(b"Filter").unwrap().as_name().unwrap().to_vec(),
                s.content.clone(),
            )
        })
        .collect()
}

#[test]
fn pictures_are_embedded_upright_and_lossless_where_they_were() {
    let r = render_evidence();
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let images = image_xobjects(&pdf);
    assert_eq!(
        images.len(),
        3,
        "PNG, JPEG, long screenshot (corrupt one skipped)"
    );
    // The orientation-6 JPEG (240×160 as stored) is embedded turned: 160×240, and
    // its red quarter (top-left as stored) is now top-right.
    let (_, _, filter, data) = images
        .iter()
        .find(|i| (i.0, i.1) == (160, 240))
        .expect("turned JPEG");
    assert_eq!(filter, b"DCTDecode");
    assert!(!images.iter().any(|i| (i.0, i.1) == (240, 160)));
    let turned = image::load_from_memory(data).unwrap().to_rgb8();
    let top_right = turned.get_pixel(150, 10);
    let top_left = turned.get_pixel(10, 10);
    assert!(top_right[0] > 150 && top_right[2] < 100, "{top_right:?}");
    assert!(top_left[2] > 150 && top_left[0] < 100, "{top_left:?}");
    // PNG sources stay lossless.
    for dims in [(360, 240), (300, 6000)] {
        let i = images.iter().find(|i| (i.0, i.1) == dims).unwrap();
        assert_eq!(i.2, b"FlateDecode", "{dims:?}");
    }
}

#[test]
fn upright_jpeg_keeps_its_original_bytes() {
    let jpeg = jpeg_with_orientation(200, 100, 1);
    let doc = Document {
        title: "照片".into(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::Image {
            bytes: jpeg.clone(),
            caption: "原图".into(),
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let images = image_xobjects(&pdf);
    assert_eq!(images.len(), 1);
    assert_eq!((images[0].0, images[0].1), (200, 100));
    assert!(images[0].3 == jpeg[..], "JPEG was re-encoded");
    assert!(r.bytes.windows(jpeg.len()).any(|w| w == &jpeg[..]));
}

#[test]
fn corrupt_picture_becomes_a_note_and_a_problem() {
    let r = render_evidence();
    assert_eq!(r.image_problems.len(), 1, "{:?}", r.image_problems);
    assert!(
        r.image_problems[0].contains(CORRUPT_CAPTION),
        "{:?}",
        r.image_problems
    );
    let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
    let last = texts.last().unwrap();
    // The evidence document carries attachments: the note says the original is attached.
    assert!(
        last.contains(&squash(note_text(Lang::Zh, false, true))),
        "{last}"
    );
    // Calm and true: a picture the writer cannot draw is not called damaged.
    for lang in [Lang::Zh, Lang::En] {
        for attached in [true, false] {
            for note in [
                note_text(lang, false, attached),
                note_text(lang, true, attached),
                incomplete_text(lang, attached),
            ] {
                assert!(
                    !note.contains("损坏") && !note.contains("damaged"),
                    "{note}"
                );
                let said = if attached {
                    ["附在本 PDF", "attached to this PDF"]
                } else {
                    ["证据包", "evidence pack"]
                };
                assert!(note.contains(said[0]) || note.contains(said[1]), "{note}");
            }
        }
    }
    assert!(last.contains(&squash(CORRUPT_CAPTION)));
    // Garbage of every kind: never a panic, always a note.
    for bytes in [
        Vec::new(),
        b"not an image".to_vec(),
        vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 0],
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
    ] {
        let doc = Document {
            title: "坏图".into(),
            header: None,
            lang: Lang::En,
            blocks: vec![Block::Image {
                bytes: bytes.into(),
                caption: "x".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert_eq!(r.image_problems.len(), 1);
        assert!(squash(&page_texts(&r.bytes)[0]).contains("Thispicturecannotbedrawn"));
    }
}

#[test]
fn unreadable_pdfs_become_notes() {
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"%PDF-1.7\n garbage".to_vec()),
        ("truncated", small_pdf()[..200].to_vec()),
    ];
    // A password-protected PDF, if qpdf can make one.
    let encrypted = with_pdf_file("encrypt", "qpdf", &small_pdf(), |p| {
        let out = p.with_file_name("enc.pdf");
        let (ok, _, err) = run(
            "qpdf",
            &[
                "--encrypt".as_ref(),
                "user-pw".as_ref(),
                "owner-pw".as_ref(),
                "256".as_ref(),
                "--".as_ref(),
                p.as_os_str(),
                out.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        std::fs::read(out).unwrap()
    });
    if let Some(e) = encrypted {
        cases.push(("encrypted", e));
    }
    for (what, bytes) in cases {
        let doc = Document {
            title: "合同".into(),
            header: None,
            lang: Lang::Zh,
            blocks: vec![Block::PdfPages {
                bytes: bytes.into(),
                caption: "证据 1 借款合同".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        assert_eq!(r.image_problems.len(), 1, "{what}");
        let text = squash(&page_texts(&r.bytes)[0]);
        assert!(text.contains("无法显示此PDF文件"), "{what}: {text}");
    }
}

#[test]
fn owner_password_only_pdf_is_included() {
    let Some(bytes) = with_pdf_file("owner-only", "qpdf", &small_pdf(), |p| {
        let out = p.with_file_name("enc.pdf");
        let (ok, _, err) = run(
            "qpdf",
            &[
                "--encrypt".as_ref(),
                "".as_ref(),
                "owner-pw".as_ref(),
                "256".as_ref(),
                "--".as_ref(),
                p.as_os_str(),
                out.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        std::fs::read(out).unwrap()
    }) else {
        return;
    };
    let doc = Document {
        title: "合同".into(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::PdfPages {
            bytes: bytes.into(),
            caption: "证据 1".into(),
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    let Some(pages) = poppler_pages("owner-only", &r.bytes) else {
        return;
    };
    assert!(
        pages.iter().any(|p| squash(p).contains("第一条借款金额")),
        "{pages:?}"
    );
}

#[test]
fn evidence_pdf_is_deterministic() {
    let a = render_evidence();
    let b = render_evidence();
    assert_eq!(a.pages, b.pages);
    assert!(a.bytes == b.bytes, "same input, different bytes");
}

#[test]
fn long_contents_accounts_for_its_own_length() {
    // 70 sections: the contents needs two pages, which pushes every section on.
    let mut blocks = vec![Block::Contents, Block::PageBreak];
    for i in 1..=70 {
        blocks.push(Block::Section {
            title: format!("第{i}节 催收记录"),
            level: if i % 5 == 1 { 1 } else { 2 },
        });
        blocks.push(Block::Paragraph("记录内容。".repeat(60)));
    }
    let doc = Document {
        title: "长目录".into(),
        header: None,
        lang: Lang::Zh,
        blocks,
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
    let toc = pdf.get_toc().unwrap();
    assert_eq!(toc.toc.len(), 70);
    assert_eq!(toc.toc[0].page, 3, "contents takes two pages");
    let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
    for t in &toc.toc {
        assert!(
            texts[t.page - 1].contains(&squash(&t.title)),
            "{} not on page {}",
            t.title,
            t.page
        );
        let line = format!("{}{}", squash(&t.title), t.page);
        assert!(
            texts[0].contains(&line) || texts[1].contains(&line),
            "contents lack {line}"
        );
    }
}

#[test]
fn orientation_and_jpeg_headers_are_read() {
    for o in 1..=8 {
        assert_eq!(exif_orientation(&jpeg_with_orientation(16, 8, o)), o as u8);
    }
    assert_eq!(exif_orientation(b"nothing"), 1);
    let j = jpeg_with_orientation(64, 32, 1);
    assert_eq!(
        jpeg_info(&j),
        Some(JpegInfo {
            width: 64,
            height: 32,
            components: 3
        })
    );
    assert_eq!(
        jpeg_info(&j[..j.len() - 10]),
        None,
        "truncated: decode instead"
    );
    assert_eq!(jpeg_info(b"\xFF\xD8\xFF"), None);
}

#[test]
fn png_predictors_round_trip() {
    // What flate_image writes, decoded the way a PDF reader does, is the picture.
    let img = screenshot(37, 90);
    let (dict, data) = flate_image(image::DynamicImage::ImageRgb8(img.clone())).unwrap();
    let stream = lopdf::Stream::new(dict, data);
    let raw = stream.decompressed_content().unwrap();
    assert!(raw == *img.as_raw(), "pixels changed");
    // Alpha is composited onto white.
    let rgba = image::RgbaImage::from_fn(3, 1, |x, _| {
        image::Rgba([0, 0, 0, [0, 128, 255][x as usize]])
    });
    let (_, data) = flate_image(image::DynamicImage::ImageRgba8(rgba)).unwrap();
    let mut dict = LoDict::new();
    dict.set("Filter", Object::from("FlateDecode"));
    dict.set(
        "DecodeParms",
        LoDict::from_iter(vec![
            ("Predictor", Object::Integer(15)),
            ("Colors", Object::Integer(3)),
            ("Columns", Object::Integer(3)),
        ]),
    );
    let raw = lopdf::Stream::new(dict, data)
        .decompressed_content()
        .unwrap();
    assert_eq!(raw, vec![255, 255, 255, 127, 127, 127, 0, 0, 0]);
    // A row where Average would win is still decoded right by lopdf.
    let ramp = RgbImage::from_fn(64, 2, |x, y| Rgb([(x * 4) as u8, (y * 100) as u8, 7]));
    let (dict, data) = flate_image(image::DynamicImage::ImageRgb8(ramp.clone())).unwrap();
    let raw = lopdf::Stream::new(dict, data)
        .decompressed_content()
        .unwrap();
    assert!(raw == *ramp.as_raw());
}

/// Peak memory for 100 pictures of about 1.5 MB each (plus each attached):
/// `cargo test --release -- --ignored hundred_pictures --nocapture`.
#[test]
#[ignore]
fn hundred_pictures_stay_under_a_gigabyte() {
    fn peak_kib() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }
    // Noisy photos (JPEG) and screenshots (PNG), half each, about 1.5 MB apiece.
    let mut blocks = vec![Block::Contents];
    let mut atts = Vec::new();
    let mut seed = 0x1234_5678u32;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut input_bytes = 0;
    for i in 0..100 {
        let (bytes, mime): (Arc<[u8]>, &str) = if i % 2 == 0 {
            let img = RgbImage::from_fn(1400, 1050, |x, y| {
                let n = (noise() & 0x3F) as u8;
                Rgb([(x / 6) as u8 ^ n, (y / 5) as u8 ^ n, n.wrapping_mul(3)])
            });
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
                .encode_image(&img)
                .unwrap();
            (out.into(), "image/jpeg")
        } else {
            let mut img = screenshot(1080, 2400);
            for p in img.pixels_mut().step_by(3) {
                p[0] ^= (noise() & 0x1F) as u8;
            }
            (png_bytes(&img), "image/png")
        };
        input_bytes += bytes.len();
        if i % 10 == 0 {
            blocks.push(Block::Section {
                title: format!("第{}组", i / 10 + 1),
                level: 1,
            });
        }
        blocks.push(Block::Image {
            bytes: bytes.clone(),
            caption: format!("证据 {}", i + 1),
        });
        atts.push(Attachment {
            name: format!("证据{}.{}", i + 1, if i % 2 == 0 { "jpg" } else { "png" }),
            description: String::new(),
            bytes,
            mime: mime.into(),
        });
    }
    let doc = Document {
        title: "一百张图".into(),
        header: Some(CASE.into()),
        lang: Lang::Zh,
        blocks,
    };
    let before = peak_kib();
    let t = std::time::Instant::now();
    let r = render_full(&doc, &no_fallback(), &atts).unwrap();
    let after = peak_kib();
    eprintln!(
        "inputs {} MB; PDF {} MB, {} pages in {:.1?}; peak RSS {} MiB before render, {} MiB after",
        input_bytes / 1_000_000,
        r.bytes.len() / 1_000_000,
        r.pages,
        t.elapsed(),
        before / 1024,
        after / 1024
    );
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    assert!(after < 1024 * 1024, "peak RSS {after} KiB");
}

#[test]
fn included_pages_keep_rotation_and_annotation_appearances() {
    // The sample contract turned by /Rotate 90, with a red "seal" stamp annotation
    // (appearance stream only) in the top-right corner of the unturned page.
    let mut src = lopdf::Document::load_mem(&small_pdf()).unwrap();
    let page = src.get_pages()[&1];
    let ap = src.add_object(lopdf::Stream::new(
        LoDict::from_iter(vec![
            ("Type", Object::from("XObject")),
            ("Subtype", Object::from("Form")),
            ("BBox", reals(&[0.0, 0.0, 10.0, 10.0])),
        ]),
        b"1 0 0 rg 0 0 10 10 re f".to_vec(),
    ));
    let annot = src.add_object(LoDict::from_iter(vec![
        ("Type", Object::from("Annot")),
        ("Subtype", Object::from("Stamp")),
        ("Rect", reals(&[400.0, 650.0, 520.0, 740.0])),
        (
            "AP",
            Object::Dictionary(LoDict::from_iter(vec![("N", Object::Reference(ap))])),
        ),
    ]));
    let dict = src.get_object_mut(page).unwrap().as_dict_mut().unwrap();
    dict.set("Rotate", Object::Integer(90));
    dict.set("Annots", Object::Array(vec![Object::Reference(annot)]));
    let mut bytes = Vec::new();
    src.save_to(&mut bytes).unwrap();
    let doc = Document {
        title: String::new(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::PdfPages {
            bytes: bytes.into(),
            caption: "横向合同".into(),
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    if let Some(path) = std::env::var_os("CASEFILE_ROTATED_SAMPLE") {
        std::fs::write(path, &r.bytes).unwrap();
    }
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    let Some(png) = with_pdf_file("rotated", "pdftoppm", &r.bytes, |p| {
        let out = p.with_file_name("page");
        let (ok, _, err) = run(
            "pdftoppm",
            &[
                "-r".as_ref(),
                "30".as_ref(),
                "-png".as_ref(),
                "-singlefile".as_ref(),
                p.as_os_str(),
                out.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        std::fs::read(p.with_file_name("page.png")).unwrap()
    }) else {
        return;
    };
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    let red: Vec<(u32, u32)> = img
        .enumerate_pixels()
        .filter(|(_, _, p)| p[0] > 200 && p[1] < 80 && p[2] < 80)
        .map(|(x, y, _)| (x, y))
        .collect();
    assert!(red.len() > 20, "the stamp's appearance was not drawn");
    let cx = red.iter().map(|p| p.0 as f32).sum::<f32>() / red.len() as f32 / img.width() as f32;
    let cy = red.iter().map(|p| p.1 as f32).sum::<f32>() / red.len() as f32 / img.height() as f32;
    // Turned clockwise, the top-right corner lands bottom-right of a landscape page
    // drawn full width at the top: x ≈ 72–80 %, y ≈ 36–44 % of the sheet.
    assert!((0.70..0.82).contains(&cx), "stamp at x {cx}");
    assert!((0.33..0.47).contains(&cy), "stamp at y {cy}");
}

#[test]
fn a_cut_short_picture_is_drawn_with_a_note() {
    let mut whole = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut whole, 90)
        .encode_image(&screenshot(240, 320))
        .unwrap();
    assert!(!is_cut_short(&whole));
    let cut: Arc<[u8]> = whole[..whole.len() * 2 / 3].into();
    assert!(is_cut_short(&cut));
    let prepared = prepare_image(&cut).expect("what is there is drawn");
    assert!(prepared.incomplete);
    assert_eq!((prepared.px_w, prepared.px_h), (240, 320));
    let doc = Document {
        title: "截断".into(),
        header: None,
        blocks: vec![Block::Image {
            bytes: cut,
            caption: "证据 1 截断的照片".into(),
        }],
        lang: Lang::Zh,
    };
    let r = render_full(&doc, &no_fallback(), &[]).unwrap();
    let text: String = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
    assert!(
        text.contains(&squash(incomplete_text(Lang::Zh, false))),
        "{text}"
    );
    // A PNG without its IEND is cut short too; a whole one is not.
    let png = png_bytes(&screenshot(20, 20));
    assert!(!is_cut_short(&png));
    assert!(is_cut_short(&png[..png.len() - 12]));
    // A PNG cut in the middle of its image data: the rows before the break are drawn, with
    // the note (the image decoder alone refuses the whole picture).
    let whole = png_bytes(&screenshot(240, 320));
    let cut: Arc<[u8]> = whole[..whole.len() / 2].into();
    assert!(image::load_from_memory(&cut).is_err());
    let prepared = prepare_image(&cut).expect("the rows that are there are drawn");
    assert!(prepared.incomplete);
    assert_eq!(prepared.px_w, 240);
    assert!((20..320).contains(&prepared.px_h), "{} rows", prepared.px_h);
    let doc = Document {
        title: "Cut short".into(),
        header: None,
        blocks: vec![Block::Image {
            bytes: cut.clone(),
            caption: "Exhibit 2".into(),
        }],
        lang: Lang::En,
    };
    let attachment = Attachment {
        name: "cut.png".into(),
        description: String::new(),
        bytes: cut,
        mime: "image/png".into(),
    };
    let r = render_full(&doc, &no_fallback(), &[attachment]).unwrap();
    if let Some(path) = std::env::var_os("CASEFILE_CUT_SAMPLE") {
        std::fs::write(path, &r.bytes).unwrap();
    }
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    let text = squash(&page_texts(&r.bytes)[0]);
    assert!(
        text.contains(&squash(incomplete_text(Lang::En, true))),
        "{text}"
    );
    // Not one row: a calm note instead.
    assert!(prepare_image(&whole[..40].into()).is_err());
    for n in 0..whole.len().min(300) {
        let _ = png_rows_read(&whole[..n]);
    }
    for n in 0..40 {
        let _ = is_cut_short(&whole[..n]);
    }
}

/// A PNG chunk: length, type, data, CRC.
fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// An Adam7-interlaced 8-bit PNG of `pixels` (`colors` 1 = gray, 3 = RGB, 4 = RGBA), built by
/// hand: image's encoder writes no interlaced PNGs.
fn interlaced_png(w: u32, h: u32, colors: u8, pixels: &[u8]) -> Arc<[u8]> {
    const PASSES: [(u32, u32, u32, u32); 7] = [
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ];
    let ch = colors as usize;
    let mut raw = Vec::new();
    for (x0, y0, dx, dy) in PASSES {
        if x0 >= w || y0 >= h {
            continue;
        }
        for y in (y0..h).step_by(dy as usize) {
            raw.push(0);
            for x in (x0..w).step_by(dx as usize) {
                let at = (y as usize * w as usize + x as usize) * ch;
                raw.extend_from_slice(&pixels[at..at + ch]);
            }
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    let idat = z.finish().unwrap();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, [0, 0, 0, 2, 6][ch], 0, 0, 1]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", &idat);
    png_chunk(&mut out, b"IEND", &[]);
    out.into()
}

/// A plain (non-interlaced) PNG from image's encoder, every row filter type allowed.
fn adaptive_png(w: u32, h: u32, color: image::ExtendedColorType, pixels: &[u8]) -> Arc<[u8]> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(pixels, w, h, color)
        .unwrap();
    out.into()
}

/// Page 1 of `pdf` rendered by pdftoppm at 72 dpi, as RGB pixels; `None` without poppler.
fn rendered_page(test: &str, pdf: &[u8]) -> Option<Vec<u8>> {
    with_pdf_file(test, "pdftoppm", pdf, |p| {
        let out = p.with_file_name("page");
        let (ok, _, err) = run(
            "pdftoppm",
            &[
                "-r".as_ref(),
                "72".as_ref(),
                "-png".as_ref(),
                "-singlefile".as_ref(),
                p.as_os_str(),
                out.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        let png = std::fs::read(p.with_file_name("page.png")).unwrap();
        image::load_from_memory(&png).unwrap().to_rgb8().into_raw()
    })
}

fn one_picture(bytes: Arc<[u8]>) -> Rendered {
    let doc = Document {
        title: "截图".into(),
        header: None,
        lang: Lang::Zh,
        blocks: vec![Block::Image {
            bytes,
            caption: "截图 1".into(),
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    r
}

#[test]
fn passed_through_png_renders_like_the_decoded_path() {
    // Noise on a screenshot, so every row filter (Average and Paeth included) is used.
    let mut rgb = screenshot(240, 180);
    let mut seed = 7u32;
    for p in rgb.pixels_mut() {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        p[1] ^= (seed >> 24) as u8 & 0x0F;
    }
    let (w, h) = rgb.dimensions();
    let gray = image::DynamicImage::ImageRgb8(rgb.clone()).to_luma8();
    for (what, colors, pixels) in [
        ("RGB", 3u8, rgb.as_raw().clone()),
        ("gray", 1, gray.into_raw()),
    ] {
        let color = if colors == 3 {
            image::ExtendedColorType::Rgb8
        } else {
            image::ExtendedColorType::L8
        };
        let plain = adaptive_png(w, h, color, &pixels);
        let prepared =
            picture::png_passthrough(&plain).expect("an 8-bit opaque PNG passes through");
        assert!(matches!(prepared.data, Payload::Pieces(..)), "{what}");
        // The PNG's own image data is in the PDF as it is (here in one IDAT chunk).
        let Payload::Pieces(_, ranges) = &prepared.data else {
            unreachable!()
        };
        assert_eq!(ranges.len(), 1, "{what}");
        let idat = &plain[ranges[0].clone()];
        let passed = one_picture(plain.clone());
        assert!(
            finish::find(&passed.bytes, idat).is_some(),
            "{what}: image data not passed through"
        );

        // The same pixels interlaced are decoded and re-compressed; both must look the same.
        let interlaced = interlaced_png(w, h, colors, &pixels);
        assert!(picture::png_passthrough(&interlaced).is_none(), "{what}");
        let decoded = one_picture(interlaced);
        assert!(finish::find(&decoded.bytes, idat).is_none(), "{what}");
        let (Some(a), Some(b)) = (
            rendered_page("png-pass", &passed.bytes),
            rendered_page("png-decoded", &decoded.bytes),
        ) else {
            return;
        };
        assert!(a == b, "{what}: the passed-through PNG renders differently");
    }

    // With an alpha channel (opaque here) the PNG is decoded (alpha composited onto white)
    // and renders as the same RGB picture.
    let rgba = image::DynamicImage::ImageRgb8(rgb.clone()).to_rgba8();
    let with_alpha = adaptive_png(w, h, image::ExtendedColorType::Rgba8, rgba.as_raw());
    assert!(picture::png_passthrough(&with_alpha).is_none());
    let interlaced_alpha = interlaced_png(w, h, 4, rgba.as_raw());
    let plain = adaptive_png(w, h, image::ExtendedColorType::Rgb8, rgb.as_raw());
    let pages: Vec<Option<Vec<u8>>> = [plain, with_alpha, interlaced_alpha]
        .into_iter()
        .map(|png| rendered_page("png-alpha", &one_picture(png).bytes))
        .collect();
    if let [Some(a), Some(b), Some(c)] = &pages[..] {
        assert!(
            a == b && b == c,
            "alpha or interlaced PNG renders differently"
        );
    }
}

#[test]
fn a_bad_exif_field_does_not_turn_the_photo_sideways() {
    use crate::domain::media::photo::tests::{jpeg_with, tiff};
    let t = tiff(None, 6, "2026:03:20 23:05:00", None, true);
    assert_eq!(exif_orientation(&jpeg_with(&t, &[])), 6);
}

#[test]
fn damaged_or_unusual_pngs_are_not_passed_through() {
    let img = screenshot(64, 48);
    let good = adaptive_png(64, 48, image::ExtendedColorType::Rgb8, img.as_raw());
    assert!(picture::png_passthrough(&good).is_some());
    // A flipped byte in the image data: its chunk's CRC no longer matches.
    let mut bad = good.to_vec();
    let at = bad.len() - 30;
    bad[at] ^= 0x10;
    assert!(picture::png_passthrough(&bad.into()).is_none());
    // Cut short, and 16 bits per sample.
    assert!(picture::png_passthrough(&good[..good.len() / 2].into()).is_none());
    let wide: Vec<u8> = img.as_raw().iter().flat_map(|&v| [v, v]).collect();
    let deep = adaptive_png(64, 48, image::ExtendedColorType::Rgb16, &wide);
    assert!(picture::png_passthrough(&deep).is_none());
    // The decoder still draws those it can.
    let r = one_picture(deep);
    assert_eq!(r.image_problems.len(), 0);
}

/// A one-page PDF of `w`×`h` points drawn without setting any colour or line width: black
/// bars like lines of text, a solid black block and a stroked frame, all in the default
/// graphics state (black, 1 pt lines), as a scanned or exported contract often is.
fn default_state_pdf(w: f32, h: f32) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut content = String::new();
    for k in 0..12 {
        let y = h - 60.0 - k as f32 * 22.0;
        content.push_str(&format!("50 {y} {} 9 re f\n", 300 - (k % 4) * 40));
    }
    content.push_str("60 60 120 120 re f\n30 30 m 400 30 l S\n");
    let content_id = doc.add_object(lopdf::Stream::new(LoDict::new(), content.into_bytes()));
    let page_id = doc.add_object(LoDict::from_iter(vec![
        ("Type", Object::from("Page")),
        ("Parent", Object::Reference(pages_id)),
        ("MediaBox", reals(&[0.0, 0.0, w, h])),
        ("Contents", Object::Reference(content_id)),
        ("Resources", Object::Dictionary(LoDict::new())),
    ]));
    doc.objects.insert(
        pages_id,
        Object::Dictionary(LoDict::from_iter(vec![
            ("Type", Object::from("Pages")),
            ("Kids", Object::Array(vec![Object::Reference(page_id)])),
            ("Count", Object::Integer(1)),
        ])),
    );
    let catalog = doc.add_object(LoDict::from_iter(vec![
        ("Type", Object::from("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Gray pixels of page 1 at 72 dpi (one pixel per point) and their width.
fn gray_page(test: &str, pdf: &[u8]) -> Option<(Vec<u8>, usize)> {
    with_pdf_file(test, "pdftoppm", pdf, |p| {
        let out = p.with_file_name("page");
        let (ok, _, err) = run(
            "pdftoppm",
            &[
                "-r".as_ref(),
                "72".as_ref(),
                "-gray".as_ref(),
                "-png".as_ref(),
                "-singlefile".as_ref(),
                p.as_os_str(),
                out.as_os_str(),
            ],
        );
        assert!(ok, "{err}");
        let png = std::fs::read(p.with_file_name("page.png")).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_luma8();
        (img.width() as usize, img.into_raw())
    })
    .map(|(w, px)| (px, w))
}

#[test]
fn an_included_page_renders_exactly_as_the_original() {
    // 170 mm wide, so it is drawn at its own size (scale 1) and pixels line up at 72 dpi.
    let (w, h) = (mm_to_pt(CONTENT_W), 520.0);
    let original = default_state_pdf(w, h);
    let doc = Document {
        title: "合同".into(),
        header: Some(CASE.into()),
        lang: Lang::Zh,
        blocks: vec![Block::PdfPages {
            bytes: original.clone().into(),
            caption: "证据 1 借款合同".into(),
        }],
    };
    let r = render_with(&doc, &no_fallback()).unwrap();
    if let Some(path) = std::env::var_os("CASEFILE_INCLUDED_SAMPLE") {
        std::fs::write(path, &r.bytes).unwrap();
    }
    assert!(r.image_problems.is_empty(), "{:?}", r.image_problems);
    // Where layout put the page (PDF points from the bottom-left).
    let media: Vec<Media> = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| prepare_media(i, b).0)
        .collect();
    let fonts = fonts();
    let lay = lay_out(&fonts, &doc, &media, &[], None, None, false);
    let m = lay.placements[0].matrix;
    assert!(
        (m[0] - 1.0).abs() < 1e-4 && (m[3] - 1.0).abs() < 1e-4,
        "{m:?}"
    );
    let (Some((a, aw)), Some((b, bw))) = (
        gray_page("included-original", &original),
        gray_page("included-exhibit", &r.bytes),
    ) else {
        return;
    };
    let bh = b.len() / bw;
    let (dx, dy) = (
        m[4].round() as usize,
        (bh as f32 - m[5] - h).round() as usize,
    );
    let ah = a.len() / aw;
    let (mut off, mut total) = (0usize, 0usize);
    let mut block = Vec::new();
    // Inside the frame (a thin border is drawn around the page), pixel by pixel.
    for y in 3..ah - 3 {
        for x in 3..aw - 3 {
            let (pa, pb) = (a[y * aw + x], b[(y + dy) * bw + x + dx]);
            total += 1;
            if pa.abs_diff(pb) > 64 {
                off += 1;
            }
            // The solid block (60..180 pt from the bottom-left), away from its edges.
            if (66..174).contains(&x) && (ah - 174..ah - 66).contains(&y) {
                block.push(pb);
            }
        }
    }
    let darkest = block.iter().copied().max().unwrap();
    assert!(
        darkest < 20,
        "the included page's black is drawn grey ({darkest}): the host page's colour leaks in"
    );
    assert!(
        off * 200 < total,
        "{off} of {total} pixels differ from the original"
    );
}

/// A long chat-like screenshot `w` pixels wide: lines of "text" (dark strokes on light grey,
/// every column alternating, so each row through them has many edges) of varied height and
/// spacing, message bubbles whose edges cross the blank rows between lines, and a photo
/// (noise) block. Returns the picture and the text bands `[top, bottom)`.
fn chat_screenshot(w: u32, h: u32, seed: u32) -> (RgbImage, Vec<(u32, u32)>) {
    let mut rng = seed;
    let mut next = move |m: u32| {
        rng = rng.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (rng >> 8) % m
    };
    let mut bands = Vec::new();
    let mut photo = None;
    let mut y = 20;
    while y < h.saturating_sub(60) {
        if photo.is_none() && y > h / 2 {
            photo = Some((y, y + 300));
            y += 320;
            continue;
        }
        let lines = 1 + next(4);
        for _ in 0..lines {
            let line_h = 18 + next(14);
            if y + line_h >= h {
                break;
            }
            bands.push((y, y + line_h));
            y += line_h + 4 + next(8);
        }
        y += 20 + next(40);
    }
    let in_band = |y: u32| bands.iter().any(|&(a, b)| (a..b).contains(&y));
    let img = RgbImage::from_fn(w, h, |x, y| {
        if let Some((a, b)) = photo
            && (a..b).contains(&y)
        {
            let v = ((x * 7919 + y * 104_729) % 251) as u8;
            return Rgb([v, v / 2, 255 - v]);
        }
        // Bubble borders: two vertical lines through every row.
        if x == 30 || x == w - 30 {
            return Rgb([120, 120, 120]);
        }
        if in_band(y) && (40..w - 40).contains(&x) && (x / 3 + y / 5) % 2 == 0 {
            Rgb([20, 20, 20])
        } else {
            Rgb([236, 236, 236])
        }
    });
    (img, bands)
}

#[test]
fn long_screenshots_are_cut_between_lines() {
    for (w, h, seed) in [(360u32, 5000u32, 1u32), (720, 9000, 2), (300, 2600, 3)] {
        let (img, bands) = chat_screenshot(w, h, seed);
        let rows = row_profile(&image::DynamicImage::ImageRgb8(img));
        assert_eq!(rows.len(), h as usize);
        let blank = blank_limit(w);
        for &(a, b) in &bands {
            assert!(rows[a as usize..b as usize].iter().all(|&n| n > blank));
        }
        for (first, per_page) in [(400, 900), (37, 1200), (900, 900), (2, 600)] {
            let slices = plan_slices(Some(&rows), blank, h, first, per_page);
            assert_eq!(slices[0].0, 0);
            assert_eq!(slices.last().unwrap().1, h);
            for (k, &(start, end)) in slices.iter().enumerate() {
                let room = if k == 0 { first } else { per_page };
                assert!(start < end && end - start <= room, "{slices:?}");
                if let Some(&(next, _)) = slices.get(k + 1) {
                    // Each row is shown; a slice may repeat a little of the one before.
                    assert!(next <= end && next > start, "{slices:?}");
                    let through = bands.iter().find(|&&(a, b)| a < end && end < b);
                    let overlapped = next < end;
                    assert!(
                        through.is_none() || overlapped,
                        "cut at row {end} goes through the line {through:?} ({w}x{h}, {first}/{per_page})"
                    );
                    if next < end {
                        // Only where no blank row was near: the photo.
                        let window = room / 5;
                        let lo = end.saturating_sub(window);
                        assert!(
                            (lo..=end).all(|r| rows[r as usize] > blank),
                            "overlapped at {end} though a blank row was near"
                        );
                    }
                }
            }
        }
    }
    // Without a profile, fixed heights; nothing loops on tiny rooms.
    assert_eq!(
        plan_slices(None, 4, 10, 4, 4),
        vec![(0, 4), (4, 8), (8, 10)]
    );
    assert_eq!(plan_slices(Some(&[9; 5]), 4, 5, 1, 1).len(), 5);
    assert!(plan_slices(Some(&[]), 4, 0, 0, 0).is_empty());
}

#[test]
fn a_long_chat_screenshot_is_labelled_part_k_of_n() {
    let (img, _) = chat_screenshot(360, 5000, 4);
    for (lang, label) in [
        (Lang::Zh, "截图 1（第 1/"),
        (Lang::En, "截图 1 (part 1 of "),
    ] {
        let doc = Document {
            title: "长截图".into(),
            header: None,
            lang,
            blocks: vec![Block::Image {
                bytes: png_bytes(&img),
                caption: "截图 1".into(),
            }],
        };
        let r = render_with(&doc, &no_fallback()).unwrap();
        if let Some(path) = std::env::var_os("CASEFILE_LONG_SAMPLE") {
            std::fs::write(path, &r.bytes).unwrap();
        }
        let texts: Vec<String> = page_texts(&r.bytes).iter().map(|t| squash(t)).collect();
        assert!(r.pages >= 3, "{} pages", r.pages);
        let n = r.pages;
        for (k, t) in texts.iter().enumerate() {
            let want = match lang {
                Lang::Zh => format!("截图1（第{}/{n}段）", k + 1),
                Lang::En => format!("截图1(part{}of{n})", k + 1),
            };
            assert!(t.contains(&want), "{want} not in {t}");
        }
        assert!(texts[0].contains(&squash(label)));
    }
}

#[cfg(feature = "heif")]
#[test]
fn heic_and_avif_photos_are_drawn() {
    // A landscape photo: red left half, blue right half.
    let src = RgbImage::from_fn(160, 120, |x, _| {
        if x < 80 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    for avif in [false, true] {
        let Some(bytes) = crate::domain::media::heif::encode_for_test(&src, avif) else {
            eprintln!("SKIPPED heic_and_avif_photos_are_drawn: no encoder (avif={avif})");
            continue;
        };
        let r = one_picture(bytes.into());
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let images = image_xobjects(&pdf);
        assert_eq!(images.len(), 1, "avif={avif}");
        assert_eq!((images[0].0, images[0].1), (160, 120));
        let Some(page) = rendered_page("heif", &r.bytes) else {
            return;
        };
        let red = page
            .chunks_exact(3)
            .filter(|p| p[0] > 180 && p[1] < 90 && p[2] < 90)
            .count();
        let blue = page
            .chunks_exact(3)
            .filter(|p| p[2] > 180 && p[0] < 90 && p[1] < 90)
            .count();
        assert!(
            red > 1000 && blue > 1000,
            "avif={avif}: red {red}, blue {blue}"
        );
    }
}
