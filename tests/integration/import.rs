//! `casefile import`: every format from files these tests generate (no third-party files), the
//! shared field cases' right values, routing, the unassigned list, idempotency, dry runs, a
//! recording added by hand before, a cancel, and a malformed file as a named problem.

use std::fs;
use std::path::{Path, PathBuf};

use casefile::api::import::{ImportRequest, import};
use casefile::api::{Job, JobPhase, Session};
use casefile::domain::SystemClock;
use secrecy::SecretString;
use serde_json::Value;

use crate::util::{Dir, PASSPHRASE, code, snapshot};

const COLLECTOR: &str = "17012345678";
const FAMILY: &str = "13911112222";

/// A case whose collection agency has `phones`.
fn case_with(d: &Dir, phones: &[&str]) -> String {
    let case = d.new_case();
    let mut args = vec![
        "party",
        "add",
        &case,
        "--role",
        "collection_agency",
        "--name",
        "某某催收公司",
    ];
    for p in phones {
        args.extend(["--phone", p]);
    }
    d.json(&args);
    case
}

fn contacts(d: &Dir, case: &str) -> Vec<Value> {
    d.json(&["contact", "list", case])
        .as_array()
        .unwrap()
        .clone()
}

fn evidence(d: &Dir, case: &str) -> Vec<Value> {
    d.json(&["evidence", "list", case])
        .as_array()
        .unwrap()
        .clone()
}

fn import_json(d: &Dir, args: &[&str]) -> Value {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    d.json(&all)
}

