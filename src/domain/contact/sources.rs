//! The rules a collection flag can cite ([`Source`]), what kind of rule each is ([`BasisKind`]),
//! and the dates from which each applies. Every source here is in the domain notes
//! (`shared/DOMAIN.md` §3 and its corrections); a source's labels are its one citation, in
//! Chinese and English, on screen, in the PDFs and in the complaint text.
//!
//! Date boundaries (each tested on both sides):
//! - GB/T 45251—2025 is in force from 2025-02-28; the NIFA guide (2024-05, a stop-gap) is cited
//!   only for events before that day, and only from 2024-06-01 (the month of publication is
//!   known, its day was not confirmed: events in May 2024 are not flagged under it).
//! - The banking association's guide was published 2026-01-30: unanswered attempts are counted
//!   against it from that day.
//! - 治安管理处罚法 as revised 2025-06-27 is in force from 2026-01-01: 第50条 from that day,
//!   第42条 of the earlier text before it.

use chrono::NaiveDate;

use crate::domain::named::named_enum;

named_enum! {
    /// What kind of source a rule rests on. The app must always say which.
    pub BasisKind, "basis kind", "basisKind" {
        /// A statute, judicial interpretation or SPC rule: binding.
        Law => "law", "法律", "law";
        /// An administrative regulation or a regulator's rule: binding on those it governs.
        Regulation => "regulation", "行政法规或监管规定", "regulation";
        /// A recommended national standard (GB/T): not binding law.
        NationalStandard => "national_standard", "推荐性国家标准", "national standard (recommended)";
        /// Industry self-regulation (an association's guide or convention): not binding law.
        IndustryStandard => "industry_standard", "行业自律规范", "industry standard (self-regulation)";
    }
}

named_enum! {
    /// A rule cited by a collection flag or by the complaint and police-report materials. Its
    /// labels are the citation; [`Source::kind`] says what kind of rule it is.
    pub Source, "source", "source" {
        /// 治安管理处罚法 (revised 2025-06-27) 第50条第1款: threats, insults, harassing messages,
        /// spreading privacy. In force 2026-01-01.
        PublicSecurity50 => "public_security_50", "《治安管理处罚法》第50条第1款（2026年1月1日起施行）", "Public Security Administration Punishments Law art. 50(1) (in force from 2026-01-01)";
        /// 第50条第2款: the police may order the offender not to contact the victim.
        PublicSecurity50No2 => "public_security_50_2", "《治安管理处罚法》第50条第2款（禁止接触）", "Public Security Administration Punishments Law art. 50(2) (order not to contact)";
        /// 第42条 of the text in force before 2026-01-01.
        PublicSecurity42 => "public_security_42", "《治安管理处罚法》第42条（2026年1月1日前施行的文本）", "Public Security Administration Punishments Law art. 42 (text in force before 2026-01-01)";
        Criminal279 => "criminal_279", "《刑法》第279条（冒充国家机关工作人员招摇撞骗）", "Criminal Law art. 279 (impersonating a state official)";
        /// Only where the debt itself is illegal (高利放贷等产生的非法债务).
        Criminal293a => "criminal_293_1", "《刑法》第293条之一（催收高利放贷等产生的非法债务）", "Criminal Law art. 293-1 (collecting illegal debts such as usury)";
        CivilProcedure90 => "civil_procedure_90", "《民事诉讼法》第90条（电子送达须经受送达人同意）", "Civil Procedure Law art. 90 (electronic service needs the recipient's consent)";
        PersonalInfo10 => "personal_info_10", "《个人信息保护法》第10条", "Personal Information Protection Law art. 10";
        CivilCode1033 => "civil_code_1033", "《民法典》第1033条（不得以电话、短信等方式侵扰私人生活安宁）", "Civil Code art. 1033 (no disturbing private life by phone, SMS or messages)";
        CreditRegulation16 => "credit_regulation_16", "《征信业管理条例》第16条（不良信息自不良行为终止之日起保存5年）", "Regulation on the Administration of the Credit Investigation Industry art. 16 (negative records kept 5 years)";
        /// In force 2025-02-28.
        Gbt45251 => "gbt_45251", "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》（2025年2月28日起实施）", "GB/T 45251-2025, Internet finance: post-loan collection risk-control guideline for personal online consumer credit (in force from 2025-02-28)";
        /// Cite only for events before 2025-02-28.
        Nifa2024 => "nifa_2024", "中国互联网金融协会《互联网金融贷后催收业务指引》（2024年5月，据公开报道；2025年2月28日起由 GB/T 45251 取代）", "NIFA Post-loan Collection Guideline for Internet Finance (2024-05, from press reports; superseded by GB/T 45251 from 2025-02-28)";
        /// Published 2026-01-30.
        Cba2026 => "cba_2026", "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年1月30日发布，据公开报道）", "China Banking Association guideline on collecting personal consumer loans (trial; published 2026-01-30, from press reports)";
        /// The article numbers could not be confirmed: cited without one.
        Pact2018 => "pact_2018", "《互联网金融逾期债务催收自律公约》（2018，据公开报道）", "Self-regulatory Convention on Collecting Overdue Internet Finance Debts (2018, from press reports)";
    }
}

