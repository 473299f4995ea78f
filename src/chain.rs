//! The append-only hash chain: one per vault, every change an event.
//!
//! Encoding, version 1 (pinned by `tests/format.rs`): the event body is canonical JSON — an
//! object whose keys are, in this order, `v` (the encoding version, 1), `seq` (1-based
//! position), `at` (UTC, RFC 3339 with `Z`), `offset` (the user's UTC offset in minutes),
//! `kind`, `case` (case id or null) and `data` (an object). Inside `data`, object keys are
//! sorted by their UTF-8 bytes, there is no whitespace, strings are JSON-escaped with non-ASCII
//! kept as UTF-8, numbers are integers only. The event hash is
//! `SHA-256(prev_hash (32 raw bytes) ‖ body (UTF-8))`; the first event's `prev_hash` is 32 zero
//! bytes. Hashes are shown as lower-case hex.
//!
//! Invariants: events are only appended (the database refuses updates and deletes of the chain
//! table); a correction is a new event that names what it corrects.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::domain::Instant;

pub const ENCODING_VERSION: u64 = 1;
pub const GENESIS_PREV: [u8; 32] = [0u8; 32];

crate::domain::named::named_enum! {
    /// What a chain event records.
    pub EventKind, "event kind", "chainEvent" {
        VaultCreated => "vault_created", "创建保险库", "vault created";
        CaseCreated => "case_created", "新建案卷", "case opened";
        EvidenceAdded => "evidence_added", "加入证据", "evidence added";
        ContactLogged => "contact_logged", "记录联系", "contact logged";
        StageChanged => "stage_changed", "变更阶段", "stage changed";
        RecordCorrected => "record_corrected", "更正记录", "record corrected";
        ExportMade => "export_made", "导出材料", "export made";
        LegalEventRecorded => "legal_event_recorded", "记录法律事件", "legal event recorded";
        PartyAdded => "party_added", "添加相关方", "party added";
        MediationChecked => "mediation_checked", "核实调解机构", "mediation body checked";
        ChecklistLinked => "checklist_linked", "关联材料清单", "checklist item linked";
        PlanChosen => "plan_chosen", "选定还款方案", "repayment plan chosen";
        AgreementRecorded => "agreement_recorded", "记录协议", "agreement recorded";
        PaymentRecorded => "payment_recorded", "记录还款", "payment recorded";
        CashFlowRecorded => "cash_flow_recorded", "记录借还款流水", "cash flow recorded";
        RecordWithdrawn => "record_withdrawn", "撤回记录", "record withdrawn";
        ChecklistUnticked => "checklist_unticked", "取消勾选材料", "checklist item unticked";
        TimestampObtained => "timestamp_obtained", "取得可信时间戳", "trusted timestamp obtained";
    }
}

/// An event before it has a place in the chain.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: EventKind,
    pub case_id: Option<String>,
    pub at: Instant,
    /// Must be a JSON object holding no floating-point numbers.
    pub data: Value,
}

/// An event as stored: its body exactly as hashed, and the two hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: u64,
    pub kind: String,
    pub case_id: Option<String>,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Canonical body of `draft` at position `seq`.
pub fn encode(seq: u64, draft: &Draft) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"v\":");
    out.push_str(&ENCODING_VERSION.to_string());
    out.push_str(",\"seq\":");
    out.push_str(&seq.to_string());
    out.push_str(",\"at\":");
    push_string(&mut out, &draft.at.utc_rfc3339());
    out.push_str(",\"offset\":");
    out.push_str(&draft.at.offset_minutes.to_string());
    out.push_str(",\"kind\":");
    push_string(&mut out, draft.kind.as_str());
    out.push_str(",\"case\":");
    match &draft.case_id {
        Some(c) => push_string(&mut out, c),
        None => out.push_str("null"),
    }
    out.push_str(",\"data\":");
    push_canonical(&mut out, &draft.data);
    out.push('}');
    out
}

/// `SHA-256(prev ‖ body)`.
pub fn event_hash(prev: &[u8; 32], body: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(prev)
        .chain_update(body.as_bytes())
        .finalize()
        .into()
}

/// Places `draft` after the event whose hash is `prev` (hex; `None` for the first event).
pub fn append(seq: u64, prev: Option<&str>, draft: &Draft) -> StoredEvent {
    let prev_bytes = prev.and_then(parse_hash).unwrap_or(GENESIS_PREV);
    let body = encode(seq, draft);
    let hash = event_hash(&prev_bytes, &body);
    StoredEvent {
        seq,
        kind: draft.kind.as_str().to_string(),
        case_id: draft.case_id.clone(),
        body,
        prev_hash: hex::encode(prev_bytes),
        hash: hex::encode(hash),
    }
}

fn parse_hash(hex_str: &str) -> Option<[u8; 32]> {
    let v = hex::decode(hex_str).ok()?;
    v.try_into().ok()
}

/// One thing wrong with the chain, at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    pub position: u64,
    pub reason: String,
}