fn flags(c: &Value) -> Vec<&str> {
    c["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

/// A WAV recording of `seconds` of 8 kHz 16-bit mono silence (what a recorder might write).
fn wav(seconds: u32) -> Vec<u8> {
    let data = seconds * 8000 * 2;
    let mut b = Vec::new();
    b.extend(b"RIFF");
    b.extend((36 + data).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(1u16.to_le_bytes()); // PCM
    b.extend(1u16.to_le_bytes()); // mono
    b.extend(8000u32.to_le_bytes());
    b.extend(16000u32.to_le_bytes()); // byte rate
    b.extend(2u16.to_le_bytes());
    b.extend(16u16.to_le_bytes());
    b.extend(b"data");
    b.extend(data.to_le_bytes());
    b.resize(b.len() + data as usize, 0);
    b
}

/// The shared field case `sms-backup-restore-sample.xml`, made the way the app writes it
/// (emoji as two surrogate references, a newline as `&#10;`).
fn sms_backup_sample() -> String {
    r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.002 on 20/03/2026 23:41:07-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
<smses count="4" backup_set="0f2c1e5a" backup_date="1774021267000" type="full">
  <sms protocol="0" address="10690000123456" date="1773997500000" type="1" subject="null" body="【某某金融】您的借款已逾期15天，请于今日18:00前还款，否则将上报征信并联系您的紧急联系人。" toa="null" sc_toa="null" service_center="+8613800100500" read="1" status="-1" locked="0" date_sent="1773997498000" sub_id="1" readable_date="2026年3月20日 下午5:05:00" contact_name="(Unknown)" />
  <sms protocol="0" address="+8617012345678" date="1774018800000" type="1" subject="null" body="再不还就去你单位&#10;通知你全家 &#55357;&#56865;" toa="null" sc_toa="null" service_center="+8613800100500" read="1" status="-1" locked="0" date_sent="1774018799000" sub_id="1" readable_date="2026年3月20日 晚上11:00:00" contact_name="(Unknown)" />
  <sms protocol="0" address="+8617012345678" date="1774019000000" type="2" subject="null" body="请不要再骚扰我的家人，我已录音。" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="2026年3月20日 晚上11:03:20" contact_name="(Unknown)" />
  <sms protocol="0" address="+8617012345678" date="1774019100000" type="3" body="草稿，没发出去" contact_name="(Unknown)" />
</smses>
"#
    .to_string()
}

/// `calls-*.xml`: (number, Unix ms, duration s, type).
fn calls_backup(entries: &[(&str, i64, u32, u8)]) -> String {
    let mut s = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"0\">\n",
    );
    for (n, date, duration, kind) in entries {
        s.push_str(&format!(
            "  <call number=\"{n}\" duration=\"{duration}\" date=\"{date}\" type=\"{kind}\" presentation=\"1\" contact_name=\"(Unknown)\" />\n"
        ));
    }
    s.push_str("</calls>\n");
    s
}

/// Unix milliseconds of a time at +08:00.
fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn the_sms_backup_sample_becomes_contacts_with_their_flags() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let xml = d.file("sms-20260320234107.xml", sms_backup_sample().as_bytes());
    let assign = format!("10690000123456={case}");
    let r = import_json(
        &d,
        &[
            xml.to_str().unwrap(),
            "--assign",
            &assign,
            "--utc-offset",
            "+08:00",
        ],
    );
    assert_eq!(r["contacts_added"], 3, "{r:#}");
    assert_eq!(r["evidence_added"], 1);
    assert_eq!(r["sources"][0]["format"], "sms_backup");
    assert_eq!(r["sources"][0]["records"], 3);
    assert_eq!(r["sources"][0]["skipped"], 1, "the draft is not a contact");
    assert!(r["unassigned"].as_array().unwrap().is_empty());

    let list = contacts(&d, &case);
    let items = evidence(&d, &case);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "sms");
    let id = items[0]["id"].as_str().unwrap();
    let got: Vec<(&str, &str, &str, &str)> = list
        .iter()
        .map(|c| {
            (
                c["at"].as_str().unwrap(),
                c["number"].as_str().unwrap(),
                c["direction"].as_str().unwrap(),
                c["quotes"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-03-20T17:05:00+08:00",
                "10690000123456",
                "in",
                "【某某金融】您的借款已逾期15天，请于今日18:00前还款，否则将上报征信并联系您的紧急联系人。"
            ),
            (
                "2026-03-20T23:00:00+08:00",
                "+8617012345678",
                "in",
                "再不还就去你单位\n通知你全家 😡"
            ),
            (
                "2026-03-20T23:03:20+08:00",
                "+8617012345678",
                "out",
                "请不要再骚扰我的家人，我已录音。"
            ),
        ]
    );
    for c in &list {
        assert_eq!(c["channel"], "sms");
        assert_eq!(c["evidence_ids"], serde_json::json!([id]));
    }
    // The same rules as a typed contact: the threat to go to the workplace and the family.
    assert!(flags(&list[1]).contains(&"threat"), "{:?}", flags(&list[1]));
    assert!(flags(&list[1]).contains(&"quiet_hours"), "23:00 at +08:00");
    assert!(
        flags(&list[2]).is_empty(),
        "the user's own message is not flagged"
    );
    d.assert_verifies();
}

#[test]
fn importing_the_same_files_again_adds_nothing_and_says_so() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let xml = d.file("sms-1.xml", sms_backup_sample().as_bytes());
    let rec = d.file("17012345678(17012345678)_20260320230500.mp3", &wav(3));
    let first = import_json(&d, &[xml.to_str().unwrap(), rec.to_str().unwrap()]);
    assert_eq!(first["contacts_added"], 3, "{first:#}");
    assert_eq!(first["evidence_added"], 2);
    let chain_before = d.json(&["log"]).as_array().unwrap().len();

    let again = import_json(&d, &[xml.to_str().unwrap(), rec.to_str().unwrap()]);
    assert_eq!(again["contacts_added"], 0, "{again:#}");
    assert_eq!(again["evidence_added"], 0);
    assert_eq!(
        again["duplicates"], 3,
        "2 messages of the known number and the recording"
    );
    assert_eq!(d.json(&["log"]).as_array().unwrap().len(), chain_before);
    assert_eq!(contacts(&d, &case).len(), 3);

    let out = d.ok(&["import", xml.to_str().unwrap(), rec.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("没有新内容"), "{text}");
}

#[test]
fn a_dry_run_counts_but_writes_nothing() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let xml = d.file("sms-1.xml", sms_backup_sample().as_bytes());
    let rec = d.file("17012345678(17012345678)_20260320230500.mp3", &wav(2));
    let before = snapshot(&d.vault);
    let r = import_json(
        &d,
        &[xml.to_str().unwrap(), rec.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(r["dry_run"], true);
    assert_eq!(r["contacts_added"], 3, "{r:#}");
    assert_eq!(r["evidence_added"], 2);
    assert_eq!(r["unassigned"][0]["number"], "10690000123456");
    // Opening the vault may touch the database's side files; nothing else may change.
    let changed: Vec<_> = snapshot(&d.vault)
        .into_iter()
        .filter(|f| !before.contains(f))
        .filter(|(p, ..)| !p.to_string_lossy().contains("casefile.db-"))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    assert!(contacts(&d, &case).is_empty());
    assert!(evidence(&d, &case).is_empty());
}

#[test]
fn recordings_of_each_phone_take_direction_from_a_matching_call_log_entry() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR, "134 2882 7364", "+15551234567"]);
    let folder = d.root.join("call_rec");
    fs::create_dir_all(&folder).unwrap();
    // Xiaomi: matched by the call log (answered incoming at 23:05:30, 95 s).
    fs::write(
        folder.join("张经理(17012345678)_20260320230500.mp3"),
        wav(4),
    )
    .unwrap();
    // Huawei: no call-log entry, so the direction stays unknown; 3 s measured from the audio.
    fs::write(folder.join("134 2882 7364_20260625142304.wav"), wav(3)).unwrap();
    // Samsung.
    fs::write(
        folder.join("Call recording +15551234567_260321_094500.m4a"),
        wav(2),
    )
    .unwrap();
    // A family call in the same folder: never imported on its own.
    fs::write(
        folder.join(format!("妈妈({FAMILY})_20260321120000.mp3")),
        wav(1),
    )
    .unwrap();
    fs::write(folder.join(".nomedia"), b"").unwrap();
    let calls = d.file(
        "calls-1.xml",
        calls_backup(&[
            (COLLECTOR, ms("2026-03-20T23:05:30+08:00"), 95, 1),
            (COLLECTOR, ms("2026-03-20T23:20:00+08:00"), 0, 3),
            (FAMILY, ms("2026-03-21T12:00:00+08:00"), 60, 2),
        ])
        .as_bytes(),
    );
    let r = import_json(
        &d,
        &[
            folder.to_str().unwrap(),
            calls.to_str().unwrap(),
            "--utc-offset",
            "+08:00",
        ],
    );
    assert_eq!(r["contacts_added"], 4, "{r:#}");
    assert_eq!(r["evidence_added"], 4, "3 recordings and the call log");
    let formats: Vec<&str> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["format"].as_str().unwrap())
        .collect();
    for f in [
        "xiaomi_recording",
        "huawei_recording",
        "samsung_recording",
        "calls_backup",
    ] {
        assert!(formats.contains(&f), "{formats:?}");
    }
    let family = &r["unassigned"][0];
    assert_eq!(
        family["count"], 1,
        "the recording and its call are one contact: {r:#}"
    );
    assert_eq!(family["first"], "2026-03-21T12:00:00+08:00");

    let list = contacts(&d, &case);
    let items = evidence(&d, &case);
    let name_of = |id: &Value| {
        items
            .iter()
            .find(|e| e["id"] == *id)
            .map(|e| e["name"].as_str().unwrap().to_string())
            .unwrap()
    };
    let matched = list
        .iter()
        .find(|c| c["at"] == "2026-03-20T23:05:30+08:00")
        .expect("the call-log time wins");
    assert_eq!(matched["direction"], "in");
    assert_eq!(matched["answered"], true);
    assert_eq!(matched["duration_seconds"], 95);
    assert_eq!(matched["person"], "张经理");
    let linked: Vec<String> = matched["evidence_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(name_of)
        .collect();
    assert_eq!(
        linked,
        ["张经理(17012345678)_20260320230500.mp3", "calls-1.xml"]
    );
    assert!(flags(matched).contains(&"quiet_hours"), "{matched:#}");

    let missed = list
        .iter()
        .find(|c| c["at"] == "2026-03-20T23:20:00+08:00")
        .unwrap();
    assert_eq!(
        (&missed["answered"], &missed["attempts"]),
        (&Value::Bool(false), &Value::from(1))
    );

    let huawei = list
        .iter()
        .find(|c| c["at"] == "2026-06-25T14:23:04+08:00")
        .unwrap();
    assert_eq!(huawei["direction"], "unknown");
    assert_eq!(huawei["duration_seconds"], 3);
    assert_eq!(huawei["number"], "134 2882 7364");
    assert!(flags(huawei).is_empty());
    let samsung = list
        .iter()
        .find(|c| c["at"] == "2026-03-21T09:45:00+08:00")
        .unwrap();
    assert_eq!(samsung["number"], "+15551234567");
    assert!(items.iter().any(|e| e["kind"] == "recording"));
    d.assert_verifies();
}

