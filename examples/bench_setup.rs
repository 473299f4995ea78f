//! Builds the inputs of `bench/perf.sh` through the core's api (one unlock, fast):
//!
//!     bench_setup screenshots VAULT_DIR N IMAGE_DIR   N phone screenshots (1080 × 2400, 8-bit
//!                                                     RGB PNG, about 1.8 MB each) written to
//!                                                     IMAGE_DIR and added to a new case
//!     bench_setup contacts VAULT_DIR N                a case with N contact records
//!
//! Creates the vault (Argon2id 64 MiB, 3 passes; passphrase "benchmark passphrase") and prints
//! the case id, then the total size of the images in bytes (0 for contacts).

use casefile::api::{self, Session, case, contacts, evidence};
use casefile::domain::SystemClock;
use casefile::domain::contact::{Channel, Direction};
use casefile::vault::KdfChoice;
use chrono::{Duration, TimeZone};
use image::ImageEncoder as _;
use rayon::prelude::*;
use secrecy::SecretString;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: bench_setup screenshots VAULT N IMAGE_DIR | contacts VAULT N";
    let (what, dir, n) = match &args[..] {
        [_, what, dir, n, ..] => (what.as_str(), dir, n.parse::<usize>().expect(usage)),
        _ => panic!("{usage}"),
    };
    let root = std::path::Path::new(dir);
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
    let mut total = 0u64;
    match what {
        "screenshots" => {
            let images = std::path::PathBuf::from(args.get(4).expect(usage));
            std::fs::create_dir_all(&images).unwrap();
            let paths: Vec<std::path::PathBuf> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let path = images.join(format!("shot{i:04}.png"));
                    std::fs::write(&path, screenshot(i as u64)).unwrap();
                    path
                })
                .collect();
            for path in paths {
                total += std::fs::metadata(&path).unwrap().len();
                evidence::add(&mut s, &c.id, &path, &Default::default(), &mut |_| {}).unwrap();
            }
        }
        "contacts" => {
            let start = chrono::FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
                .unwrap();
            for i in 0..n as i64 {
                let mut k = contacts::NewContact::new(
                    start + Duration::minutes(i * 37),
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
        }
        _ => panic!("{usage}"),
    }
    println!("{} {}", c.id, total);
}

/// A phone screenshot: 1080 × 2400, 8-bit RGB, light background with lines of text-like
/// noise, a coloured status bar; about 1.8 MB as a PNG (default compression, adaptive filters).
fn screenshot(seed: u64) -> Vec<u8> {
    let (w, h) = (1080u32, 2400u32);
    let mut state = 0x2545_f491_4f6c_dd1du64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if y < 80 {
            return image::Rgb([30, 120 + (seed % 100) as u8, 200]);
        }
        let text = (y / 48) % 2 == 0 && y % 48 > 10 && x > 40 && x < 1040;
        if text && (state & 7) < 3 {
            let v = (state >> 8) as u8 / 3;
            image::Rgb([v, v, v.wrapping_add(10)])
        } else {
            let v = 246 - (x / 120) as u8;
            image::Rgb([v, v, v])
        }
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}
