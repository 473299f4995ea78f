//! Preparing for mediation: checking the organisation, the materials checklist, a repayment
//! plan proposal, and — once signed — the agreement, its payments and the judicial-confirmation
//! deadline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::timeline;
use super::{RecordKind, Session, clean};
use crate::domain::deadline::LegalEventKind;
use crate::domain::debt::{
    Agreement, AgreementStatus, ChecklistItem, ChecklistItemCode, Installment, MEDIATION_CHECKLIST,
    MediationCheck, MediationCheckKind, MediationCheckResult, MediationRedFlag, MediationWarning,
    Payment, checklist_item,
};
use crate::domain::plan::{self, PlanInput, PlanOption, Waiver};
use crate::domain::{Money, new_id};
use crate::{Error, Result, db};

#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewCheck {
    pub organisation: String,
    pub notice_number: Option<String>,
    pub check: MediationCheckKind,
    pub on: NaiveDate,
    pub result: MediationCheckResult,
    pub red_flags: Vec<MediationRedFlag>,
    pub note: Option<String>,
}

pub fn add_check(session: &mut Session, case_id: &str, c: NewCheck) -> Result<MediationCheck> {
    super::case::check_id(case_id)?;
    let organisation = c.organisation.trim();
    if organisation.is_empty() {
        return Err(Error::InvalidInput(
            "name the mediation organisation as written on its notice".into(),
        ));
    }
    let mut red_flags = c.red_flags;
    red_flags.sort_by_key(|f| f.as_str());
    red_flags.dedup();
    let check = MediationCheck {
        id: new_id('m', 6),
        organisation: organisation.to_string(),
        notice_number: clean(c.notice_number),
        check: c.check,
        on: c.on,
        result: c.result,
        red_flags,
        note: clean(c.note),
    };
    session.append_record(case_id, RecordKind::MediationCheck, &check.id, &check)?;
    Ok(check)
}

/// A link that ticks a checklist item with a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistLink {
    pub id: String,
    pub item: String,
    pub evidence_id: String,
}