#[test]
fn a_recording_added_by_hand_is_recognised_by_its_hash_and_only_gains_its_contact() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let rec = d.file("17012345678(17012345678)_20260320230500.mp3", &wav(2));
    // The user added it by hand under another name.
    let copy = d.file("录音.mp3", &wav(2));
    let added = d.add(&case, &[&copy]);
    let hand_id = added[0]["id"].as_str().unwrap().to_string();

    let r = import_json(&d, &[rec.to_str().unwrap(), "--utc-offset", "+08:00"]);
    assert_eq!(r["evidence_added"], 0, "{r:#}");
    assert_eq!(r["contacts_added"], 1);
    assert_eq!(r["duplicates"], 1);
    let list = contacts(&d, &case);
    assert_eq!(list[0]["evidence_ids"], serde_json::json!([hand_id]));
    assert_eq!(list[0]["at"], "2026-03-20T23:05:00+08:00");
    assert_eq!(evidence(&d, &case).len(), 1);

    let again = import_json(&d, &[rec.to_str().unwrap(), "--utc-offset", "+08:00"]);
    assert_eq!(again["contacts_added"], 0, "{again:#}");
}

#[test]
fn unknown_numbers_are_listed_and_assign_routes_them() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &["+86 170-1234-5678"]);
    let other = case_with(&d, &["02112345678"]);
    let calls = d.file(
        "calls-2.xml",
        calls_backup(&[
            ("0086 17012345678", ms("2026-03-20T10:00:00+08:00"), 30, 1),
            ("+86 21 1234 5678", ms("2026-03-20T11:00:00+08:00"), 0, 5),
            ("18800001111", ms("2026-03-20T12:00:00+08:00"), 10, 1),
            ("18800001111", ms("2026-03-21T12:00:00+08:00"), 10, 2),
            (FAMILY, ms("2026-03-21T13:00:00+08:00"), 10, 1),
        ])
        .as_bytes(),
    );
    let p = calls.to_str().unwrap();
    let r = import_json(&d, &[p, "--utc-offset", "+08:00", "--case", &case]);
    assert_eq!(r["contacts_added"], 2, "one per known number: {r:#}");
    assert_eq!(contacts(&d, &case).len(), 1);
    let rejected = &contacts(&d, &other)[0];
    assert_eq!(rejected["answered"], false);
    assert_eq!(rejected["summary"], "已拒接 / rejected");
    let unassigned = r["unassigned"].as_array().unwrap();
    assert_eq!(
        unassigned.len(),
        2,
        "--case does not take a call log's many numbers"
    );
    assert_eq!(unassigned[0]["number"], "18800001111");
    assert_eq!(unassigned[0]["count"], 2);
    assert_eq!(unassigned[0]["first"], "2026-03-20T12:00:00+08:00");
    assert_eq!(unassigned[0]["last"], "2026-03-21T12:00:00+08:00");
    assert_eq!(unassigned[1]["number"], FAMILY);

    let r = import_json(
        &d,
        &[
            p,
            "--utc-offset",
            "+08:00",
            "--assign",
            &format!("188 0000 1111={case}"),
        ],
    );
    assert_eq!(r["contacts_added"], 2, "{r:#}");
    assert_eq!(r["duplicates"], 3, "two calls and the call log itself");
    assert_eq!(r["unassigned"][0]["number"], FAMILY);
    assert_eq!(contacts(&d, &case).len(), 3);
    // The family's call stays out of every case.
    for c in [&case, &other] {
        assert!(
            contacts(&d, c)
                .iter()
                .all(|k| k["number"].as_str() != Some(FAMILY))
        );
    }
}

