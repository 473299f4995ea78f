//! Chat exports: MemoTrace (留痕) TXT and plain chat text (`YYYY-MM-DD HH:MM:SS 名字`, then
//! the message, then a blank line), QQ's message manager TXT (headers like
//! `2024-01-02 03:04:05 【管理员】名字(10001)`, sometimes 12-hour times and an e-mail in `<…>`),
//! and MemoTrace CSV (`localId,TalkerId,Type,SubType,IsSender,CreateTime,…`).
//!
//! A text export holds one conversation. Its partner (the routing key) is the id in a
//! `聊天对象：名字 (wxid_…)` line, else the partner's QQ number, else the partner's name. The
//! partner is the one sender other than the user, or the sender the `聊天对象`/`消息对象` line
//! names. The user's lines are those by `我`/`Me`, or, in a two-party chat whose partner is
//! known, the other voice's; otherwise the direction is left unknown.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use super::{Message, Parsed, Problem, When, bounded_text};
use crate::domain::contact::Channel;

static CHAT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4}-\d{1,2}-\d{1,2}) (\d{1,2}:\d{2}:\d{2})(?: ?(AM|PM|上午|下午))? (\S.*?)\s*$",
    )
    .expect("valid regex")
});
/// QQ's sender: an optional 【title】, a name, then `(number)` or `<email>`.
static QQ_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:【[^】]*】)?(.*?)(?:\((\d{4,12})\)|<([^<>\s]+@[^<>\s]+)>)$")
        .expect("valid regex")
});
static PARTNER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:聊天对象|消息对象|对话对象)\s*[:：]\s*(.*?)\s*(?:[(（]\s*([^()（）]+?)\s*[)）])?\s*$",
    )
    .expect("valid regex")
});

const ME: &[&str] = &["我", "Me", "me", "自己"];

/// A text that is a chat export, recognised by its layout: `QqText`, `ChatText`, or `None`.
pub fn sniff_text(text: &str) -> Option<super::Format> {
    let mut headers = 0;
    let mut qq = 0;
    for line in text.lines().take(400) {
        let line = line.trim_end_matches('\r');
        if line.starts_with("消息记录（此消息记录为文本格式") || line.starts_with("消息分组:")
        {
            qq += 5;
        }
        if let Some(c) = CHAT_HEADER.captures(line) {
            headers += 1;
            if QQ_SENDER.is_match(&c[4]) {
                qq += 1;
            }
        }
    }
    if headers == 0 {
        None
    } else if qq * 2 > headers {
        Some(super::Format::QqText)
    } else {
        Some(super::Format::ChatText)
    }
}

fn header_time(date: &str, time: &str, half: Option<&str>) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let mut time = NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?;
    use chrono::Timelike;
    match half {
        Some("PM" | "下午") if time.hour() < 12 => time = time.with_hour(time.hour() + 12)?,
        Some("AM" | "上午") if time.hour() == 12 => time = time.with_hour(0)?,
        Some(_) if time.hour() > 12 => return None,
        _ => {}
    }
    Some(date.and_time(time))
}

struct Line {
    at: NaiveDateTime,
    sender: String,
    /// QQ: the sender's number or e-mail.
    account: Option<String>,
    body: Vec<String>,
}

/// Parses a chat text export of either layout (`qq` picks QQ's sender form).
pub fn parse_text(text: &str, qq: bool) -> Result<Parsed, Problem> {
    let mut partner_name: Option<String> = None;
    let mut partner_id: Option<String> = None;
    let mut wechat_hint = false;
    let mut lines: Vec<Line> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if let Some(c) = CHAT_HEADER.captures(raw) {
            let at = header_time(&c[1], &c[2], c.get(3).map(|m| m.as_str())).ok_or_else(|| {
                Problem::malformed(
                    format!("line {}", n + 1),
                    format!("“{raw}” has no real time"),
                )
            })?;
            let who = c[4].trim();
            let (sender, account) = match QQ_SENDER.captures(who).filter(|_| qq) {
                Some(q) => (
                    q[1].trim().to_string(),
                    q.get(2).or(q.get(3)).map(|m| m.as_str().to_string()),
                ),
                None => (who.to_string(), None),
            };
            lines.push(Line {
                at,
                sender,
                account,
                body: Vec::new(),
            });
            if lines.len() >= super::MAX_RECORDS_PER_FILE {
                return Err(Problem::TooManyRecords {
                    limit: super::MAX_RECORDS_PER_FILE,
                });
            }
        } else if let Some(last) = lines.last_mut() {
            last.body.push(raw.to_string());
        } else {
            if raw.contains("微信") {
                wechat_hint = true;
            }
            if let Some(c) = PARTNER_LINE.captures(raw.trim()) {
                partner_name = Some(c[1].to_string()).filter(|s| !s.is_empty());
                partner_id = c.get(2).map(|m| m.as_str().to_string());
            }
        }
    }
    if lines.is_empty() {
        return Err(Problem::Empty);
    }
    // The partner: the one sender who is not the user, else the sender the preamble names
    // (the preamble may give the remark, "某某催收-张经理", where lines say "张经理").
    let others: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|l| l.sender.as_str())
        .filter(|s| !ME.contains(s))
        .collect();
    let partner_sender: Option<String> = if others.len() == 1 {
        others.iter().next().map(|s| s.to_string())
    } else {
        partner_name.as_deref().and_then(|p| {
            let matching: Vec<&&str> = others
                .iter()
                .filter(|s| **s == p || p.contains(**s) || s.contains(p))
                .collect();
            (matching.len() == 1).then(|| matching[0].to_string())
        })
    };
    // Two voices and one of them the partner: the other is the user under a nickname.
    let two_party = others.len() <= 2;
    let partner_account = partner_sender.as_ref().and_then(|p| {
        lines
            .iter()
            .find(|l| &l.sender == p)
            .and_then(|l| l.account.clone())
    });
    let partner_name = partner_name.or_else(|| partner_sender.clone());
    let channel = if qq {
        Channel::Qq
    } else if wechat_hint
        || partner_id
            .as_deref()
            .is_some_and(|i| i.starts_with("wxid_"))
    {
        Channel::Wechat
    } else {
        Channel::Other
    };
    let mut out = Parsed::default();
    for l in lines {
        let outgoing = if ME.contains(&l.sender.as_str()) {
            Some(true)
        } else {
            match &partner_sender {
                Some(p) if *p == l.sender => Some(false),
                Some(_) if two_party => Some(true),
                _ => None,
            }
        };
        // Route by the conversation's partner; in a group or unknown layout, by each sender.
        let peer = partner_id
            .clone()
            .or_else(|| partner_account.clone())
            .or_else(|| partner_name.clone())
            .or_else(|| l.account.clone())
            .unwrap_or_else(|| l.sender.clone());
        let mut body = l.body;
        while body.last().is_some_and(|b| b.trim().is_empty()) {
            body.pop();
        }
        let text = body.join("\n").trim().to_string();
        out.messages.push(Message {
            channel,
            peer,
            peer_name: partner_name.clone(),
            sender: Some(l.sender),
            at: When::Local(l.at),
            outgoing,
            text: bounded_text(if text.is_empty() {
                "[空消息 / empty]".into()
            } else {
                text
            }),
        });
    }
    Ok(out)
}

