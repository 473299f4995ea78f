//! The debt behind a case: its figures, its stages, the people involved, and the records a case
//! accumulates (stage changes, dated legal events, mediation checks, the agreement and payments).
//!
//! Every record is plain data with a serde form; that form is stored in the database, carried by
//! the record's chain event, and printed by `--json`. Records are never edited: a correction is
//! a new record (or, for the case's own figures, a chain event holding the old and new value).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rate::LenderType;

use super::named::named_enum;

named_enum! {
    /// Where a debt stands (DOMAIN.md §1). Stages may be skipped and may go back.
    pub Stage, "stage", "stage" {
        Overdue => "overdue", "逾期", "overdue";
        Collection => "collection", "催收", "collection";
        Mediation => "mediation", "调解", "mediation";
        Litigation => "litigation", "诉讼", "litigation";
        Judgment => "judgment", "判决", "judgment";
        Enforcement => "enforcement", "执行", "enforcement";
        Settled => "settled", "已结清", "settled";
        Agreement => "agreement", "履行协议", "performing an agreement";
    }
}

named_enum! {
    /// Who a party is to the case.
    pub PartyRole, "party role", "partyRole" {
        CollectionAgency => "collection_agency", "催收机构", "collection agency";
        MediationOrganisation => "mediation_organisation", "调解组织", "mediation organisation";
        Court => "court", "法院", "court";
        Judge => "judge", "法官", "judge";
        Mediator => "mediator", "调解员", "mediator";
        Lender => "lender", "出借人", "lender";
        Lawyer => "lawyer", "律师", "lawyer";
        Other => "other", "其他", "other";
    }
}

/// The amounts a creditor (or its agent) last claimed, and who claimed them when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Claimed {
    pub principal_fen: Option<i64>,
    pub interest_fen: Option<i64>,
    pub penalties_fen: Option<i64>,
    pub fees_fen: Option<i64>,
    pub by: Option<String>,
    pub on: Option<NaiveDate>,
}

impl Claimed {
    pub fn total_fen(&self) -> i64 {
        [
            self.principal_fen,
            self.interest_fen,
            self.penalties_fen,
            self.fees_fen,
        ]
        .iter()
        .flatten()
        .sum()
    }
}

/// The debt's terms as agreed and as last claimed. Kept as one JSON document per case so the
/// model can grow without a migration per field; every change is a chain event with the old
/// and new value of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct DebtDetails {
    pub lender_type: Option<LenderType>,
    pub contract_number: Option<String>,
    pub loan_date: Option<NaiveDate>,
    /// What actually reached the borrower (到手金额); less than the principal means interest
    /// was deducted up front.
    pub received_fen: Option<i64>,
    pub term_months: Option<u32>,
    /// The repayment schedule as agreed, in the user's words (e.g. "12 期，每月 15 日还 1,000 元").
    pub schedule: Option<String>,
    /// The annual rate the contract states, in percent as written (e.g. "23.99").
    pub stated_annual_rate: Option<String>,
    /// Fees the contract states (service fee, guarantee fee, membership …), in the user's words.
    pub stated_fees: Option<String>,
    pub claimed: Claimed,
    /// 小额诉讼: a small-claims case is final at first instance (no appeal).
    pub small_claims: bool,
}

/// A party involved in the case: a collection agency, the mediation organisation, the court …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Party {
    pub id: String,
    pub role: PartyRole,
    pub name: String,
    #[serde(default)]
    pub phones: Vec<String>,
    /// The court's case number (案号) or the mediation notice number.
    pub case_number: Option<String>,
    pub note: Option<String>,
}

/// A move to another stage on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageChange {
    pub id: String,
    pub stage: Stage,
    pub on: NaiveDate,
    pub note: Option<String>,
    #[serde(default)]
    pub evidence_ids: Vec<String>,
}

named_enum! {
    /// A check a user can make on a "mediation centre" (DOMAIN.md §4).
    pub MediationCheckKind, "mediation check", "mediationCheck" {
        Hotline12368 => "hotline_12368", "拨打 12368 核实", "called the 12368 court hotline";
        CourtPlatformListing => "court_platform_listing", "人民法院调解平台查询", "looked up on the court mediation platform";
        LenderCallback => "lender_callback", "回拨出借人官方电话", "called the lender's official line";
        /// 国家企业信用信息公示系统: a "调解中心" registered as a 有限公司 is a red flag.
        EnterpriseRegistry => "enterprise_registry", "国家企业信用信息公示系统查询登记", "looked up in the national enterprise credit information system";
        /// 全国社会组织信用信息公示平台: financial mediation bodies are non-profit social
        /// organisations (金发〔2025〕14号).
        SocialOrganisationRegistry => "social_organisation_registry", "全国社会组织信用信息公示平台查询登记", "looked up on the national social organisation credit information platform";
        Other => "other", "其他核实", "other check";
    }
}

