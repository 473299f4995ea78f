//! The contact log (催收联系记录) and the checks that turn it into a list of collection-conduct
//! violations a borrower can complain about.
//!
//! Each contact is one call, message, letter or visit, in the user's local time with its offset.
//! [`check`] flags what the standards and laws in the domain notes forbid (quiet hours, call
//! counts, third parties, impersonation, and red-flag phrases from [`PhraseBook`]); only contacts
//! that came *in* are checked. [`summarize`] turns the flags into a dated list with the evidence
//! behind each item and the complaint lines that fit.
//!
//! No statute sets clock hours or call counts: those rules come from standards and industry
//! self-regulation, and every [`Flag`] says which kind of source it rests on ([`BasisKind`]).
//!
//! Rooms: `flags` (what a violation is called and what it rests on), `phrases` (the red-flag
//! phrase book), `rules` (the checks), `complaint` (the summary and where to complain). This
//! module keeps the record itself and the sets it is described by.

mod complaint;
mod flags;
mod frequency;
mod groups;
mod phrases;
mod rules;
mod sources;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_frequency;

pub use complaint::{
    CodeCount, ComplaintChannel, ComplaintLine, ComplaintRecipient, ComplaintScope, ViolationItem,
    ViolationSummary, summarize,
};
pub use flags::{Flag, FlagCode};
pub use frequency::{
    ContactFrequency, ContactTotals, DailyLimit, FrequencyBar, LimitKind, MAX_BARS, daily_limits,
    frequency,
};
pub use groups::{RuleGroup, group_by_rule};
pub use phrases::{PhraseBook, PhraseError};
pub use rules::check;
pub use sources::{
    BasisKind, Source, cba_2026_published, gbt_45251_in_force, nifa_2024_cited_from,
    public_security_2026,
};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::debt::Party;
use super::named::named_enum;
use super::rate::LenderType;

/// What the checks know about the case besides its contact log.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// The case's parties. A contact from the case's own court, judge, mediation body or
    /// mediator is not collection and is never flagged or counted; one from its lender is never
    /// impersonation. Matched by phone number or name.
    pub parties: Vec<Party>,
    /// The lender's type, when known: unanswered attempts are counted against the banking
    /// association's guide for every lender but microloan companies and private lenders.
    pub lender_type: Option<LenderType>,
    /// The debt itself is illegal (高利放贷等产生的非法债务): only then is 刑法 293-1 cited for a
    /// threat. Not set by the app yet: it cites 293-1 for no case.
    pub illegal_debt: bool,
}

named_enum! {
    /// How the contact was made.
    // `Channel` is taken in the TypeScript bindings by Tauri's IPC channel.
    // (serde_json ignores an enum's own name, so the wire form is unchanged.)
    #[serde(rename = "ContactChannel")]
    pub Channel, "channel", "channel" {
        Call => "call", "电话", "phone call";
        Sms => "sms", "短信", "SMS";
        Wechat => "wechat", "微信", "WeChat";
        Qq => "qq", "QQ", "QQ";
        /// A message or push notification inside a lender's or collector's app.
        App => "app", "App 消息", "app message";
        Letter => "letter", "信件", "letter";
        /// Someone came to the home, the workplace or elsewhere in person.
        Visit => "visit", "上门", "visit";
        Email => "email", "电子邮件", "email";
        Other => "other", "其他", "other";
    }
}

named_enum! {
    /// Who started the contact.
    pub Direction, "direction", "direction" {
        /// They contacted the user.
        In => "in", "对方联系我", "they contacted me";
        /// The user contacted them.
        Out => "out", "我联系对方", "I contacted them";
        /// Not known (a recording with no call-log entry to tell); such contacts are never flagged.
        Unknown => "unknown", "方向不明", "direction unknown";
    }
}

named_enum! {
    /// Who the other side said they were (not necessarily who they are).
    pub ClaimedRole, "claimed role", "claimedRole" {
        Collector => "collector", "催收员", "collector";
        Lender => "lender", "贷款机构", "lender";
        Mediator => "mediator", "调解组织", "mediator";
        Court => "court", "法院", "court";
        Police => "police", "公安", "police";
        Lawyer => "lawyer", "律师", "lawyer";
        Government => "government", "政府机关", "government body";
        Other => "other", "其他", "other";
    }
}

named_enum! {
    /// Someone other than the borrower whom the collector contacted.
    pub ThirdParty, "third party", "thirdParty" {
        Family => "family", "家人", "family";
        Employer => "employer", "工作单位", "employer";
        /// People in the user's address book.
        Contacts => "contacts", "通讯录联系人", "people in the address book";
        Friend => "friend", "朋友", "friends";
        Other => "other", "其他第三方", "other third party";
    }
}

fn one() -> u32 {
    1
}

/// One contact between the user and a collector, lender, mediator or anyone claiming to act
/// for them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactRecord {
    pub id: String,
    /// The user's local time, offset included; days are counted in this offset.
    pub at: DateTime<FixedOffset>,
    pub channel: Channel,
    pub direction: Direction,
    /// The phone number, WeChat id or address the contact came from.
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub claimed_role: Option<ClaimedRole>,
    /// For calls: whether the call was answered. `None` when unknown or not a call.
    #[serde(default)]
    pub answered: Option<bool>,
    /// At least 1: a run of missed calls can be logged as one record.
    #[serde(default = "one")]
    pub attempts: u32,
    /// Set when the collector contacted someone other than the user.
    #[serde(default)]
    pub third_party: Option<ThirdParty>,
    /// The user's account of what was said.
    #[serde(default)]
    pub summary: Option<String>,
    /// Their words verbatim (SMS text, transcribed sentences).
    #[serde(default)]
    pub quotes: Vec<String>,
    #[serde(default)]
    pub evidence_ids: Vec<String>,
    /// For calls: seconds it lasted, as measured (recording or call log); absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
}

impl ContactRecord {
    /// `attempts`, never less than 1.
    pub(super) fn attempt_count(&self) -> u32 {
        self.attempts.max(1)
    }

    pub(super) fn texts(&self) -> impl Iterator<Item = &str> {
        self.summary
            .as_deref()
            .into_iter()
            .chain(self.quotes.iter().map(String::as_str))
    }
}