/// Whether a CSV's first line is MemoTrace's header.
pub fn is_memotrace_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    ["TalkerId", "IsSender", "CreateTime", "StrContent"]
        .iter()
        .all(|c| first.contains(c))
}

/// Parses a MemoTrace CSV export (already decoded).
pub fn parse_memotrace_csv(text: &str) -> Result<Parsed, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Problem::malformed("line 1", e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(talker), Some(kind), Some(sender), Some(time), Some(content)) = (
        col("TalkerId"),
        col("Type"),
        col("IsSender"),
        col("CreateTime"),
        col("StrContent"),
    ) else {
        return Err(Problem::NotRecognised);
    };
    let (remark, nick) = (col("Remark"), col("NickName"));
    let mut out = Parsed::default();
    for (i, row) in reader.records().enumerate() {
        let at_line = || format!("record {}", i + 1);
        let row = row.map_err(|e| Problem::malformed(at_line(), e.to_string()))?;
        let get = |c: usize| row.get(c).unwrap_or("").trim();
        let text = match get(kind) {
            "1" => get(content).to_string(),
            "3" => "[图片]".to_string(),
            "34" => "[语音]".to_string(),
            "43" => "[视频]".to_string(),
            "47" => "[表情]".to_string(),
            "49" => {
                let c = get(content);
                if c.is_empty() || c.starts_with('<') {
                    "[链接或文件]".to_string()
                } else {
                    c.to_string()
                }
            }
            // 10000 and 10002: system notices (recalls, joins), not something anyone said.
            "10000" | "10002" => {
                out.skipped += 1;
                continue;
            }
            _ => {
                let c = get(content);
                if c.is_empty() {
                    "[其他消息]".to_string()
                } else {
                    c.to_string()
                }
            }
        };
        let at = get(time)
            .parse::<i64>()
            .ok()
            .and_then(When::from_unix_seconds)
            .ok_or_else(|| {
                Problem::malformed(
                    at_line(),
                    format!("CreateTime “{}” is not Unix seconds", get(time)),
                )
            })?;
        let peer = get(talker);
        if peer.is_empty() {
            return Err(Problem::malformed(at_line(), "TalkerId is empty"));
        }
        let name = remark
            .map(get)
            .filter(|s| !s.is_empty())
            .or_else(|| nick.map(get).filter(|s| !s.is_empty()))
            .map(str::to_string);
        out.messages.push(Message {
            channel: Channel::Wechat,
            peer: peer.to_string(),
            peer_name: name,
            sender: None,
            at,
            outgoing: match get(sender) {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            text: bounded_text(text),
        });
        out.check_limit()?;
    }
    if out.messages.is_empty() && out.skipped == 0 {
        return Err(Problem::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_hour_times_are_read() {
        let t = |d, t, h| header_time(d, t, h).map(|x| x.format("%H:%M").to_string());
        assert_eq!(
            t("2024-01-02", "3:04:05", Some("PM")).as_deref(),
            Some("15:04")
        );
        assert_eq!(
            t("2024-01-02", "12:04:05", Some("AM")).as_deref(),
            Some("00:04")
        );
        assert_eq!(
            t("2024-01-02", "12:04:05", Some("PM")).as_deref(),
            Some("12:04")
        );
        assert_eq!(t("2024-01-02", "13:04:05", Some("PM")), None);
    }
}
