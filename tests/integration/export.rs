//! The evidence PDF and the evidence pack, checked with the tools a lawyer's clerk would use:
//! poppler (pdftotext, pdffonts, pdfdetach, pdfinfo), qpdf, sha256sum, and `verify-pack`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{Dir, code, sha256_file, stderr};

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is installed by scripts/setup.sh: {e}"))
}

fn png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x as u8).wrapping_add(seed),
            (y as u8).wrapping_mul(3),
            seed,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn wav(seconds: u32) -> Vec<u8> {
    let rate = 8000u32;
    let data_len = seconds * rate * 2;
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    v.resize(v.len() + data_len as usize, 0);
    v
}

fn contract_pdf() -> Vec<u8> {
    use casefile::export::document::{Block, Document, Lang, render};
    render(&Document {
        title: "借款合同".into(),
        header: None,
        blocks: vec![Block::Paragraph("甲方向乙方出借人民币伍仟元整。".into())],
        lang: Lang::Zh,
    })
    .unwrap()
    .bytes
}

/// A case with figures, a stage, a deadline, contacts and four kinds of exhibit.
fn rich_case() -> (Dir, String, Vec<Value>) {
    let (d, _) = Dir::with_vault();
    let case = d.json(&[
        "case",
        "new",
        "--title",
        "某某借款纠纷",
        "--lender",
        "某某网络小额贷款有限公司",
        "--principal",
        "5000",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    d.json(&[
        "case",
        "edit",
        &case,
        "--contract-number",
        "HT-2025-0601",
        "--received",
        "4500",
        "--claimed-principal",
        "5000",
        "--claimed-interest",
        "900",
    ]);
    d.json(&["stage", "set", &case, "litigation", "--on", "2026-11-01"]);
    d.json(&[
        "event",
        "add",
        &case,
        "complaint_served",
        "--on",
        "2026-11-20",
    ]);
    d.json(&[
        "party",
        "add",
        &case,
        "--role",
        "court",
        "--name",
        "某某区人民法院",
        "--case-number",
        "（2026）京0105民初12345号",
    ]);
    let shot = d.file("催收截图.png", &png(360, 780, 1));
    let photo = d.file("传票照片.jpg", &jpeg(640, 480));
    let contract = d.file("借款合同.pdf", &contract_pdf());
    let call = d.file("通话录音.wav", &wav(4));
    let lines = d.add(&case, &[&shot, &photo, &contract, &call]);
    let call_id = lines[3]["id"].as_str().unwrap();
    d.json(&[
        "contact",
        "add",
        &case,
        "--at",
        "2026-11-21T23:10:00+08:00",
        "--channel",
        "call",
        "--direction",
        "in",
        "--number",
        "17000000000",
        "--role",
        "collector",
        "--answered",
        "yes",
        "--summary",
        "威胁通知单位",
        "--evidence",
        call_id,
    ]);
    (d, case, lines)
}

#[test]
fn the_evidence_pdf_reads_right_in_standard_tools() {
    let (d, case, lines) = rich_case();
    let out = d.root.join("证据材料.pdf");
    let v = d.json(&["export", "pdf", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(sha256_file(&out), v["sha256"].as_str().unwrap());
    assert_eq!(v["exhibits"], 4);

    let check = tool("qpdf", &["--check", out.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );

    let info = String::from_utf8(tool("pdfinfo", &[out.to_str().unwrap()]).stdout).unwrap();
    let pages: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        pages,
        v["pages"].as_u64().unwrap(),
        "page count as reported"
    );
    // The metadata carries the export's own time (never 1970-01-01) in an XMP stream too.
    let created = info
        .lines()
        .find_map(|l| l.strip_prefix("CreationDate:"))
        .expect("a creation date")
        .trim()
        .to_string();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        created.contains(&year) && !created.contains("1970"),
        "creation date {created:?}"
    );
    assert!(info.contains("Metadata Stream: yes"), "{info}");
    assert!(!info.contains("PDF subtype"), "not declared PDF/X: {info}");

    let fonts = String::from_utf8(tool("pdffonts", &[out.to_str().unwrap()]).stdout).unwrap();
    let font_line = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJK"))
        .expect("the CJK font is used");
    assert!(
        font_line.contains('+'),
        "subset font names carry a tag: {font_line}"
    );
    let cols: Vec<&str> = font_line.split_whitespace().collect();
    assert!(
        cols.iter().filter(|c| **c == "yes").count() >= 2,
        "embedded and subset: {font_line}"
    );

    let text = String::from_utf8(tool("pdftotext", &[out.to_str().unwrap(), "-"]).stdout).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for heading in [
        "证据目录",
        "联系记录",
        "法定期限",
        "核验方法",
        "某某网络小额贷款有限公司",
        "（2026）京0105民初12345号",
        "HT-2025-0601",
        "certutil",
    ] {
        assert!(flat.contains(heading), "pdftotext finds {heading}");
    }
    for line in &lines {
        let hash = line["sha256"].as_str().unwrap();
        assert!(
            flat.contains(hash),
            "every exhibit's full SHA-256 is printed: {hash}"
        );
    }
    assert!(
        flat.contains(&format!("第1页/共{pages}页")),
        "footer on page 1"
    );

    // Every original rides inside, byte for byte, plus the manifest.
    let list =
        String::from_utf8(tool("pdfdetach", &["-list", out.to_str().unwrap()]).stdout).unwrap();
    assert!(list.contains("manifest.json"), "{list}");
    let dir = d.root.join("detached");
    fs::create_dir_all(&dir).unwrap();
    assert!(
        tool(
            "pdfdetach",
            &[
                "-saveall",
                "-o",
                dir.to_str().unwrap(),
                out.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let mut found = 0;
    for entry in fs::read_dir(&dir).unwrap().flatten() {
        let h = sha256_file(&entry.path());
        if lines.iter().any(|l| l["sha256"] == h.as_str()) {
            found += 1;
        }
    }
    assert_eq!(found, 4, "each original extracts with its recorded hash");

    // Exports are chain events; an existing output is not replaced without --force.
    let log = d.json(&["log", "--case", &case]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "export_made" && e["data"]["export"] == "evidence_pdf")
    );
    let again = d.run(&["export", "pdf", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&again), 7);
    let no_att = d.root.join("no-attachments.pdf");
    d.json(&[
        "export",
        "pdf",
        &case,
        "--out",
        no_att.to_str().unwrap(),
        "--no-attachments",
    ]);
    let list =
        String::from_utf8(tool("pdfdetach", &["-list", no_att.to_str().unwrap()]).stdout).unwrap();
    assert!(list.trim_start().starts_with('0'), "no attachments: {list}");
}

#[test]
fn empty_and_large_cases_export() {
    let (d, _) = Dir::with_vault();
    let empty = d.new_case();
    let out = d.root.join("empty.pdf");
    d.json(&["export", "pdf", &empty, "--out", out.to_str().unwrap()]);
    assert!(
        tool("qpdf", &["--check", out.to_str().unwrap()])
            .status
            .success()
    );

    let big = d.new_case();
    let files: Vec<PathBuf> = (0..200)
        .map(|i| d.file(&format!("s{i:03}.png"), &png(120, 260, i as u8)))
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    for chunk in refs.chunks(50) {
        d.add(&big, chunk);
    }
    let out = d.root.join("big.pdf");
    let v = d.json(&["export", "pdf", &big, "--out", out.to_str().unwrap()]);
    assert_eq!(v["exhibits"], 200);
    assert!(v["pages"].as_u64().unwrap() > 200);
    assert!(
        tool("qpdf", &["--check", out.to_str().unwrap()])
            .status
            .success()
    );
}

#[test]
fn a_damaged_evidence_file_stops_the_export_and_leaves_nothing() {
    let (d, case, lines) = rich_case();
    let id = lines[1]["id"].as_str().unwrap();
    let blob = d
        .vault
        .join("cases")
        .join(&case)
        .join("evidence")
        .join(format!("{id}.age"));
    let mut bytes = fs::read(&blob).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    fs::write(&blob, &bytes).unwrap();
    for (args, out) in [
        (vec!["export", "pdf"], d.root.join("x.pdf")),
        (vec!["export", "pack"], d.root.join("x.zip")),
    ] {
        let mut argv = args.clone();
        argv.push(&case);
        argv.push("--out");
        argv.push(out.to_str().unwrap());
        let o = d.run(&argv);
        assert_eq!(code(&o), 9, "{}", stderr(&o));
        assert!(stderr(&o).contains(id), "names the item: {}", stderr(&o));
        assert!(!out.exists());
        let leftovers: Vec<_> = fs::read_dir(&d.root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "no half-written output");
    }
}

#[test]
fn a_missing_evidence_file_stops_the_export_naming_it() {
    let (d, case, lines) = rich_case();
    let id = lines[2]["id"].as_str().unwrap();
    fs::remove_file(
        d.vault
            .join("cases")
            .join(&case)
            .join("evidence")
            .join(format!("{id}.age")),
    )
    .unwrap();
    let out = d.root.join("y.pdf");
    let o = d.run(&["export", "pdf", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 9, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(id) && stderr(&o).contains("missing"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

fn unzip(zip: &Path, into: &Path) {
    let st = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(zip)
        .arg(into)
        .status()
        .unwrap();
    assert!(st.success());
}

/// Rewrites a zip with python's zipfile, applying `edit(name, data) -> Option<(name, data)>`.
fn rewrite_zip(src: &Path, dst: &Path, script: &str) {
    let code = format!(
        "import zipfile,sys\nsrc=zipfile.ZipFile(sys.argv[1])\ndst=zipfile.ZipFile(sys.argv[2],'w')\nfor i in src.infolist():\n    name=i.filename\n    data=src.read(name)\n{script}\n    if name is not None: dst.writestr(name,data)\ndst.close()\n"
    );
    let st = Command::new("python3")
        .arg("-c")
        .arg(code)
        .arg(src)
        .arg(dst)
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn the_pack_round_trips_through_sha256sum_and_verify_pack() {
    let (d, case, lines) = rich_case();
    let weird = d.file("a:b?.jpg", &jpeg(32, 32));
    d.add(&case, &[&weird]);
    let zip = d.root.join("证据包.zip");
    let v = d.json(&["export", "pack", &case, "--out", zip.to_str().unwrap()]);
    assert_eq!(v["exhibits"], 5);

    let dir = d.root.join("unpacked");
    unzip(&zip, &dir);
    let sums = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        sums.status.success(),
        "sha256sum -c: {}",
        String::from_utf8_lossy(&sums.stdout)
    );
    assert!(dir.join("exhibits").join("E001_催收截图.png").exists());
    assert!(
        dir.join("exhibits").join("E005_a_b_.jpg").exists(),
        "names are sanitised"
    );
    assert!(dir.join("核验说明.txt").exists() && dir.join("VERIFY.txt").exists());
    let manifest: Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "casefile-pack");
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["exhibits"][0]["sha256"], lines[0]["sha256"]);

    let ok = d.run(&["--json", "verify-pack", zip.to_str().unwrap()]);
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stdout));

    // A changed byte, a missing file and a renamed file are each caught and named.
    let cases = [
        (
            "changed",
            "    if name.endswith('.wav'): data=data[:100]+bytes([data[100]^1])+data[101:]",
            "E004_通话录音.wav",
        ),
        (
            "missing",
            "    if name.endswith('.jpg') and 'E002' in name: name=None",
            "E002_传票照片.jpg",
        ),
        (
            "renamed",
            "    if 'E001' in name: name=name.replace('E001','E009')",
            "E001_催收截图.png",
        ),
    ];
    for (what, script, named) in cases {
        let bad = d.root.join(format!("{what}.zip"));
        rewrite_zip(&zip, &bad, script);
        let out = d.run(&["--json", "verify-pack", bad.to_str().unwrap()]);
        assert_eq!(
            code(&out),
            4,
            "{what} must fail: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let text = report["problems"].to_string();
        assert!(text.contains(named), "{what} names {named}: {text}");
    }
    // The pack is a chain event too, and refuses to overwrite.
    assert_eq!(
        code(&d.run(&["export", "pack", &case, "--out", zip.to_str().unwrap()])),
        7
    );
}

#[test]
fn a_pack_encrypted_to_the_lawyer_opens_only_with_their_key() {
    let (d, case, _) = rich_case();
    let lawyer = age::x25519::Identity::generate();
    let key_file = d.file(
        "lawyer.key",
        {
            use secrecy::ExposeSecret;
            format!("# lawyer\n{}\n", lawyer.to_string().expose_secret())
        }
        .as_bytes(),
    );
    let recipient = lawyer.to_public().to_string();
    let out = d.root.join("证据包.zip");
    let v = d.json(&[
        "export",
        "pack",
        &case,
        "--out",
        out.to_str().unwrap(),
        "--to",
        &recipient,
    ]);
    let written = PathBuf::from(v["path"].as_str().unwrap());
    assert!(written.to_string_lossy().ends_with(".zip.age"));
    assert!(
        fs::read(&written)
            .unwrap()
            .starts_with(b"age-encryption.org/v1")
    );

    let no_key = d.run(&["verify-pack", written.to_str().unwrap()]);
    assert_ne!(code(&no_key), 0);
    assert!(
        stderr(&no_key).contains("--identity"),
        "{}",
        stderr(&no_key)
    );
    let ok = d.run(&[
        "verify-pack",
        written.to_str().unwrap(),
        "--identity",
        key_file.to_str().unwrap(),
    ]);
    assert_eq!(
        code(&ok),
        0,
        "{}{}",
        String::from_utf8_lossy(&ok.stdout),
        stderr(&ok)
    );
    let other = d.file(
        "other.key",
        {
            use secrecy::ExposeSecret;
            age::x25519::Identity::generate()
                .to_string()
                .expose_secret()
                .to_string()
        }
        .as_bytes(),
    );
    let wrong = d.run(&[
        "verify-pack",
        written.to_str().unwrap(),
        "--identity",
        other.to_str().unwrap(),
    ]);
    assert_ne!(code(&wrong), 0);

    let bad = d.run(&[
        "export",
        "pack",
        &case,
        "--out",
        d.root.join("y.zip").to_str().unwrap(),
        "--to",
        "age1notakey",
    ]);
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
}

#[test]
fn the_pdf_speaks_english_when_asked() {
    let (d, case, lines) = rich_case();
    let out = d.root.join("evidence-en.pdf");
    let v = d.json(&[
        "export",
        "pdf",
        &case,
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
        "--no-attachments",
    ]);
    let text = String::from_utf8(tool("pdftotext", &[out.to_str().unwrap(), "-"]).stdout).unwrap();
    for label in [
        "Index of evidence",
        "What it proves",
        "Submitted by (signature):",
        "3. Evidence hashes",
        "5. How to verify",
        "Contract number",
        "Amount claimed",
        "某某网络小额贷款有限公司",
    ] {
        assert!(text.contains(label), "{label} in: {text}");
    }
    assert!(
        text.contains(&format!("Page 1 of {}", v["pages"])),
        "English footer"
    );
    assert!(!text.contains("证据目录"));
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains(lines[0]["sha256"].as_str().unwrap()));
    let bad = d.run(&[
        "export",
        "pdf",
        &case,
        "--out",
        d.root.join("x.pdf").to_str().unwrap(),
        "--lang",
        "fr",
    ]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn a_long_recording_is_streamed_into_the_pack_not_loaded_into_the_pdf() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let big = d.random_file("通话录音.mp3", 260 << 20, 77);
    let expected = sha256_file(&big);
    d.add(&case, &[&big]);
    fs::remove_file(&big).unwrap();
    let pdf = d.root.join("e.pdf");
    let v = d.json(&["export", "pdf", &case, "--out", pdf.to_str().unwrap()]);
    assert!(v["warnings"].to_string().contains("not embedded"), "{v}");
    assert!(
        fs::metadata(&pdf).unwrap().len() < 1 << 20,
        "the recording is not inside the PDF"
    );
    let zip = d.root.join("p.zip");
    d.json(&["export", "pack", &case, "--out", zip.to_str().unwrap()]);
    let ok = d.run(&["verify-pack", zip.to_str().unwrap()]);
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stdout));
    let dir = d.root.join("x");
    unzip(&zip, &dir);
    assert_eq!(
        sha256_file(&dir.join("exhibits").join("E001_通话录音.mp3")),
        expected
    );
}

#[test]
fn tiny_and_empty_files_export_in_a_debug_build_without_a_panic() {
    // What panicked the PDF writer's cross-reference splice ("attempt to subtract with
    // overflow"): a 1x1 PNG, a 0-byte file named .jpg, a 9-byte text and a 15-byte GIF.
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0, 0x3b, 0]); // 15 bytes, truncated after the header
    assert_eq!(gif.len(), 15);
    let files = [
        d.file("pixel.png", &png(1, 1, 9)),
        d.file("empty_zero_byte.jpg", b""),
        d.file("note.txt", b"9 bytes!\n"),
        d.file("tiny.gif", &gif),
    ];
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let added = d.add(&case, &refs);
    assert!(added.iter().all(|a| a["status"] == "added"), "{added:?}");
    for (name, extra) in [
        ("tiny.pdf", None),
        ("tiny-plain.pdf", Some("--no-attachments")),
    ] {
        let out = d.root.join(name);
        let mut args = vec!["export", "pdf", &case, "--out", out.to_str().unwrap()];
        args.extend(extra);
        let v = d.json(&args);
        assert_eq!(v["exhibits"], 4, "{v}");
        let check = tool("qpdf", &["--check", out.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        let text = tool("pdftotext", &[out.to_str().unwrap(), "-"]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("empty_zero_byte.jpg"),
            "the empty item is listed"
        );
    }
    let pack = d.root.join("tiny.zip");
    d.json(&["export", "pack", &case, "--out", pack.to_str().unwrap()]);
    let out = d.run(&["verify-pack", pack.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// A chat export line by line, numbered so a page of it can be told from another.
fn chat_lines(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "2026-03-20 22:{:02}:{:02} 张经理：第{i}条，今天必须把钱还上\n",
                i / 60 % 60,
                i % 60
            )
        })
        .collect()
}

#[test]
fn text_exhibits_are_printed_in_their_own_encoding_and_paginated() {
    let (d, _) = Dir::with_vault();
    let gbk_text = "【催收短信】你好，张三，你在某某平台的借款已逾期，请于今日还款。\n";
    let utf16_text = "微信聊天记录导出\n李经理：再不还钱就联系你的单位\n";
    let bom_text = "便签：2026-03-21 接到 17000000000 来电，对方自称律师\n";
    let plain_text = "短信备份：10086 您的账单已出\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(utf16_text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(bom_text.as_bytes());
    let files = [
        d.file("短信.txt", &encoding_rs::GBK.encode(gbk_text).0),
        d.file("微信.txt", &utf16),
        d.file("便签.txt", &bom),
        d.file("备份.txt", plain_text.as_bytes()),
    ];
    let short = d.new_case();
    d.add(
        &short,
        &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    );
    let out = d.root.join("short.pdf");
    let v = d.json(&["export", "pdf", &short, "--out", out.to_str().unwrap()]);
    let text = crate::util::pdf_text(&out);
    for t in [gbk_text, utf16_text, bom_text, plain_text] {
        let flat: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&flat), "{flat} in: {text}");
    }
    for enc in [
        "gb18030（自动识别）",
        "UTF-16LE（自动识别）",
        "UTF-8（自动识别）",
    ] {
        assert!(text.contains(enc), "{enc}");
    }
    assert!(!text.contains('\u{FFFD}'), "mojibake in: {text}");
    let short_pages = v["pages"].as_u64().unwrap();

    // A long chat export (GBK) runs over many pages, and past the printed limit says so.
    let long = d.new_case();
    let chat = chat_lines(2500);
    assert!(chat.chars().count() > casefile::export::evidence_pdf::MAX_PRINTED_CHARS);
    let f = d.file("聊天记录.txt", &encoding_rs::GBK.encode(&chat).0);
    d.add(&long, &[&f]);
    let out = d.root.join("long.pdf");
    let v = d.json(&[
        "export",
        "pdf",
        &long,
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    if let Some(dir) = std::env::var_os("CASEFILE_TEXT_SAMPLES") {
        fs::copy(d.root.join("short.pdf"), Path::new(&dir).join("short.pdf")).unwrap();
        fs::copy(&out, Path::new(&dir).join("long.pdf")).unwrap();
    }
    let long_pages = v["pages"].as_u64().unwrap();
    assert!(
        long_pages >= short_pages + 20,
        "{long_pages} pages vs {short_pages}"
    );
    let text = crate::util::pdf_text(&out);
    assert!(text.contains("第1条，今天必须把钱还上"));
    assert!(text.contains("第800条，今天必须把钱还上"));
    assert!(!text.contains("第2500条"), "printed past the limit");
    assert!(
        text.contains("onlyitsfirst60000charactersareprintedhere"),
        "no note that the text is cut: {}",
        text.chars().take(3000).collect::<String>()
    );
    assert!(text.contains("gb18030(detected)"));
}

/// The words of one page of `pdftotext -bbox`: (text, xMin, yMin).
fn bbox_pages(pdf: &Path) -> Vec<Vec<(String, f32, f32)>> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap();
                    (text.to_string(), attr(tag, "xMin"), attr(tag, "yMin"))
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_evidence_pdf_opens_with_a_catalogue_whose_pages_are_the_exhibits_pages() {
    let (d, case, mut lines) = rich_case();
    // A long screenshot takes several pages, so one row's 页码 is a range.
    let long = d.file("长截图.png", &png(300, 4000, 7));
    lines.extend(d.add(&case, &[&long]));
    let id = |i: usize| lines[i]["id"].as_str().unwrap().to_string();
    let (contract, call) = (id(2), id(3));

    // 证明目的 round-trips through the CLI and JSON, and each change is chained.
    let v = d.json(&[
        "evidence",
        "annotate",
        &contract,
        "--purpose",
        " 证明借款本金为 5000 元 ",
    ]);
    assert_eq!(v["purpose"], "证明借款本金为 5000 元");
    assert_eq!(v["kind"], "contract", "an option left out keeps its value");
    d.json(&[
        "evidence",
        "annotate",
        &call,
        "--note",
        "催收电话录音\n对方称要通知单位",
    ]);
    let list = d.json(&["evidence", "list", &case]);
    let by_id = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(&contract)["purpose"], "证明借款本金为 5000 元");
    assert!(by_id(&call)["purpose"].is_null());
    assert_eq!(by_id(&call)["note"], "催收电话录音\n对方称要通知单位");
    let log = d.json(&["log", "--case", &case]);
    let corrected: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "record_corrected")
        .collect();
    assert!(
        corrected
            .iter()
            .any(|e| e["data"]["changes"][0]["field"] == "purpose"
                && e["data"]["changes"][0]["new"] == "证明借款本金为 5000 元"),
        "{corrected:?}"
    );
    // An empty value clears it, and that too is chained.
    let cleared = d.json(&["evidence", "annotate", &contract, "--purpose", ""]);
    assert!(cleared["purpose"].is_null());
    d.json(&[
        "evidence",
        "annotate",
        &contract,
        "--purpose",
        "证明借款本金为 5000 元",
    ]);

    let out = d.root.join("目录.pdf");
    d.json(&["export", "pdf", &case, "--out", out.to_str().unwrap()]);
    let pages = bbox_pages(&out);
    let has = |p: &[(String, f32, f32)], w: &str| p.iter().any(|(t, _, _)| t == w);
    let cat = pages
        .iter()
        .position(|p| has(p, "页码") && has(p, "证明目的") && has(p, "序号"))
        .expect("a page with the catalogue's columns");
    // The contents (which lists the case summary's sections too) ends with the last chapter,
    // 五、核验方法; the catalogue starts on the next page, before anything else.
    let contents_end = pages
        .iter()
        .position(|p| has(p, "五、核验方法"))
        .expect("the contents lists the last chapter");
    assert_eq!(
        cat,
        contents_end + 1,
        "the catalogue follows the cover and contents"
    );
    let page = (cat + 1).to_string();
    let text = String::from_utf8(
        tool(
            "pdftotext",
            &["-f", &page, "-l", &page, out.to_str().unwrap(), "-"],
        )
        .stdout,
    )
    .unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for want in [
        "证据名称",
        "证据来源",
        "证据一",
        "合同与借款记录",
        "证据二",
        "录音录像",
        "证据三",
        "截图与消息",
        "证明借款本金为5000元",
        "催收电话录音",
        "17000000000",
        "提交人（签名）：",
        "日期：",
    ] {
        assert!(flat.contains(want), "{want} in the catalogue: {text}");
    }
    assert!(
        !flat.contains("借款合同.pdf"),
        "titles are not file names: {text}"
    );
    // The call's contact was at 23:10: the suggested purpose names the flag, marked 建议.
    // (Cell text wraps, and pdftotext interleaves the cells of a row line by line.)
    assert!(flat.contains("（建议）"), "{text}");
    assert!(flat.contains("联系记录标记其涉及"), "{text}");
    assert!(flat.contains("时段联系"), "{text}");

    // Where each exhibit's section starts: the first page after the catalogue whose words
    // run "E00n" then "证据g-i".
    let starts_at = |label: &str, number: &str| {
        (cat + 1..pages.len())
            .find(|&i| {
                pages[i]
                    .windows(2)
                    .any(|w| w[0].0 == label && w[1].0 == format!("证据{number}"))
            })
            .unwrap_or_else(|| panic!("{label} 证据{number} has a page"))
    };
    let verify = (cat + 1..pages.len())
        .find(|&i| has(&pages[i], "五、核验方法"))
        .expect("the how-to-verify page");
    // Rows of the catalogue: the row number word (g-i), the E-number under it, the 页码 cell
    // in the column of its header.
    let words = &pages[cat];
    let pages_x = words.iter().find(|(t, _, _)| t == "页码").unwrap().1;
    let mut rows = Vec::new();
    for (t, x, y) in words {
        let is_number = t
            .split_once('-')
            .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok());
        if is_number && *x < 80.0 {
            let label = words
                .iter()
                .find(|(w, wx, wy)| {
                    w.starts_with('E') && (wx - x).abs() < 3.0 && *wy > *y && wy - y < 20.0
                })
                .map(|(w, _, _)| w.clone())
                .unwrap_or_else(|| panic!("an E-number under {t}"));
            let printed = words
                .iter()
                .find(|(_, wx, wy)| *wx >= pages_x - 4.0 && (wy - y).abs() < 3.0)
                .map(|(w, _, _)| w.clone())
                .unwrap_or_else(|| panic!("a 页码 beside {t}"));
            rows.push((t.clone(), label, printed));
        }
    }
    assert_eq!(rows.len(), lines.len(), "one row per exhibit: {rows:?}");
    let mut starts: Vec<usize> = rows.iter().map(|(n, l, _)| starts_at(l, n)).collect();
    starts.push(verify);
    starts.sort_unstable();
    let mut ranges = 0;
    for (number, label, printed) in &rows {
        let first = starts_at(label, number);
        let next = starts[starts.iter().position(|s| *s == first).unwrap() + 1];
        let (a, b) = (first + 1, next);
        let want = if a == b {
            a.to_string()
        } else {
            ranges += 1;
            format!("{a}–{b}")
        };
        assert_eq!(printed, &want, "{label} ({number})");
    }
    assert!(ranges >= 1, "the long screenshot spans pages: {rows:?}");
    // The exhibit's own page still names the original file under its short title.
    let call_page = starts_at("E004", "2-1");
    let words: Vec<&str> = pages[call_page]
        .iter()
        .map(|(t, _, _)| t.as_str())
        .collect();
    assert!(words.contains(&"催收电话录音"), "{words:?}");
    assert!(words.contains(&"通话录音.wav"), "{words:?}");
}
