//! The vault itself: `init` (and its one-time recovery key), `recover` and `passwd`.

use casefile::api::{self, KdfChoice};
use casefile::domain::SystemClock;
use casefile::{Result, exit};

use super::Ctx;
use crate::cli::{DEFAULT_KDF_ITERATIONS, InitArgs, PasswdArgs, RecoverArgs};
use crate::{print, secrets};

/// Memory for a fixed KDF when only the passes were given: the floor the vault accepts.
const MIN_MEMORY_MIB: u32 = 64;

pub fn init(ctx: &Ctx, args: InitArgs) -> Result<i32> {
    let kdf = match args.kdf_memory_mib {
        Some(mib) => KdfChoice::Fixed {
            memory_kib: mib.saturating_mul(1024),
            iterations: args.kdf_iterations,
        },
        None if args.kdf_iterations != DEFAULT_KDF_ITERATIONS => KdfChoice::Fixed {
            memory_kib: MIN_MEMORY_MIB * 1024,
            iterations: args.kdf_iterations,
        },
        None => KdfChoice::Tuned,
    };
    // `--passphrase-file` also names the new passphrase here: there is no old one yet.
    let file = args.new_passphrase_file.or(ctx.passphrase_file.clone());
    let pass = secrets::new_passphrase(
        file.as_deref(),
        &["CASEFILE_NEW_PASSPHRASE", "CASEFILE_PASSPHRASE"],
    )?;
    let created = api::init(&ctx.root, &pass, kdf, &SystemClock)?;
    let key = created.recovery_key.expose_display();
    if ctx.json {
        print::json(&serde_json::json!({
            "id": created.vault_id,
            "path": ctx.root,
            "age_recipient": created.recipient,
            "kdf": {"memory_kib": created.kdf_memory_kib, "iterations": created.kdf_iterations},
            "recovery_key": &*key,
        }));
    } else {
        println!("已创建加密案卷库 / Vault created: {}", ctx.root.display());
        println!();
        println!("恢复密钥 / RECOVERY KEY:");
        println!();
        println!("    {}", &*key);
        println!();
        println!("请把恢复密钥抄在纸上，放在安全的地方。忘记口令时，只有它能打开您的证据。");
        println!("它只显示这一次，不会保存在电脑上。");
        println!("Write this key on paper and keep it somewhere safe. If you forget the");
        println!("passphrase, it is the only way back to your evidence. It is shown only");
        println!("this once and is not stored on this computer.");
    }
    Ok(exit::OK)
}

pub fn recover(ctx: &Ctx, args: RecoverArgs) -> Result<i32> {
    let key = secrets::recovery_key(args.recovery_key_file.as_deref())?;
    let pass = secrets::new_passphrase(
        args.new_passphrase_file.as_deref(),
        &["CASEFILE_NEW_PASSPHRASE"],
    )?;
    api::recover(&ctx.root, &key, &pass)?;
    print::done(
        ctx.json,
        "口令已重设 / The passphrase was reset; all evidence is unchanged.",
    );
    Ok(exit::OK)
}

pub fn passwd(ctx: &Ctx, args: PasswdArgs) -> Result<i32> {
    let mut s = ctx.open()?;
    let pass = secrets::new_passphrase(
        args.new_passphrase_file.as_deref(),
        &["CASEFILE_NEW_PASSPHRASE"],
    )?;
    s.change_passphrase(&pass)?;
    print::done(
        ctx.json,
        "口令已更改 / The passphrase was changed; nothing was re-encrypted.",
    );
    Ok(exit::OK)
}