/// The shared field cases' chat export (`wechat_chat_utf8.txt` and its GBK, UTF-16LE and
/// UTF-8-BOM twins), written here.
const WECHAT_CHAT: &str = "微信聊天记录导出\r\n聊天对象：某某催收-张经理 (wxid_abc123)\r\n导出时间：2026-03-21 09:00\r\n\r\n2026-03-20 22:58:01 张经理\r\n你今天必须把钱还上，不然明天我们的人就去你家\r\n\r\n2026-03-20 22:58:40 我\r\n我已经在和平台协商分期了\r\n\r\n2026-03-20 23:05:13 张经理\r\n[语音] 0:42\r\n\r\n2026-03-20 23:06:02 张经理\r\n[图片]\r\n你的通讯录我们都有，给你老婆打电话了\r\n";

#[test]
fn chat_text_in_every_encoding_is_imported_as_messages() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(WECHAT_CHAT.encode_utf16().flat_map(u16::to_le_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(WECHAT_CHAT.as_bytes());
    let (gbk, _, _) = encoding_rs::GBK.encode(WECHAT_CHAT);
    let files = [
        d.file(
            "chat_utf8.txt",
            WECHAT_CHAT.replace("\r\n", "\n").as_bytes(),
        ),
        d.file("chat_gbk.txt", &gbk),
        d.file("chat_utf16le_bom.txt", &utf16),
        d.file("chat_utf8_bom.txt", &bom),
    ];
    for (i, f) in files.iter().enumerate() {
        let r = import_json(
            &d,
            &[
                f.to_str().unwrap(),
                "--case",
                &case,
                "--utc-offset",
                "+08:00",
            ],
        );
        assert_eq!(r["sources"][0]["format"], "chat_text", "{r:#}");
        // A twin that brings no new message is not kept again.
        assert_eq!(
            r["evidence_added"],
            if i == 0 { 1 } else { 0 },
            "{f:?}: {r:#}"
        );
        // The same messages from another encoding are the same contacts.
        assert_eq!(
            r["contacts_added"],
            if i == 0 { 4 } else { 0 },
            "{f:?}: {r:#}"
        );
        assert_eq!(r["duplicates"], if i == 0 { 0 } else { 4 });
    }
    let list = contacts(&d, &case);
    let got: Vec<(&str, &str, &str, &str)> = list
        .iter()
        .map(|c| {
            (
                c["at"].as_str().unwrap(),
                c["direction"].as_str().unwrap(),
                c["channel"].as_str().unwrap(),
                c["quotes"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-03-20T22:58:01+08:00",
                "in",
                "wechat",
                "你今天必须把钱还上，不然明天我们的人就去你家"
            ),
            (
                "2026-03-20T22:58:40+08:00",
                "out",
                "wechat",
                "我已经在和平台协商分期了"
            ),
            ("2026-03-20T23:05:13+08:00", "in", "wechat", "[语音] 0:42"),
            (
                "2026-03-20T23:06:02+08:00",
                "in",
                "wechat",
                "[图片]\n你的通讯录我们都有，给你老婆打电话了"
            ),
        ]
    );
    assert_eq!(list[0]["number"], "wxid_abc123");
    assert_eq!(list[0]["person"], "某某催收-张经理");
    assert!(
        flags(&list[0]).contains(&"quiet_hours"),
        "22:58 is in the quiet hours"
    );
    assert!(
        flags(&list[3]).contains(&"third_party") || flags(&list[3]).contains(&"threat"),
        "{:?}",
        flags(&list[3])
    );
    // Without --case the conversation's partner is listed, not imported.
    let (d2, _) = Dir::with_vault();
    d2.new_case();
    let f = d2.file("chat.txt", WECHAT_CHAT.as_bytes());
    let r = import_json(&d2, &[f.to_str().unwrap()]);
    assert_eq!(r["contacts_added"], 0);
    assert_eq!(r["unassigned"][0]["number"], "wxid_abc123");
    assert_eq!(r["unassigned"][0]["count"], 4);
    assert_eq!(
        r["unassigned"][0]["sample"],
        "你今天必须把钱还上，不然明天我们的人就去你家"
    );
}

#[test]
fn memotrace_csv_and_qq_text_are_imported() {
    let (d, _) = Dir::with_vault();
    let case = d.new_case();
    let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    let mut csv = "\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n".to_string();
    csv.push_str(&format!(
        "1,wxid_cui123,1,0,0,{},2,\"今天不还，就去你单位找你领导\",2026-03-20 23:10:00,王催收,小王,wxid_cui123\n",
        t("2026-03-20T23:10:00+08:00")
    ));
    csv.push_str(&format!(
        "2,wxid_cui123,1,0,1,{},2,\"我在协商，请别打扰家人\",2026-03-20 23:11:00,王催收,小王,me\n",
        t("2026-03-20T23:11:00+08:00")
    ));
    csv.push_str(&format!(
        "3,wxid_cui123,34,0,0,{},2,,2026-03-20 23:12:00,王催收,小王,wxid_cui123\n",
        t("2026-03-20T23:12:00+08:00")
    ));
    csv.push_str(&format!(
        "4,wxid_cui123,10000,0,0,{},2,\"对方撤回了一条消息\",2026-03-20 23:13:00,王催收,小王,\n",
        t("2026-03-20T23:13:00+08:00")
    ));
    let csv = d.file("memotrace.csv", csv.as_bytes());
    let r = import_json(&d, &[csv.to_str().unwrap(), "--case", &case]);
    assert_eq!(r["sources"][0]["format"], "memotrace_csv", "{r:#}");
    assert_eq!(r["sources"][0]["skipped"], 1, "the system notice");
    assert_eq!(r["contacts_added"], 3);
    let list = contacts(&d, &case);
    assert_eq!(list[0]["quotes"][0], "今天不还，就去你单位找你领导");
    assert_eq!(list[0]["person"], "王催收");
    assert_eq!(list[0]["direction"], "in");
    assert_eq!(list[1]["direction"], "out");
    assert_eq!(list[2]["quotes"][0], "[语音]");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(list[0]["at"].as_str().unwrap())
            .unwrap()
            .timestamp(),
        t("2026-03-20T23:10:00+08:00")
    );

    // QQ's message manager, in GB18030, with 12-hour times and a title.
    let qq = "消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n================================================================\r\n消息分组:我的好友\r\n================================================================\r\n消息对象:催收小李\r\n================================================================\r\n\r\n2026-03-21 10:15:00 PM 【客服】催收小李(800012345)\r\n再不还款就联系你的通讯录\r\n\r\n2026-03-21 10:16:30 PM 用户甲(123456789)\r\n请通过正规渠道联系我\r\n\r\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(qq);
    let qq = d.file("qq.txt", &gb);
    let qq_case = case_with(&d, &["800012345"]);
    let r = import_json(&d, &[qq.to_str().unwrap(), "--utc-offset", "+08:00"]);
    assert_eq!(r["sources"][0]["format"], "qq_text", "{r:#}");
    assert_eq!(
        r["contacts_added"], 2,
        "both sides of the conversation route by the partner"
    );
    let list = contacts(&d, &qq_case);
    assert_eq!(list[0]["at"], "2026-03-21T22:15:00+08:00");
    assert_eq!(list[0]["channel"], "qq");
    assert_eq!(list[0]["direction"], "in");
    assert_eq!(list[0]["number"], "800012345");
    assert_eq!(list[1]["direction"], "out");
    assert!(
        flags(&list[0]).contains(&"quiet_hours"),
        "{:?}",
        flags(&list[0])
    );
}

/// An unencrypted iPhone backup folder with `sms.db` and `CallHistory.storedata` at their
/// hashed places.
fn iphone_backup(root: &Path) -> PathBuf {
    let backup = root.join("00008101-000A1B2C3D4E5F60");
    fs::create_dir_all(backup.join("3d")).unwrap();
    fs::create_dir_all(backup.join("5a")).unwrap();
    fs::write(backup.join("Manifest.db"), b"").unwrap();
    let apple =
        |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp() - 978_307_200;
    let sms =
        rusqlite::Connection::open(backup.join("3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28"))
            .unwrap();
    sms.execute_batch(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE chat (ROWID INTEGER PRIMARY KEY);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, handle_id INTEGER, date INTEGER,
                               is_from_me INTEGER, text TEXT, service TEXT);
         INSERT INTO handle VALUES (1, '+8617012345678'), (2, '+8613911112222');",
    )
    .unwrap();
    // Current iOS: nanoseconds; an old message: seconds.
    sms.execute(
        "INSERT INTO message (handle_id, date, is_from_me, text) VALUES (1, ?1, 0, '你的紧急联系人我们已经通知了'), (1, ?2, 1, '收到'), (2, ?3, 0, '吃饭了吗')",
        [
            apple("2026-03-22T08:00:00+08:00") * 1_000_000_000,
            apple("2026-03-22T08:01:00+08:00") * 1_000_000_000,
            apple("2026-03-22T09:00:00+08:00"),
        ],
    )
    .unwrap();
    drop(sms);
    let calls =
        rusqlite::Connection::open(backup.join("5a/5a4935c78a5255723f707230a451d79c540d2741"))
            .unwrap();
    calls
        .execute_batch(
            "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE REAL, ZADDRESS BLOB,
                                       ZDURATION REAL, ZANSWERED INTEGER, ZORIGINATED INTEGER);",
        )
        .unwrap();
    calls
        .execute(
            "INSERT INTO ZCALLRECORD (ZDATE, ZADDRESS, ZDURATION, ZANSWERED, ZORIGINATED) VALUES
             (?1, CAST('17012345678' AS BLOB), 0.0, 0, 0), (?2, '17012345678', 61.6, 1, 0), (?3, '17012345678', 12.0, 1, 1)",
            [
                apple("2026-03-22T07:00:00+08:00") as f64 + 0.25,
                apple("2026-03-22T07:10:00+08:00") as f64,
                apple("2026-03-22T07:20:00+08:00") as f64,
            ],
        )
        .unwrap();
    backup
}

