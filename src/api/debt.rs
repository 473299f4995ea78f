//! The debt behind a case: editing its figures (with history), the parties involved, and the
//! loan's own cash flows (payments made or scheduled) that the real interest rate is computed
//! from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{RecordKind, Session, clean};
use crate::chain::EventKind;
use crate::domain::debt::{Party, PartyRole};
use crate::domain::rate::LenderType;
use crate::domain::{Case, Money, new_id};
use crate::{Error, Result, db};

/// Changes to a case. `None` leaves a field as it is; `Some(None)` clears an optional field.
/// In JSON: a missing field is left as it is, `null` clears it, a value sets it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CaseEdit {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub lender: Option<String>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub platform: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub principal: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<NaiveDate>))]
    pub overdue_since: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<LenderType>))]
    pub lender_type: Option<Option<LenderType>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub contract_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<NaiveDate>))]
    pub loan_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub received: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub term_months: Option<Option<u32>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub schedule: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub stated_annual_rate: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub stated_fees: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub claimed_principal: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub claimed_interest: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub claimed_penalties: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<Money>))]
    pub claimed_fees: Option<Option<Money>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub claimed_by: Option<Option<String>>,
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(feature = "specta", specta(type = Option<NaiveDate>))]
    pub claimed_on: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub small_claims: Option<bool>,
    /// The user confirmed an amount above the plausible bound (`domain::plausible`).
    #[serde(default)]
    pub confirm: bool,
}

/// Reads a present field (even `null`) as `Some`, so `null` can mean "clear".
fn set_or_clear<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One field's change, as the chain records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// Applies an edit: one chain event lists every field that changed with its old and new value.
pub fn edit(session: &mut Session, case_id: &str, e: CaseEdit) -> Result<Case> {
    super::case::check_id(case_id)?;
    let before = db::get_case(session.conn(), case_id)?;
    validate(&e, &before)?;
    let mut after = before.clone();
    let changes = apply(e, &mut after);
    if changes.is_empty() {
        return Ok(before);
    }
    session.change("saving the case", |c| {
        c.event(
            EventKind::RecordCorrected,
            Some(case_id),
            json!({"record": "case", "id": case_id, "changes": changes}),
        )?;
        db::update_case(c.tx(), &after)
    })?;
    super::case::show(session, case_id)
}

/// Refuses an edit that would leave the case without a title or lender, with a negative
/// amount, or with a stated rate that is not a number.
fn validate(e: &CaseEdit, before: &Case) -> Result<()> {
    if let Some(t) = &e.title
        && t.trim().is_empty()
    {
        return Err(Error::InvalidInput("the case needs a title".into()));
    }
    if let Some(l) = &e.lender
        && l.trim().is_empty()
    {
        return Err(Error::InvalidInput("the case needs a lender".into()));
    }
    let d = &before.details;
    let c = &d.claimed;
    for (name, m, was) in [
        ("principal", e.principal, before.principal.map(Money::fen)),
        ("received", e.received, d.received_fen),
        ("claimed principal", e.claimed_principal, c.principal_fen),
        ("claimed interest", e.claimed_interest, c.interest_fen),
        ("claimed penalties", e.claimed_penalties, c.penalties_fen),
        ("claimed fees", e.claimed_fees, c.fees_fen),
    ] {
        if let Some(Some(m)) = m
            && m.fen() < 0
        {
            return Err(Error::InvalidInput(format!(
                "the {name} cannot be negative; enter the amount in 元, like 5000.00"
            )));
        }
        // An unchanged figure was confirmed (or plausible) when it was entered.
        if let Some(Some(m)) = m
            && Some(m.fen()) != was
            && !e.confirm
            && let Some(doubt) = crate::domain::plausible::check_amount(name, m)
        {
            return Err(Error::NeedsConfirmation(doubt.message()));
        }
    }
    if let Some(Some(rate)) = &e.stated_annual_rate
        && rate.trim().trim_end_matches('%').parse::<f64>().is_err()
    {
        return Err(Error::InvalidInput(format!(
            "“{rate}” is not a rate; write the annual rate in percent, like 23.99"
        )));
    }
    Ok(())
}

/// The fields an edit changed, in the order it applies them.
#[derive(Default)]
struct Changes(Vec<FieldChange>);

impl Changes {
    /// Sets `slot` to `new` when given and different, and records the change.
    fn set<T: Serialize + PartialEq + Clone>(&mut self, field: &str, slot: &mut T, new: Option<T>) {
        if let Some(new) = new
            && *slot != new
        {
            self.0.push(FieldChange {
                field: field.to_string(),
                old: json!(slot.clone()),
                new: json!(new.clone()),
            });
            *slot = new;
        }
    }
}