pub fn link(
    session: &mut Session,
    case_id: &str,
    item: &str,
    evidence_id: &str,
) -> Result<ChecklistLink> {
    super::case::check_id(case_id)?;
    let code: ChecklistItemCode = item.parse().map_err(Error::InvalidInput)?;
    let entry = checklist_item(code);
    session.check_evidence(case_id, &[evidence_id.to_string()])?;
    let evidence = db::get_evidence(session.conn(), evidence_id)?;
    if !entry.kinds.contains(&evidence.kind) {
        let kinds: Vec<_> = entry.kinds.iter().map(|k| k.label_zh()).collect();
        return Err(Error::InvalidInput(format!(
            "evidence {evidence_id} is {} ({}); “{}” takes {}. Choose matching evidence or change its kind",
            evidence.kind.label_zh(),
            evidence.kind,
            code.label_zh(),
            kinds.join("、")
        )));
    }
    let link = ChecklistLink {
        id: new_id('t', 6),
        item: code.as_str().to_string(),
        evidence_id: evidence_id.to_string(),
    };
    session.append_record(case_id, RecordKind::ChecklistLink, &link.id, &link)?;
    Ok(link)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistEntry {
    #[serde(flatten)]
    pub item: ChecklistItem,
    pub done: bool,
    /// Evidence linked to the item by hand.
    pub evidence_ids: Vec<String>,
    /// Evidence of a matching kind that ticks the item by itself (`debt::auto_kinds`).
    pub auto_evidence_ids: Vec<String>,
    /// The user unticked the item although evidence ticks it.
    pub unticked: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Checklist {
    pub items: Vec<ChecklistEntry>,
    /// The items still missing.
    pub missing: Vec<ChecklistItemCode>,
    pub basis: &'static str,
}

/// An item the user unticked (withdrawn again to tick it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ChecklistUntick {
    id: String,
    item: String,
}

/// The checklist: an item is done when evidence is linked to it by hand, or when the case
/// holds evidence of a kind that ticks it by itself, unless the user unticked it.
pub fn checklist(session: &Session, case_id: &str) -> Result<Checklist> {
    super::case::show(session, case_id)?;
    let links: Vec<ChecklistLink> = session.records(case_id, RecordKind::ChecklistLink)?;
    let unticks: Vec<ChecklistUntick> = session.records(case_id, RecordKind::ChecklistUntick)?;
    let evidence = super::evidence::list(session, case_id)?;
    let items: Vec<ChecklistEntry> = MEDIATION_CHECKLIST
        .iter()
        .map(|item| {
            let mut ids: Vec<String> = links
                .iter()
                .filter(|l| l.item == item.code.as_str())
                .map(|l| l.evidence_id.clone())
                .collect();
            ids.dedup();
            let auto: Vec<String> = evidence
                .iter()
                .filter(|e| crate::domain::debt::auto_kinds(item.code).contains(&e.kind))
                .map(|e| e.id.clone())
                .collect();
            let unticked = unticks.iter().any(|u| u.item == item.code.as_str());
            ChecklistEntry {
                item: *item,
                done: !unticked && (!ids.is_empty() || !auto.is_empty()),
                evidence_ids: ids,
                auto_evidence_ids: auto,
                unticked,
            }
        })
        .collect();
    Ok(Checklist {
        missing: items
            .iter()
            .filter(|i| !i.done)
            .map(|i| i.item.code)
            .collect(),
        items,
        basis: "人民法院在线调解规则 第8条、第17条（法律文件要求）及实务清单",
    })
}

/// Unticks (`ticked = false`) or ticks again (`true`) a checklist item; an untick is a record,
/// and ticking again withdraws it, so the history keeps both.
pub fn set_ticked(
    session: &mut Session,
    case_id: &str,
    item: &str,
    ticked: bool,
) -> Result<Checklist> {
    super::case::check_id(case_id)?;
    let code: ChecklistItemCode = item.parse().map_err(Error::InvalidInput)?;
    let current: Vec<ChecklistUntick> = session.records(case_id, RecordKind::ChecklistUntick)?;
    let active: Vec<String> = current
        .into_iter()
        .filter(|u| u.item == code.as_str())
        .map(|u| u.id)
        .collect();
    if ticked {
        for id in active {
            super::corrections::withdraw(session, case_id, &id, Some("ticked again".into()))?;
        }
    } else if active.is_empty() {
        let untick = ChecklistUntick {
            id: new_id('u', 6),
            item: code.as_str().to_string(),
        };
        session.append_record(case_id, RecordKind::ChecklistUntick, &untick.id, &untick)?;
    }
    checklist(session, case_id)
}

/// The figures a plan is computed from: the amounts last claimed, and the user's budget.
pub fn plan_input(
    session: &Session,
    case_id: &str,
    income: Money,
    expenses: Money,
) -> Result<PlanInput> {
    let case = super::case::show(session, case_id)?;
    let c = &case.details.claimed;
    let principal = c.principal_fen.or(case.principal.map(Money::fen)).ok_or_else(|| {
        Error::InvalidInput(
            "record what the lender claims first: casefile case edit CASE --claimed-principal … --claimed-interest …".into(),
        )
    })?;
    Ok(PlanInput {
        principal_fen: principal,
        interest_fen: c.interest_fen.unwrap_or(0),
        penalties_fen: c.penalties_fen.unwrap_or(0),
        fees_fen: c.fees_fen.unwrap_or(0),
        monthly_income_fen: income.fen(),
        essential_expenses_fen: expenses.fen(),
    })
}

pub fn propose(
    session: &Session,
    case_id: &str,
    income: Money,
    expenses: Money,
    months: &[u32],
) -> Result<Vec<PlanOption>> {
    let input = plan_input(session, case_id, income, expenses)?;
    let months = if months.is_empty() {
        &plan::DEFAULT_MONTHS[..]
    } else {
        months
    };
    plan::propose(&input, months).map_err(|e| Error::InvalidInput(e.to_string()))
}

pub use crate::domain::plan::{ChosenPlan, PlanChoice};

pub fn choose(
    session: &mut Session,
    case_id: &str,
    income: Money,
    expenses: Money,
    months: u32,
    waiver: Waiver,
) -> Result<PlanChoice> {
    let input = plan_input(session, case_id, income, expenses)?;
    let option = plan::propose(&input, &[months])
        .map_err(|e| Error::InvalidInput(e.to_string()))?
        .into_iter()
        .find(|o| o.waiver == waiver)
        .ok_or_else(|| Error::InvalidInput("no such plan".into()))?;
    let choice = PlanChoice {
        id: new_id('q', 6),
        input,
        option: option.into(),
    };
    session.append_record(case_id, RecordKind::PlanChoice, &choice.id, &choice)?;
    Ok(choice)
}

pub fn chosen_plan(session: &Session, case_id: &str) -> Result<Option<PlanChoice>> {
    super::case::show(session, case_id)?;
    Ok(session
        .records::<PlanChoice>(case_id, RecordKind::PlanChoice)?
        .pop())
}

#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAgreement {
    pub signed_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub total: Money,
    pub installments: Vec<Installment>,
    pub terms: Option<String>,
    /// The user confirmed a total above the plausible bound (`domain::plausible`).
    #[serde(default)]
    pub confirm: bool,
}