#[test]
fn an_iphone_backup_folder_gives_its_messages_and_calls() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let backup = iphone_backup(&d.root);
    let r = import_json(&d, &[backup.to_str().unwrap(), "--utc-offset", "+08:00"]);
    assert!(r["problems"].as_array().unwrap().is_empty(), "{r:#}");
    let formats: Vec<&str> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["iphone_sms", "iphone_calls"]);
    assert_eq!(r["contacts_added"], 5, "{r:#}");
    assert_eq!(r["unassigned"][0]["number"], "+8613911112222");
    let list = contacts(&d, &case);
    let got: Vec<(&str, &str, &str, &Value)> = list
        .iter()
        .map(|c| {
            (
                c["at"].as_str().unwrap(),
                c["channel"].as_str().unwrap(),
                c["direction"].as_str().unwrap(),
                &c["answered"],
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-03-22T07:00:00+08:00",
                "call",
                "in",
                &Value::Bool(false)
            ),
            (
                "2026-03-22T07:10:00+08:00",
                "call",
                "in",
                &Value::Bool(true)
            ),
            (
                "2026-03-22T07:20:00+08:00",
                "call",
                "out",
                &Value::Bool(true)
            ),
            ("2026-03-22T08:00:00+08:00", "sms", "in", &Value::Null),
            ("2026-03-22T08:01:00+08:00", "sms", "out", &Value::Null),
        ]
    );
    assert_eq!(list[1]["duration_seconds"], 62);
    assert_eq!(list[3]["quotes"][0], "你的紧急联系人我们已经通知了");
    // Nothing was written beside the backup.
    let mut names: Vec<_> = crate::util::walk(&backup)
        .into_iter()
        .map(|p| {
            p.strip_prefix(&backup)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28",
            "5a/5a4935c78a5255723f707230a451d79c540d2741",
            "Manifest.db"
        ]
    );
}