named_enum! {
    pub MediationCheckResult, "check result", "mediationCheckResult" {
        Confirmed => "confirmed", "已核实", "confirmed";
        NotFound => "not_found", "查无此机构", "no such organisation";
        Suspicious => "suspicious", "可疑", "suspicious";
        Pending => "pending", "待核实", "not yet checked";
    }
}

named_enum! {
    /// Red flags of a fake mediation (DOMAIN.md §4 and its corrections): real mediation never
    /// asks for these or acts like this.
    pub MediationRedFlag, "red flag", "mediationRedFlag" {
        Deposit => "deposit", "要求交保证金", "asked for a deposit";
        QrPayment => "qr_payment", "要求扫码付款", "asked for payment by QR code";
        PersonalTransfer => "personal_transfer", "要求转账到个人账户", "asked for a transfer to a personal account";
        /// Financial dispute mediation bodies are non-profit social organisations (金发〔2025〕14号).
        RegisteredAsCompany => "registered_as_company", "登记为有限公司（金融纠纷调解组织应是非营利的社会组织）", "registered as a limited company (financial mediation bodies are non-profit social organisations)";
        NoInvitingCourt => "no_inviting_court", "说不出是哪家法院邀请或委派的调解", "would not name the court that invited or delegated the mediation";
        NoCaseNumber => "no_case_number", "没有案号或调解编号", "no case or mediation number";
        PersonalMobile => "personal_mobile", "用个人手机号联系", "called from a personal mobile number";
        PaymentToCompany => "payment_to_company", "要求付款给“某某科技公司”等第三方公司", "asked for payment to a third company (a “technology company”)";
        HoursDeadline => "hours_deadline", "限几个小时内处理", "set a deadline of a few hours";
        CaseFees => "case_fees", "要求交“撤诉费”“结案费”", "asked for a “withdrawal fee” or “case-closing fee”";
        /// An acknowledgement restarts the limitation period (民法典 第195条).
        FullAdmissionPressure => "full_admission_pressure", "逼你书面承认全部欠款（承认会使诉讼时效重新计算）", "pressed you to admit the full amount in writing (an acknowledgement restarts the limitation period)";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediationCheck {
    pub id: String,
    pub organisation: String,
    pub notice_number: Option<String>,
    pub check: MediationCheckKind,
    pub on: NaiveDate,
    pub result: MediationCheckResult,
    #[serde(default)]
    pub red_flags: Vec<MediationRedFlag>,
    pub note: Option<String>,
}

/// A signed agreement (mediation, settlement) and its instalments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agreement {
    pub id: String,
    pub signed_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub total_fen: i64,
    pub installments: Vec<Installment>,
    pub terms: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Installment {
    pub due: NaiveDate,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Payment {
    pub id: String,
    pub agreement_id: String,
    pub paid_on: NaiveDate,
    pub amount_fen: i64,
    pub note: Option<String>,
    pub evidence_id: Option<String>,
}

/// Where an agreement stands: paid so far, and the next amount due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementStatus {
    pub paid_fen: i64,
    pub remaining_fen: i64,
    /// The first instalment not yet covered by the payments made (applied oldest first).
    pub next_due: Option<NaiveDate>,
    pub next_due_fen: Option<i64>,
    pub overdue_installments: usize,
}

impl Agreement {
    /// Applies payments to instalments oldest first.
    pub fn status(&self, payments: &[Payment], today: NaiveDate) -> AgreementStatus {
        let paid: i64 = payments
            .iter()
            .filter(|p| p.agreement_id == self.id)
            .map(|p| p.amount_fen)
            .sum();
        let mut covered = paid;
        let mut next_due = None;
        let mut overdue = 0;
        for inst in &self.installments {
            if covered >= inst.amount_fen {
                covered -= inst.amount_fen;
                continue;
            }
            let owed = inst.amount_fen - covered;
            covered = 0;
            if next_due.is_none() {
                next_due = Some((inst.due, owed));
            }
            if inst.due < today {
                overdue += 1;
            }
        }
        AgreementStatus {
            paid_fen: paid,
            remaining_fen: (self.total_fen - paid).max(0),
            next_due: next_due.map(|(d, _)| d),
            next_due_fen: next_due.map(|(_, a)| a),
            overdue_installments: overdue,
        }
    }
}

named_enum! {
    /// What the mediation view warns about. Real mediation never asks for money up front.
    pub MediationWarning, "mediation warning", "mediationWarning" {
        /// A check found red flags, or the organisation was not found or looked suspicious.
        Suspicious => "suspicious", "这个“调解”有疑点：正规调解不收保证金、撤诉费或结案费，不让扫码付款、不让转账到个人或某某公司，会说明由哪家法院邀请并给出案号，不会限你几小时内处理。请勿付款，也不要书面承认全部欠款；先拨打 12368 或向邀请调解的法院核实，并在全国社会组织信用信息公示平台、国家企业信用信息公示系统查它的登记，可疑时拨打 110 / 96110。", "This “mediation” looks wrong: real mediation never asks for a deposit, a withdrawal or closing fee, a QR-code payment or a transfer to a person or a company; it names the court that invited it, gives a case number and does not set deadlines of hours. Do not pay and do not admit the full amount in writing; check with 12368 or the court that invited the organisation, look up its registration (national social organisation platform, national enterprise credit system), and call 110 / 96110 if in doubt.";
    }
}

named_enum! {
    /// An entry of the mediation materials checklist (DOMAIN.md §6); its label names it.
    pub ChecklistItemCode, "checklist item", "checklistItem" {
        IdCard => "id_card", "身份证", "Identity card";
        LoanContract => "loan_contract", "借款合同或平台截图", "Loan contract or platform screenshots";
        Disbursement => "disbursement", "放款凭证（实际到手金额）", "Proof of disbursement (amount actually received)";
        RepaymentHistory => "repayment_history", "还款记录", "Repayment history";
        CollectionEvidence => "collection_evidence", "催收记录（录音、短信、聊天）", "Collection records (recordings, SMS, chats)";
        HardshipProof => "hardship_proof", "困难或收入证明（工资流水、失业、病历）", "Proof of hardship or income (pay slips, unemployment, medical)";
        OtherDebts => "other_debts", "其他债务清单", "List of other debts";
        Notices => "notices", "调解通知、法院文书", "Mediation notices, court documents";
    }
}

named_enum! {
    /// Why the mediator needs a checklist item, with the rule where there is one; the same
    /// codes as [`ChecklistItemCode`].
    pub ChecklistReason, "checklist reason", "checklistReason" {
        IdCard => "id_card", "在线调解需核验身份（人民法院在线调解规则 第8条）", "Online mediation verifies who you are (Online Mediation Rules of the People's Courts, art. 8)";
        LoanContract => "loan_contract", "证明借款金额、利率和费用的约定", "Shows the agreed amount, interest rate and fees";
        Disbursement => "disbursement", "预先扣除的利息不计入本金（民间借贷规定 第26条）", "Interest deducted in advance does not count as principal (private-lending rules, art. 26)";
        RepaymentHistory => "repayment_history", "核对已还金额，避免重复计算", "Checks what has been repaid, so nothing is counted twice";
        CollectionEvidence => "collection_evidence", "违规催收的证据，可作为协商筹码和投诉依据", "Evidence of improper collection, useful in negotiation and for complaints";
        HardshipProof => "hardship_proof", "说明还款能力，支持分期或减免的请求", "Shows what you can pay, supporting a request for instalments or a reduction";
        OtherDebts => "other_debts", "让调解员了解整体负担", "Lets the mediator see your whole burden";
        Notices => "notices", "核对调解机构和案号，确认期限", "Confirms the mediation body and case number, and the deadlines";
    }
}

impl ChecklistItemCode {
    /// Why the mediator needs the item.
    pub fn reason(self) -> ChecklistReason {
        match self {
            ChecklistItemCode::IdCard => ChecklistReason::IdCard,
            ChecklistItemCode::LoanContract => ChecklistReason::LoanContract,
            ChecklistItemCode::Disbursement => ChecklistReason::Disbursement,
            ChecklistItemCode::RepaymentHistory => ChecklistReason::RepaymentHistory,
            ChecklistItemCode::CollectionEvidence => ChecklistReason::CollectionEvidence,
            ChecklistItemCode::HardshipProof => ChecklistReason::HardshipProof,
            ChecklistItemCode::OtherDebts => ChecklistReason::OtherDebts,
            ChecklistItemCode::Notices => ChecklistReason::Notices,
        }
    }
}

/// One entry of the mediation materials checklist and the evidence kinds that can tick it; its
/// name is the label of `code`, why it is needed the label of `code.reason()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistItem {
    pub code: ChecklistItemCode,
    pub kinds: &'static [super::EvidenceKind],
}

pub const MEDIATION_CHECKLIST: &[ChecklistItem] = {
    use super::EvidenceKind as K;
    use ChecklistItemCode as C;
    &[
        ChecklistItem {
            code: C::IdCard,
            kinds: &[K::Id],
        },
        ChecklistItem {
            code: C::LoanContract,
            kinds: &[K::Contract, K::Screenshot],
        },
        ChecklistItem {
            code: C::Disbursement,
            kinds: &[K::Repayment, K::Screenshot, K::Other],
        },
        ChecklistItem {
            code: C::RepaymentHistory,
            kinds: &[K::Repayment, K::Screenshot],
        },
        ChecklistItem {
            code: C::CollectionEvidence,
            kinds: &[K::Recording, K::Sms, K::Chat, K::Screenshot],
        },
        ChecklistItem {
            code: C::HardshipProof,
            kinds: &[K::Income, K::Other],
        },
        ChecklistItem {
            code: C::OtherDebts,
            kinds: &[K::Other, K::Screenshot, K::Contract],
        },
        ChecklistItem {
            code: C::Notices,
            kinds: &[K::Notice],
        },
    ]
};

/// The evidence kinds that tick `code` by themselves, without a link by hand: narrower than
/// the item's `kinds`, because a screenshot or an "other" file can show anything (a loan app's
/// page, a chat, a bill) and would tick items it does not prove. Those are linked by hand.
pub fn auto_kinds(code: ChecklistItemCode) -> &'static [super::EvidenceKind] {
    use super::EvidenceKind as K;
    use ChecklistItemCode as C;
    match code {
        C::IdCard => &[K::Id],
        C::LoanContract => &[K::Contract],
        C::RepaymentHistory => &[K::Repayment],
        C::CollectionEvidence => &[K::Recording, K::Sms, K::Chat],
        C::HardshipProof => &[K::Income],
        C::Notices => &[K::Notice],
        C::Disbursement | C::OtherDebts => &[],
    }
}

