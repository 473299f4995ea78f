//! The two closed sets of the deadline rules (what happened, which period runs) and the
//! records they appear in: a recorded [`LegalEvent`] and a computed [`Deadline`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::contact::BasisKind;
use crate::domain::named::named_enum;

named_enum! {
    /// What happened in a case that a legal period counts from.
    pub LegalEventKind, "legal event kind", "eventKind" {
        /// 诉前委派调解或在线调解开始
        MediationStarted => "mediation_started", "调解开始", "mediation started";
        AgreementEffective => "agreement_effective", "调解协议生效", "mediation agreement took effect";
        ComplaintServed => "complaint_served", "收到起诉状副本", "copy of the complaint received";
        /// The date on the summons.
        HearingScheduled => "hearing_scheduled", "开庭日期", "hearing date";
        JudgmentServed => "judgment_served", "收到判决书", "judgment received";
        RulingServed => "ruling_served", "收到裁定书", "ruling received";
        PaymentOrderServed => "payment_order_served", "收到支付令", "payment order received";
        /// The performance period set by an effective judgment or other enforceable document.
        PerformanceDue => "performance_due", "履行期限届满", "performance period ended";
        LastInstallmentDue => "last_installment_due", "最后一期还款到期", "last instalment due";
        /// The creditor demanded payment (collection, a lawsuit …).
        CreditorDemand => "creditor_demand", "债权人催收或主张权利", "creditor demanded payment";
        DebtorAcknowledged => "debtor_acknowledged", "债务人承认欠款或同意还款", "debtor acknowledged the debt or agreed to pay";
    }
}

named_enum! {
    /// A legal period the app tracks. Declaration order is the tie-break order when two
    /// deadlines fall on the same day.
    pub DeadlineKind, "deadline kind", "deadlineKind" {
        Defence => "defence", "答辩期届满", "end of the defence period";
        JurisdictionObjection => "jurisdiction_objection", "管辖权异议期届满", "end of the period to object to jurisdiction";
        Appeal => "appeal", "判决上诉期届满", "end of the period to appeal a judgment";
        AppealRuling => "appeal_ruling", "裁定上诉期届满", "end of the period to appeal a ruling";
        PaymentOrderObjection => "payment_order_objection", "支付令异议期届满", "end of the period to object to a payment order";
        JudicialConfirmation => "judicial_confirmation", "申请司法确认期限届满", "last day to apply for judicial confirmation";
        MediationPeriodEnd => "mediation_period_end", "调解期限届满", "end of the mediation period";
        /// Not a deadline to act by: the day of the hearing.
        Hearing => "hearing", "开庭", "hearing";
        EnforcementApplication => "enforcement_application", "申请强制执行期限届满", "last day to apply for enforcement";
        Limitation => "limitation", "诉讼时效届满", "end of the limitation period";
    }
}

/// Something that happened on a date the law counts from (the date of service, of effect...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LegalEvent {
    pub id: String,
    pub kind: LegalEventKind,
    pub on: NaiveDate,
}

/// The event a deadline was counted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountsFrom {
    pub event_id: String,
    pub kind: LegalEventKind,
    pub on: NaiveDate,
}

/// One computed deadline. Dates serialise as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day of the period, after any rest-day shift.
    pub due: NaiveDate,
    /// Article the period comes from, e.g. "民事诉讼法 第171条".
    pub basis: String,
    /// Kind of source, as in DOMAIN.md's legend; law for every rule here.
    pub basis_kind: BasisKind,
    pub counts_from: CountsFrom,
    /// The last day before any rest-day shift.
    pub nominal_end: NaiveDate,
    pub shifted_for_rest_day: bool,
    /// `due` is before `today`.
    pub passed: bool,
    /// `due - today` in days; negative once passed, 0 on the day itself.
    pub days_left: i64,
    /// False when `due` (or the nominal end) lies in a year the holiday data does not cover:
    /// the rest-day shift was then judged on weekends alone and may be wrong.
    pub calendar_known: bool,
    pub note_zh: Option<String>,
    pub note_en: Option<String>,
}