#[test]
fn a_user_pattern_recognises_recordings_of_other_phones() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let rec = d.file(
        "通话录音-张经理-170 1234 5678-2026-03-20 23-05-00.aac",
        &wav(1),
    );
    let r = d.run(&["--json", "import", rec.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["problems"][0]["code"], "not_recognised", "{v:#}");
    assert_eq!(code(&r), 1, "nothing could be read");
    let r = import_json(
        &d,
        &[
            rec.to_str().unwrap(),
            "--pattern",
            "通话录音-{name}-{number}-{time:%Y-%m-%d %H-%M-%S}",
            "--utc-offset",
            "+08:00",
        ],
    );
    assert_eq!(r["sources"][0]["format"], "pattern_recording", "{r:#}");
    let list = contacts(&d, &case);
    assert_eq!(list[0]["at"], "2026-03-20T23:05:00+08:00");
    assert_eq!(list[0]["person"], "张经理");
    let bad = d.run(&["import", rec.to_str().unwrap(), "--pattern", "{number}"]);
    assert_eq!(code(&bad), 2, "a pattern without a time is bad usage");
    let bad = d.run(&[
        "--json",
        "import",
        rec.to_str().unwrap(),
        "--pattern",
        "{number}",
    ]);
    let err: serde_json::Value = serde_json::from_slice(&bad.stdout).expect("a JSON error");
    assert_eq!(err["error"]["code"], "invalid_pattern", "{err:#}");
}