/// The checklist entry of `code`.
pub fn checklist_item(code: ChecklistItemCode) -> &'static ChecklistItem {
    MEDIATION_CHECKLIST
        .iter()
        .find(|i| i.code == code)
        .expect("every checklist item code has an entry")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn serde_names_are_the_cli_names() {
        for k in MediationCheckKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for s in Stage::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(
            serde_json::to_value(PartyRole::CollectionAgency).unwrap(),
            "collection_agency"
        );
    }

    #[test]
    fn stage_names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>().unwrap(), s);
        }
        let err = "court".parse::<Stage>().unwrap_err();
        assert!(err.contains("litigation"), "{err}");
    }

    #[test]
    fn payments_apply_to_instalments_oldest_first() {
        let a = Agreement {
            id: "a".into(),
            signed_on: d("2026-01-01"),
            effective_on: d("2026-01-01"),
            total_fen: 30_000,
            installments: vec![
                Installment {
                    due: d("2026-02-01"),
                    amount_fen: 10_000,
                },
                Installment {
                    due: d("2026-03-01"),
                    amount_fen: 10_000,
                },
                Installment {
                    due: d("2026-04-01"),
                    amount_fen: 10_000,
                },
            ],
            terms: None,
        };
        let pay = |amount| Payment {
            id: "p".into(),
            agreement_id: "a".into(),
            paid_on: d("2026-02-01"),
            amount_fen: amount,
            note: None,
            evidence_id: None,
        };
        let s = a.status(&[pay(10_000), pay(2_500)], d("2026-03-05"));
        assert_eq!(s.paid_fen, 12_500);
        assert_eq!(s.remaining_fen, 17_500);
        assert_eq!(s.next_due, Some(d("2026-03-01")));
        assert_eq!(s.next_due_fen, Some(7_500));
        assert_eq!(s.overdue_installments, 1);
        let done = a.status(&[pay(30_000)], d("2026-05-01"));
        assert_eq!((done.next_due, done.remaining_fen), (None, 0));
    }

    #[test]
    fn claimed_total_adds_what_is_known() {
        let c = Claimed {
            principal_fen: Some(100),
            interest_fen: Some(20),
            penalties_fen: None,
            fees_fen: Some(3),
            ..Default::default()
        };
        assert_eq!(c.total_fen(), 123);
    }

    #[test]
    fn every_checklist_item_can_be_ticked() {
        for item in MEDIATION_CHECKLIST {
            assert!(!item.kinds.is_empty(), "{}", item.code);
            // What ticks an item by itself could also be linked to it by hand.
            for k in auto_kinds(item.code) {
                assert!(item.kinds.contains(k), "{} {k:?}", item.code);
            }
            assert_eq!(checklist_item(item.code).code, item.code);
        }
        for code in ChecklistItemCode::ALL {
            assert_eq!(checklist_item(code).code, code);
        }
    }
}
