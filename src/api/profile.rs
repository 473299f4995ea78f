//! The user's profile (name, ID number, phone, address) for the documents and complaints,
//! entered once in 设置 and reused.
//!
//! Stored in the vault's `settings` table (inside the encrypted database), not on the chain:
//! it is personal data that no export pack should carry, and it is not evidence. Saving it
//! replaces the previous profile. Never logged (see `domain::profile`).

use super::Session;
use crate::domain::profile::Profile;
use crate::{Error, Result, db};

const SETTING_PROFILE: &str = "profile";

/// The saved profile; an empty one when none was saved.
///
/// Errors: `RecordDamaged` when the stored profile cannot be read (its content is not shown).
pub fn get(session: &Session) -> Result<Profile> {
    match db::setting(session.conn(), SETTING_PROFILE)? {
        None => Ok(Profile::default()),
        Some(text) => serde_json::from_str(&text).map_err(|_| Error::RecordDamaged {
            id: SETTING_PROFILE.into(),
            reason: "the saved profile cannot be read; enter it again in the settings".into(),
        }),
    }
}

/// Checks and saves `profile` (see [`Profile::checked`]); returns it as stored.
///
/// Errors: `InvalidInput` naming the field to fix; nothing is saved then.
pub fn set(session: &mut Session, profile: Profile) -> Result<Profile> {
    let profile = profile.checked()?;
    let text = serde_json::to_string(&profile).expect("a profile serialises");
    session.change("saving the profile", |c| {
        db::set_setting(c.tx(), SETTING_PROFILE, &text)
    })?;
    Ok(profile)
}