/// Records a signed agreement, and its `agreement_effective` event, which starts the 30-day
/// window to apply for judicial confirmation.
pub fn add_agreement(session: &mut Session, case_id: &str, a: NewAgreement) -> Result<Agreement> {
    super::case::check_id(case_id)?;
    if a.total.fen() <= 0 {
        return Err(Error::InvalidInput(
            "the agreement's total must be a positive amount".into(),
        ));
    }
    if a.installments.is_empty() {
        return Err(Error::InvalidInput(
            "give the schedule: --installments N --first-due DATE, or --schedule DATE:AMOUNT …"
                .into(),
        ));
    }
    let sum: i64 = a.installments.iter().map(|i| i.amount_fen).sum();
    if sum != a.total.fen() {
        return Err(Error::InvalidInput(format!(
            "the instalments add up to {} 元 but the total is {} 元; make them match",
            Money::from_fen(sum),
            a.total
        )));
    }
    if a.effective_on < a.signed_on {
        return Err(Error::InvalidInput(
            "an agreement cannot take effect before it is signed".into(),
        ));
    }
    check_total(a.total, a.confirm)?;
    let mut installments = a.installments;
    installments.sort_by_key(|i| i.due);
    let agreement = Agreement {
        id: new_id('a', 6),
        signed_on: a.signed_on,
        effective_on: a.effective_on,
        total_fen: a.total.fen(),
        installments,
        terms: clean(a.terms),
    };
    session.append_record(case_id, RecordKind::Agreement, &agreement.id, &agreement)?;
    timeline::add_event(
        session,
        case_id,
        LegalEventKind::AgreementEffective,
        agreement.effective_on,
        Some(format!("协议 {} 生效", agreement.id)),
    )?;
    Ok(agreement)
}

/// Equal monthly instalments that add up to the total exactly (the remainder goes to the
/// first ones, a 分 each).
pub fn equal_installments(
    total: Money,
    count: u32,
    first_due: NaiveDate,
) -> Result<Vec<Installment>> {
    if count == 0 || count > 120 {
        return Err(Error::InvalidInput(
            "the number of instalments must be from 1 to 120".into(),
        ));
    }
    let base = total.fen() / i64::from(count);
    let extra = total.fen() % i64::from(count);
    (0..count)
        .map(|i| {
            let due = first_due
                .checked_add_months(chrono::Months::new(i))
                .ok_or_else(|| Error::InvalidInput("the schedule runs past the calendar".into()))?;
            Ok(Installment {
                due,
                amount_fen: base + i64::from(i64::from(i) < extra),
            })
        })
        .collect()
}

/// Records a payment on the case's latest agreement (withdrawn agreements do not count).
///
/// A payment above what the agreement still leaves to pay is refused with `NeedsConfirmation`
/// unless `confirm` is set (a slip like 99,999,999 would otherwise mark it fully paid).
pub fn add_payment(
    session: &mut Session,
    case_id: &str,
    paid_on: NaiveDate,
    amount: Money,
    note: Option<String>,
    evidence_id: Option<String>,
    confirm: bool,
) -> Result<Payment> {
    if amount.fen() < 0 {
        return Err(Error::InvalidInput(
            "a payment cannot be negative; to undo a payment, withdraw it (`casefile record withdraw CASE ID`)".into(),
        ));
    }
    if amount.fen() == 0 {
        return Err(Error::InvalidInput(
            "a payment of 0 元 records nothing; enter the amount paid in 元, like 566.67".into(),
        ));
    }
    let agreement = agreements(session, case_id)?.pop().ok_or_else(|| {
        Error::InvalidInput(
            "there is no agreement in this case yet; record it with `casefile agreement add`"
                .into(),
        )
    })?;
    let payments: Vec<Payment> = session.records(case_id, RecordKind::Payment)?;
    let status = agreement.status(&payments, session.today());
    check_payment(amount, status.remaining_fen, confirm)?;
    if let Some(id) = &evidence_id {
        session.check_evidence(case_id, std::slice::from_ref(id))?;
    }
    let payment = Payment {
        id: new_id('y', 6),
        agreement_id: agreement.id,
        paid_on,
        amount_fen: amount.fen(),
        note: clean(note),
        evidence_id,
    };
    session.append_record(case_id, RecordKind::Payment, &payment.id, &payment)?;
    Ok(payment)
}

