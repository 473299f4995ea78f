//! A throwaway vault with one synthetic case, so a newcomer can see a filled app before
//! entering anything of their own ("先看看示例").
//!
//! Everything in it is invented: the lender, the numbers, the messages. It is a real vault
//! (encrypted, chained, verifiable) whose passphrase is random and never shown: the caller
//! holds the open session, and the folder is deleted when the app locks or closes.

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
use secrecy::SecretString;

use super::contacts::NewContact;
use super::{Session, case, contacts, evidence, timeline};
use crate::domain::contact::{Channel, ClaimedRole, Direction, ThirdParty};
use crate::domain::deadline::LegalEventKind;
use crate::domain::debt::Stage;
use crate::domain::{Clock, Money};
use crate::vault::KdfChoice;
use crate::{Error, Result};

/// Creates the sample vault at `root` (a new or empty folder) and opens it.
pub fn create(root: &Path, clock: Box<dyn Clock>) -> Result<Session> {
    let passphrase = SecretString::from(random_passphrase());
    // The minimum cost: the sample protects nothing real, and should open at once.
    let kdf = KdfChoice::Fixed {
        memory_kib: 64 * 1024,
        iterations: 3,
    };
    super::init(root, &passphrase, kdf, clock.as_ref())?;
    let mut s = Session::open(root, &passphrase, clock)?;
    fill(&mut s)?;
    Ok(s)
}

fn random_passphrase() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn fill(s: &mut Session) -> Result<()> {
    let today = s.today();
    let now = s.vault_now();
    let offset = *now.offset();
    let day = |days_ago: i64| today - Duration::days(days_ago);
    let at = |d: NaiveDate, h: u32, m: u32| {
        offset
            .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time")))
            .single()
            .expect("a fixed offset has one local time")
    };

    let c = case::create(
        s,
        case::NewCase {
            title: "示例：某消费金融借款（演示数据）".into(),
            lender: "示例消费金融有限公司".into(),
            platform: Some("示例借款App".into()),
            principal: Some(Money::from_fen(800_000)),
            overdue_since: Some(day(75)),
            confirm: false,
        },
    )?;
    timeline::set_stage(s, &c.id, Stage::Overdue, day(75), None, vec![])?;
    timeline::set_stage(
        s,
        &c.id,
        Stage::Collection,
        day(40),
        Some("外包催收公司开始来电".into()),
        vec![],
    )?;

    // A screenshot of a (synthetic) collection message, drawn here so no file ships with it.
    let shot = s.root().join(crate::vault::TMP_DIR).join("sample-sms.png");
    std::fs::write(&shot, sample_png())
        .map_err(|e| Error::io("writing the sample screenshot", e))?;
    let added = evidence::add(
        s,
        &c.id,
        &shot,
        &evidence::AddOptions {
            note: Some("演示：催收短信截图".into()),
            ..Default::default()
        },
        &mut |_| {},
    );
    let _ = std::fs::remove_file(&shot);
    let shot_id = added?.evidence().id.clone();

    let mut late = NewContact::new(at(day(12), 23, 10), Channel::Call, Direction::In);
    late.number = Some("0571-0000-0000".into());
    late.claimed_role = Some(ClaimedRole::Collector);
    late.summary = Some("深夜来电催款，语气很凶".into());
    late.quotes = vec!["再不还钱就爆你通讯录".into()];
    contacts::add(s, &c.id, late)?;

    let mut family = NewContact::new(at(day(9), 14, 30), Channel::Call, Direction::In);
    family.number = Some("0571-0000-0000".into());
    family.third_party = Some(ThirdParty::Family);
    family.summary = Some("打给我母亲，说我欠钱不还".into());
    contacts::add(s, &c.id, family)?;

    let mut sms = NewContact::new(at(day(5), 10, 2), Channel::Sms, Direction::In);
    sms.number = Some("106900000000".into());
    sms.claimed_role = Some(ClaimedRole::Mediator);
    sms.summary = Some("自称调解中心，要求转账到个人账户".into());
    sms.evidence_ids = vec![shot_id];
    contacts::add(s, &c.id, sms)?;

    timeline::add_event(
        s,
        &c.id,
        LegalEventKind::ComplaintServed,
        day(3),
        Some("演示：收到起诉状副本".into()),
    )?;
    Ok(())
}

/// A small picture standing in for a phone screenshot: grey bars as lines of text.
fn sample_png() -> Vec<u8> {
    let (w, h) = (360u32, 640u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let bubble = (40..320).contains(&x) && (y % 120) < 70 && y > 60;
        let line = bubble && (y % 120) % 18 < 8 && (60..300).contains(&x);
        match (bubble, line) {
            (_, true) => image::Rgb([120, 120, 128]),
            (true, false) => image::Rgb([235, 236, 240]),
            _ => image::Rgb([250, 250, 252]),
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out.into_inner()
}
