//! The user's own details for the documents and complaints (申请人 / 投诉人): name, ID number,
//! phone and address, entered once and reused.
//!
//! These are personal data: they live only in the encrypted vault (never the chain, so an
//! exported pack does not carry them) and are never logged — `Debug` shows whether each is set,
//! not what it is.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Longest name, phone and address kept (characters); anything longer is a paste gone wrong.
const MAX_NAME: usize = 50;
const MAX_PHONE: usize = 30;
const MAX_ADDRESS: usize = 200;

/// The user's details. Every field is optional: a document leaves a line to write on for what
/// is not filled in.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    /// 姓名, as on the ID card.
    pub name: Option<String>,
    /// 居民身份证号码: 18 characters, the last a check digit (0–9 or X), per GB 11643-1999.
    pub id_number: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
    /// 联系地址.
    pub address: Option<String>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |v: &Option<String>| if v.is_some() { "<set>" } else { "<none>" };
        f.debug_struct("Profile")
            .field("name", &set(&self.name))
            .field("id_number", &set(&self.id_number))
            .field("phone", &set(&self.phone))
            .field("address", &set(&self.address))
            .finish()
    }
}

impl Profile {
    /// The profile as it is stored: fields trimmed (an empty one is `None`), full-width digits
    /// and a lower-case `x` in the ID number normalised, each field checked.
    ///
    /// Errors: `InvalidInput` naming the field and what to fix (the value itself is not
    /// repeated in the message, so it cannot end up in a log).
    pub fn checked(self) -> Result<Profile> {
        let name = text(self.name, MAX_NAME, "the name")?;
        let phone = text(self.phone, MAX_PHONE, "the phone number")?;
        if let Some(p) = &phone
            && !p
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
        {
            return Err(Error::InvalidInput(
                "the phone number may hold only digits, spaces, + - and brackets".into(),
            ));
        }
        let address = text(self.address, MAX_ADDRESS, "the address")?;
        let id_number = match text(self.id_number, 40, "the ID number")? {
            None => None,
            Some(raw) => Some(id_number(&raw)?),
        };
        Ok(Profile {
            name,
            id_number,
            phone,
            address,
        })
    }

    /// True when nothing is filled in.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.id_number.is_none()
            && self.phone.is_none()
            && self.address.is_none()
    }
}

fn text(value: Option<String>, max: usize, what: &str) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(Error::InvalidInput(format!(
            "{what} is longer than {max} characters; shorten it"
        )));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!(
            "{what} must be one line without control characters"
        )));
    }
    Ok(Some(v.to_string()))
}

/// Checks an 18-character resident ID number (GB 11643-1999): 17 digits and a check character
/// computed with ISO 7064 MOD 11-2. Full-width digits and `ｘ`/`x` are accepted and normalised.
fn id_number(raw: &str) -> Result<String> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'x' | 'ｘ' | 'Ｘ' => 'X',
            c => c,
        })
        .collect();
    let chars: Vec<char> = s.chars().collect();
    let well_formed = chars.len() == 18
        && chars[..17].iter().all(char::is_ascii_digit)
        && (chars[17].is_ascii_digit() || chars[17] == 'X');
    if !well_formed {
        return Err(Error::InvalidInput(
            "the ID number has 18 characters: 17 digits and a last digit or X; check it against the card".into(),
        ));
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = chars[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    if CHECK[(sum % 11) as usize] != chars[17] {
        return Err(Error::InvalidInput(
            "the ID number's last character does not match the others (a digit was probably mistyped); check it against the card".into(),
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A number made up for the test, with a correct check character (GB 11643-1999 example).
    const VALID: &str = "11010519491231002X";

    fn with_id(id: &str) -> Profile {
        Profile {
            id_number: Some(id.into()),
            ..Profile::default()
        }
    }

    #[test]
    fn accepts_a_valid_number_and_normalises_it() {
        assert_eq!(
            with_id(" 11010519491231002x ")
                .checked()
                .unwrap()
                .id_number
                .as_deref(),
            Some(VALID)
        );
        assert_eq!(
            with_id("１１０１０５１９４９１２３１００２Ｘ")
                .checked()
                .unwrap()
                .id_number
                .as_deref(),
            Some(VALID)
        );
    }

    #[test]
    fn refuses_a_mistyped_number_without_repeating_it() {
        for bad in [
            "110105194912310021",
            "1101051949123100",
            "11010519491231002Y",
        ] {
            let e = with_id(bad).checked().unwrap_err();
            assert!(matches!(e, Error::InvalidInput(_)), "{bad}");
            assert!(!e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn empty_fields_are_none_and_long_ones_refused() {
        let p = Profile {
            name: Some("  ".into()),
            phone: Some("138 0000 0000".into()),
            ..Profile::default()
        }
        .checked()
        .unwrap();
        assert_eq!(p.name, None);
        assert_eq!(p.phone.as_deref(), Some("138 0000 0000"));
        assert!(
            Profile {
                name: Some("名".repeat(51)),
                ..Profile::default()
            }
            .checked()
            .is_err()
        );
        assert!(
            Profile {
                phone: Some("call me".into()),
                ..Profile::default()
            }
            .checked()
            .is_err()
        );
    }

    #[test]
    fn debug_never_shows_the_values() {
        let p = Profile {
            name: Some("李四".into()),
            id_number: Some(VALID.into()),
            phone: None,
            address: None,
        };
        let shown = format!("{p:?}");
        assert!(!shown.contains(VALID) && !shown.contains("李四"), "{shown}");
        assert!(shown.contains("<set>") && shown.contains("<none>"));
    }
}