#[test]
fn a_malformed_file_is_a_named_problem_and_the_rest_is_imported() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let broken = d.file(
        "sms-broken.xml",
        b"<?xml version='1.0'?>\n<smses count=\"1\">\n<sms address=\"17012345678\" date=\"1773997500000\" type=\"1\" body=\"unclosed />\n</smses>\n",
    );
    let bad_type = d.file(
        "calls-bad.xml",
        calls_backup(&[(COLLECTOR, 1773997500000, 1, 9)]).as_bytes(),
    );
    let good = d.file("sms-good.xml", sms_backup_sample().as_bytes());
    let r = import_json(
        &d,
        &[
            broken.to_str().unwrap(),
            bad_type.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
    );
    let problems = r["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{r:#}");
    assert_eq!(problems[0]["path"], broken.to_str().unwrap());
    assert_eq!(problems[0]["code"], "malformed");
    assert_eq!(problems[1]["code"], "malformed");
    assert!(
        problems[1]["message"]
            .as_str()
            .unwrap()
            .contains("unknown type")
    );
    assert_eq!(
        r["contacts_added"], 2,
        "the good file's two messages of the known number"
    );
    assert_eq!(contacts(&d, &case).len(), 2);
}

#[test]
fn a_cancelled_import_leaves_nothing_behind() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let folder = d.root.join("rec");
    fs::create_dir_all(&folder).unwrap();
    for i in 0..3 {
        fs::write(
            folder.join(format!("17012345678(17012345678)_2026032023050{i}.mp3")),
            wav(i + 1),
        )
        .unwrap();
    }
    let before = snapshot(&d.vault);
    let mut s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let me: std::sync::Arc<std::sync::OnceLock<Job>> = Default::default();
    let handle = me.clone();
    // Cancel once everything is sealed, just before the commit.
    let job = Job::with_progress(move |p| {
        if p.phase == JobPhase::Saving && p.total == 3 && p.done == 3 {
            handle.get().expect("set").cancel();
        }
    });
    me.set(job.clone()).unwrap();
    let req = ImportRequest {
        paths: vec![folder.clone()],
        job,
        ..ImportRequest::default()
    };
    let err = import(&mut s, &req).unwrap_err();
    assert!(matches!(err, casefile::Error::Cancelled), "{err}");
    drop(s);
    let after: Vec<_> = snapshot(&d.vault)
        .into_iter()
        .filter(|(p, ..)| !p.to_string_lossy().contains("casefile.db"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, ..)| !p.to_string_lossy().contains("casefile.db"))
        .collect();
    let new: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert!(new.is_empty(), "left behind: {new:?}");
    assert!(contacts(&d, &case).is_empty());
    assert!(evidence(&d, &case).is_empty());
    // Then the same import goes through.
    let r = import_json(&d, &[folder.to_str().unwrap()]);
    assert_eq!(r["contacts_added"], 3, "{r:#}");
    assert_eq!(r["evidence_added"], 3);
}