impl Source {
    /// What kind of rule the source is.
    pub fn kind(self) -> BasisKind {
        match self {
            Source::PublicSecurity50
            | Source::PublicSecurity50No2
            | Source::PublicSecurity42
            | Source::Criminal279
            | Source::Criminal293a
            | Source::CivilProcedure90
            | Source::PersonalInfo10
            | Source::CivilCode1033 => BasisKind::Law,
            Source::CreditRegulation16 => BasisKind::Regulation,
            Source::Gbt45251 => BasisKind::NationalStandard,
            Source::Nifa2024 | Source::Cba2026 | Source::Pact2018 => BasisKind::IndustryStandard,
        }
    }

    /// The citation with its kind, as printed: `《…》第50条第1款〔法律〕`.
    pub fn cite(self, lang: crate::domain::Lang) -> String {
        match lang {
            crate::domain::Lang::Zh => format!("{}〔{}〕", self.label_zh(), self.kind().label_zh()),
            crate::domain::Lang::En => format!("{} [{}]", self.label_en(), self.kind().label_en()),
        }
    }

    /// The sources joined as printed, each with its kind.
    pub fn cite_all(sources: &[Source], lang: crate::domain::Lang) -> String {
        let sep = lang.pick("；", "; ");
        sources
            .iter()
            .map(|s| s.cite(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The public-order article on threats and harassment for an event on `on`: 第50条第1款
    /// from 2026-01-01, 第42条 before.
    pub fn public_security_on(on: NaiveDate) -> Source {
        if on >= public_security_2026() {
            Source::PublicSecurity50
        } else {
            Source::PublicSecurity42
        }
    }

    /// The collection standard on quiet hours and connected calls for an event on `on`:
    /// GB/T 45251 from 2025-02-28, the NIFA guide from 2024-06-01 until then, none before.
    pub fn collection_standard_on(on: NaiveDate) -> Option<Source> {
        if on >= gbt_45251_in_force() {
            Some(Source::Gbt45251)
        } else if on >= nifa_2024_cited_from() {
            Some(Source::Nifa2024)
        } else {
            None
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// GB/T 45251—2025 takes effect.
pub fn gbt_45251_in_force() -> NaiveDate {
    date(2025, 2, 28)
}

/// The first day the NIFA 2024 guide is cited for (published 2024-05, day not confirmed).
pub fn nifa_2024_cited_from() -> NaiveDate {
    date(2024, 6, 1)
}

/// The banking association's collection guide is published.
pub fn cba_2026_published() -> NaiveDate {
    date(2026, 1, 30)
}

/// The revised 治安管理处罚法 takes effect.
pub fn public_security_2026() -> NaiveDate {
    date(2026, 1, 1)
}
