//! Named enums: the one way the core declares a closed set of values that users see.
//!
//! Each variant has a stable code (its serde form, stored in the vault, printed by `--json`,
//! carried over IPC), a zh-CN label and an English label. The CLI, the PDF and the app's locale
//! files all take their words from here: `casefile-app`'s `labels` test writes every enum's
//! labels into `ui/src/locales/*/enums.json` and fails when they drift.

use serde::{Deserialize, Serialize};

/// The language of what the user reads: Chinese first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the text written for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The BCP 47 tag of the language (`zh-CN`, `en`), as the UI's locale folders are named.
    pub fn tag(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    /// Accepts `zh`, `zh-CN`, `zh_CN` and `en` (ASCII case ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "zh" | "zh-cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language “{s}”; use zh or en")),
        }
    }
}

/// What every named enum offers, for code that handles them generically (the UI's generated
/// label files, the English-export test).
pub trait Named: Copy + 'static {
    /// What the set is called, in English, as used in error messages (`"evidence kind"`).
    const WHAT: &'static str;
    /// The key of the set in the UI's `enums` namespace (`"evidenceKind"`).
    const KEY: &'static str;
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// The stable code (the serde form).
    fn code(self) -> &'static str;
    /// The label in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}

/// Declares a named enum: `Name, "what", "uiKey" { Variant => "code", "中文", "English"; … }`.
///
/// Gives the enum `ALL`, `as_str` (the code), `label_zh`, `label_en`, `label(lang)`, `Display`
/// (the code), `FromStr` (the code, trimmed, ASCII case and `-`/`_` ignored; the error lists
/// the accepted codes) and [`Named`]. The serde form of each variant is its code.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis $name:ident, $what:literal, $key:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $s:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $s)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($s),+].len()] = [$($name::$variant),+];

            /// The stable code, the same as the serde form.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $s, )+ }
            }

            /// The name shown to a Chinese-speaking user.
            pub fn label_zh(self) -> &'static str {
                match self { $( $name::$variant => $zh, )+ }
            }

            /// The name shown to an English-speaking user.
            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en, )+ }
            }

            /// The name shown in `lang`.
            pub fn label(self, lang: $crate::domain::Lang) -> &'static str {
                lang.pick(self.label_zh(), self.label_en())
            }
        }

        impl $crate::domain::Named for $name {
            const WHAT: &'static str = $what;
            const KEY: &'static str = $key;
            fn all() -> &'static [Self] {
                &$name::ALL
            }
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn label(self, lang: $crate::domain::Lang) -> &'static str {
                $name::label(self, lang)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::domain::named::parse_code(s)
            }
        }
    };
}
pub(crate) use named_enum;

/// Finds the value whose code is `s` (trimmed, ASCII case ignored, `-` read as `_`).
///
/// # Errors
/// A message naming the set and listing every accepted code.
pub fn parse_code<T: Named>(s: &str) -> Result<T, String> {
    let wanted = s.trim().replace('-', "_");
    T::all()
        .iter()
        .copied()
        .find(|v| v.code().eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| {
            let names: Vec<&str> = T::all().iter().map(|v| v.code()).collect();
            format!("unknown {} “{s}”; use one of {}", T::WHAT, names.join(", "))
        })
}

/// Every named enum's codes and labels in `lang`, as `{ KEY: { code: label } }` — the content
/// of the UI's generated `enums.json` for that language.
pub fn catalogue(lang: Lang) -> serde_json::Value {
    use super::*;
    fn add<T: Named>(out: &mut serde_json::Map<String, serde_json::Value>, lang: Lang) {
        let set: serde_json::Map<String, serde_json::Value> = T::all()
            .iter()
            .map(|v| (v.code().to_owned(), v.label(lang).into()))
            .collect();
        out.insert(T::KEY.to_owned(), set.into());
    }
    let mut out = serde_json::Map::new();
    add::<EvidenceKind>(&mut out, lang);
    add::<media::ExifTimeKind>(&mut out, lang);
    add::<debt::Stage>(&mut out, lang);
    add::<debt::PartyRole>(&mut out, lang);
    add::<debt::MediationCheckKind>(&mut out, lang);
    add::<debt::MediationCheckResult>(&mut out, lang);
    add::<debt::MediationRedFlag>(&mut out, lang);
    add::<debt::MediationWarning>(&mut out, lang);
    add::<debt::ChecklistItemCode>(&mut out, lang);
    add::<debt::ChecklistReason>(&mut out, lang);
    add::<contact::Channel>(&mut out, lang);
    add::<contact::Direction>(&mut out, lang);
    add::<contact::ClaimedRole>(&mut out, lang);
    add::<contact::ThirdParty>(&mut out, lang);
    add::<contact::FlagCode>(&mut out, lang);
    add::<contact::BasisKind>(&mut out, lang);
    add::<contact::Source>(&mut out, lang);
    add::<contact::ComplaintLine>(&mut out, lang);
    add::<contact::ComplaintScope>(&mut out, lang);
    add::<contact::ComplaintRecipient>(&mut out, lang);
    add::<deadline::LegalEventKind>(&mut out, lang);
    add::<deadline::DeadlineKind>(&mut out, lang);
    add::<deadline::DeadlineNote>(&mut out, lang);
    add::<rate::LenderType>(&mut out, lang);
    add::<rate::LineStatus>(&mut out, lang);
    add::<rate::LineCode>(&mut out, lang);
    add::<plan::Waiver>(&mut out, lang);
    add::<plan::Affordability>(&mut out, lang);
    add::<crate::chain::EventKind>(&mut out, lang);
    add::<crate::api::rate::RateFigure>(&mut out, lang);
    add::<stage::StageBasis>(&mut out, lang);
    add::<crate::timestamp::TsaProblem>(&mut out, lang);
    add::<crate::capture::Format>(&mut out, lang);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    named_enum! {
        /// A test set.
        Colour, "colour", "colour" {
            Red => "red", "红", "red";
            DarkBlue => "dark_blue", "深蓝", "dark blue";
        }
    }

    #[test]
    fn codes_labels_and_parsing() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
        assert_eq!(Colour::DarkBlue.label(Lang::Zh), "深蓝");
        assert_eq!(Colour::DarkBlue.label(Lang::En), "dark blue");
        assert_eq!(" Dark-Blue ".parse::<Colour>(), Ok(Colour::DarkBlue));
        let err = "green".parse::<Colour>().unwrap_err();
        assert!(
            err.contains("colour") && err.contains("red, dark_blue"),
            "{err}"
        );
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark_blue\""
        );
    }

    #[test]
    fn catalogue_has_every_set_in_both_languages_with_the_same_codes() {
        let zh = catalogue(Lang::Zh);
        let en = catalogue(Lang::En);
        let zh = zh.as_object().unwrap();
        let en = en.as_object().unwrap();
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        for (key, set) in zh {
            let codes =
                |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            assert_eq!(codes(set), codes(&en[key]), "{key}");
            for label in en[key].as_object().unwrap().values() {
                let label = label.as_str().unwrap();
                assert!(
                    !label
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "English label of {key} has Han characters: {label}"
                );
            }
        }
    }

    #[test]
    fn languages_parse() {
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