/// What the app's preview shows: every number with its count, times and the case it goes to
/// (known numbers pre-filled, unknown ones none); `skip` then leaves a known number out.
#[test]
fn the_numbers_list_names_each_numbers_case_and_skip_leaves_a_known_number_out() {
    let (d, _) = Dir::with_vault();
    let case = case_with(&d, &[COLLECTOR]);
    let calls = d.file(
        "calls-3.xml",
        calls_backup(&[
            (COLLECTOR, ms("2026-03-20T10:00:00+08:00"), 30, 1),
            (COLLECTOR, ms("2026-03-19T09:00:00+08:00"), 0, 3),
            (FAMILY, ms("2026-03-21T13:00:00+08:00"), 10, 1),
        ])
        .as_bytes(),
    );
    let mut s = Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap();
    let offset = chrono::FixedOffset::east_opt(8 * 3600);
    let preview = import(
        &mut s,
        &ImportRequest {
            paths: vec![calls.clone()],
            utc_offset: offset,
            dry_run: true,
            ..ImportRequest::default()
        },
    )
    .unwrap();
    let numbers: Vec<_> = preview
        .numbers
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.count,
                g.first.as_str(),
                g.last.as_str(),
                g.case.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        [
            (
                COLLECTOR,
                2,
                "2026-03-19T09:00:00+08:00",
                "2026-03-20T10:00:00+08:00",
                Some(case.as_str())
            ),
            (
                FAMILY,
                1,
                "2026-03-21T13:00:00+08:00",
                "2026-03-21T13:00:00+08:00",
                None
            ),
        ]
    );
    assert_eq!(preview.numbers[0].known_in, std::slice::from_ref(&case));
    assert_eq!(preview.unassigned.len(), 1);
    assert_eq!(preview.contacts_added, 2, "{preview:#?}");

    // 不导入 for the collector, the family number assigned: only the family call goes in.
    let r = import(
        &mut s,
        &ImportRequest {
            paths: vec![calls.clone()],
            utc_offset: offset,
            skip: vec![format!("+86 {COLLECTOR}")],
            assign: vec![(FAMILY.to_string(), case.clone())],
            ..ImportRequest::default()
        },
    )
    .unwrap();
    assert_eq!((r.contacts_added, r.excluded), (1, 2), "{r:#?}");
    assert!(r.numbers[0].skipped && r.numbers[0].case.is_none());
    assert!(
        r.unassigned.is_empty(),
        "a skipped number is not unassigned"
    );
    drop(s);
    let logged = contacts(&d, &case);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["number"], FAMILY);

    // The CLI takes the same choice: --skip leaves the collector's calls out again.
    let r = import_json(
        &d,
        &[
            calls.to_str().unwrap(),
            "--utc-offset",
            "+08:00",
            "--skip",
            COLLECTOR,
        ],
    );
    assert_eq!(
        (&r["contacts_added"], &r["excluded"]),
        (&0.into(), &2.into()),
        "{r:#}"
    );
    assert_eq!(contacts(&d, &case).len(), 1);
}