/// Recomputes the chain from its first event and names every position that does not hold.
/// Events must come in ascending `seq` order.
pub fn verify<'a>(events: impl IntoIterator<Item = &'a StoredEvent>) -> Vec<ChainProblem> {
    let mut problems = Vec::new();
    let mut expected_prev = GENESIS_PREV;
    let mut expected_seq = 1u64;
    for ev in events {
        let mut bad = |reason: String| {
            problems.push(ChainProblem {
                position: ev.seq,
                reason,
            })
        };
        if ev.seq != expected_seq {
            bad(format!(
                "position {} follows {}: events are missing or out of order",
                ev.seq,
                expected_seq - 1
            ));
        }
        match parse_hash(&ev.prev_hash) {
            Some(p) if p == expected_prev => {}
            _ => bad("broken link: it does not point at the hash of the event before it".into()),
        }
        let recomputed = event_hash(&expected_prev, &ev.body);
        if parse_hash(&ev.hash)
            != Some(event_hash(
                &parse_hash(&ev.prev_hash).unwrap_or(expected_prev),
                &ev.body,
            ))
        {
            bad("its content does not match its hash: the event was altered".into());
        }
        match serde_json::from_str::<Value>(&ev.body) {
            Ok(v) => {
                if v.get("v").and_then(Value::as_u64) != Some(ENCODING_VERSION) {
                    bad("unknown event encoding version".into());
                }
                if v.get("seq").and_then(Value::as_u64) != Some(ev.seq) {
                    bad("the position inside the event differs from its place in the chain".into());
                }
                if v.get("kind").and_then(Value::as_str) != Some(ev.kind.as_str())
                    || v.get("case").and_then(Value::as_str) != ev.case_id.as_deref()
                {
                    bad("the event's kind or case differs from what is indexed".into());
                }
                if !is_canonical(&v, &ev.body) {
                    bad("the event is not in canonical form".into());
                }
            }
            Err(_) => bad("the event body is not valid JSON".into()),
        }
        // Continue from what the next event should point at, so one bad event is reported once.
        expected_prev = parse_hash(&ev.hash).unwrap_or(recomputed);
        expected_seq = ev.seq + 1;
    }
    problems
}

fn is_canonical(v: &Value, body: &str) -> bool {
    let Some(obj) = v.as_object() else {
        return false;
    };
    let keys: Vec<&str> = body_key_order(obj);
    if keys != ["v", "seq", "at", "offset", "kind", "case", "data"] {
        return false;
    }
    let mut out = String::new();
    out.push_str("{\"v\":");
    push_canonical(&mut out, &obj["v"]);
    for k in ["seq", "at", "offset", "kind", "case", "data"] {
        out.push_str(",\"");
        out.push_str(k);
        out.push_str("\":");
        push_canonical(&mut out, &obj[k]);
    }
    out.push('}');
    out == body
}

fn body_key_order(obj: &serde_json::Map<String, Value>) -> Vec<&str> {
    // serde_json may or may not preserve order depending on features elsewhere in the build;
    // the order check is done by re-encoding instead, so only the key set matters here.
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    let order = ["v", "seq", "at", "offset", "kind", "case", "data"];
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    keys
}

fn push_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("strings always serialise"));
}

/// Canonical JSON: sorted object keys, no whitespace, integers only (floats are written as
/// `null`: the chain never carries them, amounts are integer 分).
pub fn push_canonical(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else {
                out.push_str("null");
            }
        }
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, k);
                out.push(':');
                push_canonical(out, item);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at() -> Instant {
        Instant::from_stored("2026-11-29T03:40:00Z", 480).unwrap()
    }

    fn chain_of(n: u64) -> Vec<StoredEvent> {
        let mut out: Vec<StoredEvent> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map(|e| e.hash.clone());
            out.push(append(
                seq,
                prev.as_deref(),
                &Draft {
                    kind: EventKind::CaseCreated,
                    case_id: Some(format!("c-{seq}")),
                    at: at(),
                    data: json!({"title": "案件", "n": seq}),
                },
            ));
        }
        out
    }

    #[test]
    fn a_good_chain_verifies() {
        assert!(verify(&chain_of(5)).is_empty());
    }

    #[test]
    fn altered_body_is_named_by_position() {
        let mut c = chain_of(4);
        c[2].body = c[2].body.replace("案件", "篡改");
        let p = verify(&c);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].position, 3);
    }

    #[test]
    fn removed_event_breaks_the_link() {
        let mut c = chain_of(4);
        c.remove(1);
        let p = verify(&c);
        assert!(p.iter().all(|x| x.position == 3), "{p:?}");
        assert!(p.iter().any(|x| x.reason.contains("broken link")));
    }

    #[test]
    fn data_keys_are_sorted_whatever_the_input_order() {
        let mut out = String::new();
        push_canonical(
            &mut out,
            &json!({"b": 1, "a": [true, null, "中"], "A": {"z": 0, "y": -1}}),
        );
        assert_eq!(out, r#"{"A":{"y":-1,"z":0},"a":[true,null,"中"],"b":1}"#);
    }

    #[test]
    fn non_canonical_body_is_reported() {
        let mut c = chain_of(1);
        let spaced = c[0].body.replacen(":", ": ", 1);
        c[0].hash = hex::encode(event_hash(&GENESIS_PREV, &spaced));
        c[0].body = spaced;
        let p = verify(&c);
        assert!(p.iter().any(|x| x.reason.contains("canonical")), "{p:?}");
    }
}
