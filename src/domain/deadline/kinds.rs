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
        Hearing => "hearing", "开庭日期", "hearing date";
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
    /// The period in days the court's notice gives, when the user entered it (a complaint
    /// served in simplified or small-claims procedure may carry a shorter answer period, 民诉法解释
    /// 第266条、第275条). Used for the defence and jurisdiction-objection deadlines only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
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
    /// What the deadline means for the user, where it needs saying.
    pub note: Option<DeadlineNote>,
    /// The period was taken from the court's notice (`LegalEvent::period_days`), not the statute.
    pub period_from_notice: bool,
}

named_enum! {
    /// A plain-language note that goes with a deadline: what it means for the user and what
    /// to watch out for. Its labels are the note.
    pub DeadlineNote, "deadline note", "deadlineNote" {
        Hearing => "hearing", "请按传票上的时间到庭（或按法院通知参加线上庭审）。法院应在开庭三日前通知当事人（民事诉讼法 第139条）；被告经传票传唤，无正当理由拒不到庭的，法院可以缺席判决（民事诉讼法 第147条）。确有正当理由不能到庭的，应尽早向法院书面说明并申请延期。", "Attend the hearing on the date in the summons (or join online if the court says so). The court must notify parties at least three days ahead (Civil Procedure Law art. 139); a defendant who has been summoned and stays away without good reason can be judged in default (art. 147). If you truly cannot attend, tell the court in writing as early as possible and ask for a postponement.";
        Limitation => "limitation", "这是债权人起诉的三年诉讼时效，不是你必须做什么的期限。注意：在此之前，你承认欠款、答应还款、同意分期、部分还款或请求延期，时效都会从那天起重新计算三年（民法典 第195条）；债权人催收或起诉也会让时效重新计算。时效届满后，你可以拒绝还款，但如果又同意还款，就不能再以时效已过为由拒绝（民法典 第192条）。接电话或参加调解时表态前先想清楚。本日期只按你记录的最近一次事件计算，没有记录的催收或表态会让实际届满日更晚。", "This is the creditor's three-year limitation period for suing, not something you must do by this date. Be careful: if, before it ends, you admit the debt, promise to pay, agree to instalments, pay part of it or ask for more time, the three years start again from that day (Civil Code art. 195); a demand or lawsuit by the creditor restarts it too. After it ends you may refuse to pay, but once you agree to pay again you can no longer rely on it (art. 192). Think before you say anything on a collection call or in mediation. This date counts only from the latest event you recorded; any demand or admission you did not record makes the real end later.";
        MediationPeriod => "mediation_period", "《人民法院在线调解规则》是最高人民法院的司法解释（法释〔2021〕23号），其第24条规定诉前在线调解一般为30日；法院委派的特邀调解为30日（特邀调解规定 第27条）。经各方同意可以延长。期满未达成调解协议的，案件可能转入立案审理。", "The Online Mediation Rules of the People's Courts are a judicial interpretation of the Supreme People's Court (Fa Shi [2021] No. 23); art. 24 sets 30 days for pre-filing online mediation, and court-delegated mediation also has 30 days (Provisions on Specially Invited Mediation, art. 27). The parties can agree to extend it. If no agreement is reached by then, the case may go on to filing and trial.";
        PaymentOrderObjection => "payment_order_objection", "异议必须书面提出。期满不提出书面异议，又不履行的，债权人可以申请法院强制执行支付令（民事诉讼法 第227条）。", "The objection must be in writing. If you neither object in writing nor pay within the period, the creditor can ask the court to enforce the payment order (Civil Procedure Law art. 227).";
        EnforcementApplication => "enforcement_application", "这是债权人申请强制执行的两年期限，不是你必须做什么的期限。法律文书规定分期履行的，从最后一期履行期限届满之日起算（民事诉讼法 第250条）；这一期限也会因你承认债务、同意履行而重新计算。", "This is the creditor's two-year period for applying for enforcement, not something you must do by this date. If the judgment or document sets instalments, it runs from the last instalment's due date (Civil Procedure Law art. 250); it restarts, like the limitation period, if you acknowledge the debt or agree to pay.";
        /// On the defence and jurisdiction-objection deadlines: the court's notice decides.
        CourtNoticeDecides => "court_notice_decides", "以法院通知为准：民事诉讼法第128条规定的答辩期是收到起诉状副本之日起15日；但适用简易程序或小额诉讼程序的案件（多数网贷纠纷如此），法院可以确定更短的答辩期，当事人也可以表示不需要答辩期（民事诉讼法解释 第266条、第275条）。请看应诉通知书或举证通知书写明的期限，并把它填入本事件，本日期会按通知计算。", "As the court's notice says: Civil Procedure Law art. 128 gives 15 days from receiving the copy of the complaint to answer; but in simplified or small-claims procedure (most online-loan cases) the court may set a shorter period, and the parties may waive it (SPC interpretation of the Civil Procedure Law, arts. 266, 275). Read the period on the notice to respond or to give evidence and enter it on this event: the date is then counted from it.";
        SmallClaimsRuling => "small_claims_ruling", "小额诉讼案件实行一审终审，其中的裁定（如管辖权异议、驳回起诉的裁定）一般一经作出即生效，不能上诉。是否还能上诉，请看裁定书末尾的告知或向法院确认。", "Small-claims cases are final at first instance, and their rulings (on jurisdiction, or dismissing the claim) generally take effect at once with no appeal. Check the notice at the end of the ruling, or ask the court, whether an appeal is open.";
    }
}
