//! Builds the export benchmark's case: 100 screenshots of about 1.5 MB (PNG and JPEG mixed)
//! and 500 contact records, through the core's api (fast: one unlock).
//!
//!     cargo run --release --example bench_export_setup -- VAULT_DIR
//! Prints the case id and the total size of the images.

use std::io::Cursor;

use casefile::api::{self, Session, case, contacts, evidence};
use casefile::domain::SystemClock;
use casefile::domain::contact::{Channel, Direction};
use casefile::vault::KdfChoice;
use chrono::{Duration, TimeZone};
use secrecy::SecretString;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: bench_export_setup VAULT_DIR");
    let root = std::path::Path::new(&dir);
    let pass = SecretString::from("benchmark passphrase".to_string());
    api::init(
        root,
        &pass,
        KdfChoice::Fixed {
            memory_kib: 64 * 1024,
            iterations: 3,
        },
        &SystemClock,
    )
    .unwrap();
    let mut s = Session::open(root, &pass, Box::new(SystemClock)).unwrap();
    let c = case::create(
        &mut s,
        case::NewCase {
            title: "基准测试案件".into(),
            lender: "某某小额贷款有限公司".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let images = root.parent().unwrap().join("bench-images");
    std::fs::create_dir_all(&images).unwrap();
    let mut total = 0u64;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..100 {
        // A phone screenshot: 1080 × 2400 with text-like noise so it compresses like a real one.
        let (w, h) = (1080u32, 2400u32);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let band = (y / 40) % 3 == 0;
            let v = if band && (seed & 7) < 3 {
                (seed >> 8) as u8
            } else {
                240 - ((x / 90) as u8)
            };
            image::Rgb([v, v.wrapping_add(i as u8), v])
        });
        let (name, format) = if i % 2 == 0 {
            (format!("shot{i:03}.png"), image::ImageFormat::Png)
        } else {
            (format!("photo{i:03}.jpg"), image::ImageFormat::Jpeg)
        };
        let mut bytes = Cursor::new(Vec::new());
        img.write_to(&mut bytes, format).unwrap();
        let path = images.join(&name);
        std::fs::write(&path, bytes.get_ref()).unwrap();
        total += bytes.get_ref().len() as u64;
        evidence::add(&mut s, &c.id, &path, &Default::default(), &mut |_| {}).unwrap();
    }
    let start = chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .unwrap();
    for i in 0..500 {
        let mut k = contacts::NewContact::new(
            start + Duration::minutes(i * 97),
            Channel::Call,
            Direction::In,
        );
        k.number = Some(format!("170{:08}", i % 37));
        k.answered = Some(i % 3 == 0);
        k.summary = Some(format!(
            "第 {i} 次来电，催收员要求今天还款，否则通知单位和通讯录联系人"
        ));
        contacts::add(&mut s, &c.id, k).unwrap();
    }
    println!("{} {}", c.id, total);
}
