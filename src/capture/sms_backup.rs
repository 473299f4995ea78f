//! "SMS Backup & Restore" (Android) exports: `sms-<ts>.xml` (`<sms>` and `<mms>`) and
//! `calls-<ts>.xml` (`<call>`). Read as a stream with `quick-xml`; one element is held at a
//! time, and an element larger than [`MAX_ELEMENT_BYTES`] is a named problem.
//!
//! Attributes (CAPTURE.md): `date` Unix milliseconds; `<sms type>` 1 received, 2 sent,
//! 3 draft, 4 outbox, 5 failed, 6 queued; `<call type>` 1 incoming, 2 outgoing, 3 missed,
//! 4 voicemail, 5 rejected, 6 blocked, 7 answered elsewhere; `duration` seconds. The app writes
//! characters outside the BMP as two numeric references to UTF-16 surrogates (`&#55357;&#56865;`),
//! which XML forbids; they are joined back here rather than lost.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};

use super::{CallEntry, CallKind, Message, Parsed, Problem, When, bounded_text};
use crate::domain::contact::Channel;

/// The largest single element read (an MMS with an embedded picture can be several MiB).
pub const MAX_ELEMENT_BYTES: u64 = 64 << 20;

/// Counts the bytes handed out since the last reset and refuses past a limit, so one element
/// cannot make the parser buffer without bound.
struct Bounded<R> {
    inner: R,
    used: Rc<Cell<u64>>,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.used.set(self.used.get().saturating_add(n as u64));
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.used.get() > MAX_ELEMENT_BYTES {
            return Err(std::io::Error::other("an element is larger than 64 MiB"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.used.set(self.used.get().saturating_add(amt as u64));
        self.inner.consume(amt);
    }
}

/// A message being assembled from `<mms>` and its `<part>` and `<addr>` children.
#[derive(Default)]
struct Mms {
    date: Option<i64>,
    address: Option<String>,
    outgoing: Option<bool>,
    contact_name: Option<String>,
    texts: Vec<String>,
    from: Option<String>,
}

/// Parses an export of either kind (a file may even hold both).
pub fn parse(input: impl BufRead) -> Result<Parsed, Problem> {
    let used = Rc::new(Cell::new(0));
    let mut reader = quick_xml::Reader::from_reader(Bounded {
        inner: input,
        used: used.clone(),
    });
    let mut buf = Vec::new();
    let mut out = Parsed::default();
    let mut mms: Option<Mms> = None;
    let mut root_seen = false;
    loop {
        used.set(0);
        buf.clear();
        let at = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| Problem::malformed(format!("byte {at}"), e.to_string()))?;
        let (element, closes) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(e) => {
                if e.local_name().as_ref() == "mms"
                    && let Some(m) = mms.take()
                {
                    finish_mms(m, &mut out, at)?;
                }
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(e) = element else { continue };
        let where_ = || format!("byte {at}");
        match e.local_name().as_ref() {
            "smses" | "calls" | "allsms" => root_seen = true,
            "sms" => {
                if let Some(m) =
                    sms(e, &mut out.skipped).map_err(|r| Problem::malformed(where_(), r))?
                {
                    out.messages.push(m);
                }
            }
            "call" => out
                .calls
                .push(call(e).map_err(|r| Problem::malformed(where_(), r))?),
            "mms" => {
                let a = attrs(e).map_err(|r| Problem::malformed(where_(), r))?;
                let m = Mms {
                    date: a.get("date").and_then(|d| d.parse().ok()),
                    address: a.get("address").filter(|s| !s.is_empty()).cloned(),
                    outgoing: match a.get("msg_box").map(String::as_str) {
                        Some("1") => Some(false),
                        Some("2") => Some(true),
                        _ => None,
                    },
                    contact_name: contact_name(a.get("contact_name")),
                    ..Mms::default()
                };
                if closes {
                    finish_mms(m, &mut out, at)?;
                } else {
                    mms = Some(m);
                }
            }
            "part" => {
                if let Some(m) = mms.as_mut() {
                    let a = attrs(e).map_err(|r| Problem::malformed(where_(), r))?;
                    if a.get("ct").is_some_and(|ct| ct.starts_with("text/plain"))
                        && let Some(t) = a.get("text").filter(|t| !t.is_empty() && *t != "null")
                    {
                        m.texts.push(t.clone());
                    }
                }
            }
            "addr" => {
                if let Some(m) = mms.as_mut() {
                    let a = attrs(e).map_err(|r| Problem::malformed(where_(), r))?;
                    // PduHeaders: 137 is FROM.
                    if a.get("type").map(String::as_str) == Some("137") {
                        m.from = a.get("address").cloned();
                    }
                }
            }
            _ => {}
        }
        out.check_limit()?;
    }
    if !root_seen {
        return Err(Problem::NotRecognised);
    }
    Ok(out)
}

fn finish_mms(m: Mms, out: &mut Parsed, at: u64) -> Result<(), Problem> {
    let Some(date) = m.date else {
        return Err(Problem::malformed(
            format!("byte {at}"),
            "an <mms> has no date",
        ));
    };
    let when = When::from_unix_millis(date)
        .ok_or_else(|| Problem::malformed(format!("byte {at}"), "an <mms> date is out of range"))?;
    let peer = m.address.or(m.from);
    match (peer, m.outgoing) {
        (Some(peer), Some(outgoing)) => out.messages.push(Message {
            channel: Channel::Sms,
            peer: first_address(&peer),
            peer_name: m.contact_name,
            sender: None,
            at: when,
            outgoing: Some(outgoing),
            text: bounded_text(if m.texts.is_empty() {
                "[彩信，无文字 / MMS without text]".to_string()
            } else {
                m.texts.join("\n")
            }),
        }),
        _ => out.skipped += 1,
    }
    Ok(())
}

/// A group MMS lists its addresses joined by `~`; the first one routes it.
fn first_address(s: &str) -> String {
    s.split('~').next().unwrap_or(s).trim().to_string()
}

fn contact_name(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != "(Unknown)" && *s != "null")
        .map(str::to_string)
}

fn sms(e: &BytesStart<'_>, skipped: &mut usize) -> Result<Option<Message>, String> {
    let a = attrs(e)?;
    let outgoing = match a.get("type").map(String::as_str) {
        Some("1") => false,
        Some("2") => true,
        // Drafts, outbox, failed and queued messages never reached anyone.
        Some("3" | "4" | "5" | "6") => {
            *skipped += 1;
            return Ok(None);
        }
        other => return Err(format!("an <sms> has an unknown type {other:?}")),
    };
    let address = a
        .get("address")
        .filter(|s| !s.trim().is_empty())
        .ok_or("an <sms> has no address")?;
    Ok(Some(Message {
        channel: Channel::Sms,
        peer: first_address(address),
        peer_name: contact_name(a.get("contact_name")),
        sender: None,
        at: millis(a.get("date"))?,
        outgoing: Some(outgoing),
        text: bounded_text(a.get("body").cloned().unwrap_or_default()),
    }))
}

fn call(e: &BytesStart<'_>) -> Result<CallEntry, String> {
    let a = attrs(e)?;
    let kind = match a.get("type").map(String::as_str) {
        Some("1") => CallKind::Incoming,
        Some("2") => CallKind::Outgoing,
        Some("3") => CallKind::Missed,
        Some("4") => CallKind::Voicemail,
        Some("5") => CallKind::Rejected,
        Some("6") => CallKind::Blocked,
        Some("7") => CallKind::AnsweredElsewhere,
        other => return Err(format!("a <call> has an unknown type {other:?}")),
    };
    let number = a
        .get("number")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or("a <call> has no number (a hidden caller)")?;
    let duration_seconds = match a.get("duration") {
        None => None,
        Some(d) => Some(
            d.trim()
                .parse::<u32>()
                .map_err(|_| format!("a <call> has a duration that is not a number: {d:?}"))?,
        ),
    };
    Ok(CallEntry {
        number: number.to_string(),
        name: contact_name(a.get("contact_name")),
        at: millis(a.get("date"))?,
        duration_seconds,
        kind,
    })
}

fn millis(v: Option<&String>) -> Result<When, String> {
    let v = v.ok_or("an entry has no date")?;
    v.trim()
        .parse::<i64>()
        .ok()
        .and_then(When::from_unix_millis)
        .ok_or_else(|| format!("the date {v:?} is not a time in milliseconds"))
}

/// The element's attributes, unescaped.
fn attrs(e: &BytesStart<'_>) -> Result<std::collections::HashMap<String, String>, String> {
    let mut out = std::collections::HashMap::new();
    for a in e.attributes() {
        let a = a.map_err(|err| format!("an attribute is malformed ({err})"))?;
        let key: &str = a.key.as_ref();
        out.insert(key.to_string(), unescape(&a.value));
    }
    Ok(out)
}

/// XML unescaping that also joins numeric references to a UTF-16 surrogate pair into one
/// character (a lone surrogate becomes U+FFFD). Unknown entities are kept as written.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut high: Option<u32> = None;
    while let Some(amp) = rest.find('&') {
        let (before, after) = rest.split_at(amp);
        if !before.is_empty() {
            flush_high(&mut out, &mut high);
            out.push_str(before);
        }
        let Some(semi) = after.find(';').filter(|&i| i <= 12) else {
            flush_high(&mut out, &mut high);
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        rest = &after[semi + 1..];
        let code = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok()
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse::<u32>().ok()
        } else {
            None
        };
        match code {
            Some(c @ 0xD800..=0xDBFF) => {
                flush_high(&mut out, &mut high);
                high = Some(c);
            }
            Some(c @ 0xDC00..=0xDFFF) => match high.take() {
                Some(h) => {
                    let joined = 0x10000 + ((h - 0xD800) << 10) + (c - 0xDC00);
                    out.push(char::from_u32(joined).unwrap_or('\u{FFFD}'));
                }
                None => out.push('\u{FFFD}'),
            },
            Some(c) => {
                flush_high(&mut out, &mut high);
                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            None => {
                flush_high(&mut out, &mut high);
                match entity {
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    "amp" => out.push('&'),
                    "quot" => out.push('"'),
                    "apos" => out.push('\''),
                    _ => {
                        out.push('&');
                        out.push_str(entity);
                        out.push(';');
                    }
                }
            }
        }
    }
    flush_high(&mut out, &mut high);
    out.push_str(rest);
    out
}

fn flush_high(out: &mut String, high: &mut Option<u32>) {
    if high.take().is_some() {
        out.push('\u{FFFD}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_surrogate_references_and_unescapes() {
        assert_eq!(
            unescape("再不还&#10;通知你全家 &#55357;&#56865;"),
            "再不还\n通知你全家 😡"
        );
        assert_eq!(
            unescape("a&lt;b&amp;c&#x41;&#55357;x&bogus;"),
            "a<b&cA\u{FFFD}x&bogus;"
        );
        assert_eq!(unescape("AT&T"), "AT&T");
    }
}
