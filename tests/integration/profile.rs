//! The user's profile (issue 13): entered once, kept in the encrypted vault across sessions,
//! checked before it is saved, and never on the chain (an exported pack carries the chain).

use casefile::api::{Session, log, profile};
use casefile::domain::SystemClock;
use casefile::domain::profile::Profile;
use casefile::{Error, ErrorCode};
use secrecy::SecretString;

use crate::util::{Dir, PASSPHRASE, walk};

const ID: &str = "11010519491231002X";

fn open(d: &Dir) -> Session {
    Session::open(
        &d.vault,
        &SecretString::from(PASSPHRASE),
        Box::new(SystemClock),
    )
    .unwrap()
}

#[test]
fn the_profile_is_kept_encrypted_and_off_the_chain() {
    let (d, _) = Dir::with_vault();
    let mut s = open(&d);
    assert!(profile::get(&s).unwrap().is_empty());
    let events_before = log::entries(&s, None).unwrap().len();

    let saved = profile::set(
        &mut s,
        Profile {
            name: Some(" 李四 ".into()),
            id_number: Some("11010519491231002x".into()),
            phone: Some("13800000000".into()),
            address: None,
        },
    )
    .unwrap();
    assert_eq!(saved.name.as_deref(), Some("李四"));
    assert_eq!(saved.id_number.as_deref(), Some(ID));

    // A mistyped ID number is refused and the saved profile stays as it was.
    let e = profile::set(
        &mut s,
        Profile {
            id_number: Some("110105194912310021".into()),
            ..saved.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(matches!(e, Error::InvalidInput(_)));
    assert_eq!(profile::get(&s).unwrap(), saved);

    // Nothing went on the chain.
    let events = log::entries(&s, None).unwrap();
    assert_eq!(events.len(), events_before);
    assert!(
        events.iter().all(|e| !e.data.to_string().contains(ID)),
        "the ID number reached the chain"
    );
    drop(s);

    // Kept across sessions, and nowhere on disk in plain text.
    let s = open(&d);
    assert_eq!(profile::get(&s).unwrap(), saved);
    drop(s);
    for file in walk(&d.root) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(ID.len()).any(|w| w == ID.as_bytes()),
            "{} holds the ID number in plain text",
            file.display()
        );
    }
}