/// Refuses a payment above `remaining_fen` unless confirmed.
pub(crate) fn check_payment(amount: Money, remaining_fen: i64, confirm: bool) -> Result<()> {
    match crate::domain::plausible::check_payment(amount, remaining_fen) {
        Some(doubt) if !confirm => Err(Error::NeedsConfirmation(doubt.message())),
        _ => Ok(()),
    }
}

/// Refuses an agreement total above the plausible bound unless confirmed.
pub(crate) fn check_total(total: Money, confirm: bool) -> Result<()> {
    match crate::domain::plausible::check_amount("total", total) {
        Some(doubt) if !confirm => Err(Error::NeedsConfirmation(doubt.message())),
        _ => Ok(()),
    }
}

pub fn agreements(session: &Session, case_id: &str) -> Result<Vec<Agreement>> {
    super::case::show(session, case_id)?;
    session.records(case_id, RecordKind::Agreement)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementView {
    pub agreement: Agreement,
    pub payments: Vec<Payment>,
    pub status: AgreementStatus,
    /// Last day to apply jointly for judicial confirmation (民事诉讼法 第205条).
    pub judicial_confirmation_due: Option<NaiveDate>,
}

pub fn agreement_views(session: &Session, case_id: &str) -> Result<Vec<AgreementView>> {
    let payments: Vec<Payment> = session.records(case_id, RecordKind::Payment)?;
    let today = session.today();
    let confirmation: Vec<_> = timeline::deadlines(session, Some(case_id))?
        .into_iter()
        .filter(|d| d.deadline.kind.as_str() == "judicial_confirmation")
        .collect();
    Ok(agreements(session, case_id)?
        .into_iter()
        .map(|a| {
            let mine: Vec<Payment> = payments
                .iter()
                .filter(|p| p.agreement_id == a.id)
                .cloned()
                .collect();
            let due = confirmation
                .iter()
                .find(|d| d.deadline.counts_from.on == a.effective_on)
                .map(|d| d.deadline.due);
            AgreementView {
                status: a.status(&mine, today),
                agreement: a,
                payments: mine,
                judicial_confirmation_due: due,
            }
        })
        .collect())
}

/// Everything about mediation in one view.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediationView {
    pub checks: Vec<MediationCheck>,
    /// Red flags seen in any check: real mediation never asks for these.
    pub red_flags: Vec<MediationRedFlag>,
    /// Set when the checks give reason to doubt the organisation.
    pub warning: Option<MediationWarning>,
    pub checklist: Checklist,
    pub plan: Option<PlanChoice>,
    pub agreements: Vec<AgreementView>,
}

pub fn view(session: &Session, case_id: &str) -> Result<MediationView> {
    super::case::show(session, case_id)?;
    let checks: Vec<MediationCheck> = session.records(case_id, RecordKind::MediationCheck)?;
    let mut red_flags: Vec<MediationRedFlag> =
        checks.iter().flat_map(|c| c.red_flags.clone()).collect();
    red_flags.sort_by_key(|f| f.as_str());
    red_flags.dedup();
    let suspicious = !red_flags.is_empty()
        || checks.iter().any(|c| {
            matches!(
                c.result,
                MediationCheckResult::NotFound | MediationCheckResult::Suspicious
            )
        });
    Ok(MediationView {
        warning: suspicious.then_some(MediationWarning::Suspicious),
        checks,
        red_flags,
        checklist: checklist(session, case_id)?,
        plan: chosen_plan(session, case_id)?,
        agreements: agreement_views(session, case_id)?,
    })
}