/// Applies a validated edit to `case` and returns what changed.
fn apply(e: CaseEdit, case: &mut Case) -> Vec<FieldChange> {
    let fen = |m: Option<Option<Money>>| m.map(|m| m.map(Money::fen));
    let text = |t: Option<Option<String>>| t.map(clean);
    let trimmed = |t: Option<String>| t.map(|t| t.trim().to_string());
    let mut ch = Changes::default();
    ch.set("title", &mut case.title, trimmed(e.title));
    ch.set("lender", &mut case.lender, trimmed(e.lender));
    ch.set("platform", &mut case.platform, text(e.platform));
    ch.set("principal", &mut case.principal, e.principal);
    ch.set("overdue_since", &mut case.overdue_since, e.overdue_since);
    let d = &mut case.details;
    ch.set("lender_type", &mut d.lender_type, e.lender_type);
    ch.set(
        "contract_number",
        &mut d.contract_number,
        text(e.contract_number),
    );
    ch.set("loan_date", &mut d.loan_date, e.loan_date);
    ch.set("received_fen", &mut d.received_fen, fen(e.received));
    ch.set("term_months", &mut d.term_months, e.term_months);
    ch.set("schedule", &mut d.schedule, text(e.schedule));
    let rate = e.stated_annual_rate;
    let rate = rate.map(|r| r.map(|r| r.trim().trim_end_matches('%').to_string()));
    ch.set("stated_annual_rate", &mut d.stated_annual_rate, rate);
    ch.set("stated_fees", &mut d.stated_fees, text(e.stated_fees));
    let c = &mut d.claimed;
    ch.set(
        "claimed.principal_fen",
        &mut c.principal_fen,
        fen(e.claimed_principal),
    );
    ch.set(
        "claimed.interest_fen",
        &mut c.interest_fen,
        fen(e.claimed_interest),
    );
    ch.set(
        "claimed.penalties_fen",
        &mut c.penalties_fen,
        fen(e.claimed_penalties),
    );
    ch.set("claimed.fees_fen", &mut c.fees_fen, fen(e.claimed_fees));
    ch.set("claimed.by", &mut c.by, text(e.claimed_by));
    ch.set("claimed.on", &mut c.on, e.claimed_on);
    ch.set("small_claims", &mut d.small_claims, e.small_claims);
    ch.0
}

/// One edit in a case's history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryEntry {
    pub seq: u64,
    pub at: String,
    pub changes: Vec<FieldChange>,
}

/// Every edit of the case's own fields, oldest first; the values at creation are in the
/// `case_created` event (position `created_seq`).
pub fn history(session: &Session, case_id: &str) -> Result<Vec<HistoryEntry>> {
    let entries = super::log::entries(session, Some(case_id))?;
    Ok(entries
        .into_iter()
        .filter(|e| e.kind == EventKind::RecordCorrected.as_str() && e.data["record"] == "case")
        .map(|e| HistoryEntry {
            seq: e.seq,
            at: e.at,
            changes: serde_json::from_value(e.data["changes"].clone()).unwrap_or_default(),
        })
        .collect())
}

#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewParty {
    pub role: PartyRole,
    pub name: String,
    pub phones: Vec<String>,
    pub case_number: Option<String>,
    pub note: Option<String>,
}

pub fn add_party(session: &mut Session, case_id: &str, p: NewParty) -> Result<Party> {
    super::case::check_id(case_id)?;
    let name = p.name.trim();
    if name.is_empty() {
        return Err(Error::InvalidInput("the party needs a name".into()));
    }
    let party = Party {
        id: new_id('p', 6),
        role: p.role,
        name: name.to_string(),
        phones: p
            .phones
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        case_number: clean(p.case_number),
        note: clean(p.note),
    };
    session.append_record(case_id, RecordKind::Party, &party.id, &party)?;
    Ok(party)
}

pub fn parties(session: &Session, case_id: &str) -> Result<Vec<Party>> {
    super::case::show(session, case_id)?;
    session.records(case_id, RecordKind::Party)
}

/// A payment on the loan itself (made, or scheduled by the contract), for the real rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LoanFlow {
    pub id: String,
    pub on: NaiveDate,
    /// Paid by the borrower (positive).
    pub amount_fen: i64,
    /// True when the contract schedules it but it was not (yet) paid.
    pub scheduled: bool,
    pub note: Option<String>,
}

/// Records a payment on the loan. An amount above the plausible bound
/// (`domain::plausible::PLAUSIBLE_MAX_FEN`) is saved only with `confirm`.
///
/// Errors: `InvalidInput` (not positive), `NeedsConfirmation`.
pub fn add_flow(
    session: &mut Session,
    case_id: &str,
    on: NaiveDate,
    amount: Money,
    scheduled: bool,
    note: Option<String>,
    confirm: bool,
) -> Result<LoanFlow> {
    super::case::check_id(case_id)?;
    if amount.fen() <= 0 {
        return Err(Error::InvalidInput(
            "a payment is a positive amount in 元, like 1000.00 (the loan itself comes from the case's received amount and loan date)".into(),
        ));
    }
    check_flow_amount(amount, confirm)?;
    let flow = LoanFlow {
        id: new_id('f', 6),
        on,
        amount_fen: amount.fen(),
        scheduled,
        note: clean(note),
    };
    session.append_record(case_id, RecordKind::CashFlow, &flow.id, &flow)?;
    Ok(flow)
}

/// Refuses a loan payment above the plausible bound unless confirmed.
pub(crate) fn check_flow_amount(amount: Money, confirm: bool) -> Result<()> {
    match crate::domain::plausible::check_amount("payment", amount) {
        Some(doubt) if !confirm => Err(Error::NeedsConfirmation(doubt.message())),
        _ => Ok(()),
    }
}

pub fn flows(session: &Session, case_id: &str) -> Result<Vec<LoanFlow>> {
    super::case::show(session, case_id)?;
    let mut f: Vec<LoanFlow> = session.records(case_id, RecordKind::CashFlow)?;
    f.sort_by_key(|x| x.on);
    Ok(f)
}
