//! The core's named enums as lists of codes, in Rust's declaration order.
//!
//! The codes come from `locales/zh-CN/enums.json`, which `casefile-app`'s bindings test writes
//! from `casefile::domain::named` (with the words in each language) and fails on when it drifts.
//! Each list is also checked, at compile time, against the union type tauri-specta generated
//! for the same enum: a code added in Rust fails the type check here until the files are
//! regenerated. Screens word a code through the `enums` namespace: `t('enums:stage.litigation')`.
//! Only the sets the UI lists are here; add one when a screen needs it.

import words from '../locales/zh-CN/enums.json';
import type {
  ClaimedRole,
  ComplaintRecipient,
  ContactChannel,
  DeadlineKind,
  Direction,
  ErrorCode,
  EvidenceKind,
  LegalEventKind,
  LenderType,
  MediationCheckKind,
  MediationCheckResult,
  MediationRedFlag,
  Stage,
  ThirdParty,
  Waiver,
} from './bindings';

type Words = typeof words;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The codes of one set; `same` is `true` only when they match the generated union `T`. */
function codes<T extends string, K extends keyof Words>(key: K, same: Same<keyof Words[K] & string, T>): readonly T[] {
  void same;
  return Object.keys(words[key]) as T[];
}

export const ERROR_CODES = codes<ErrorCode, 'errorCode'>('errorCode', true);
export const EVIDENCE_KINDS = codes<EvidenceKind, 'evidenceKind'>('evidenceKind', true);
export const STAGES = codes<Stage, 'stage'>('stage', true);
export const MEDIATION_CHECKS = codes<MediationCheckKind, 'mediationCheck'>('mediationCheck', true);
export const MEDIATION_CHECK_RESULTS = codes<MediationCheckResult, 'mediationCheckResult'>('mediationCheckResult', true);
export const MEDIATION_RED_FLAGS = codes<MediationRedFlag, 'mediationRedFlag'>('mediationRedFlag', true);
export const CHANNELS = codes<ContactChannel, 'channel'>('channel', true);
export const DIRECTIONS = codes<Direction, 'direction'>('direction', true);
export const CLAIMED_ROLES = codes<ClaimedRole, 'claimedRole'>('claimedRole', true);
export const THIRD_PARTIES = codes<ThirdParty, 'thirdParty'>('thirdParty', true);
export const EVENT_KINDS = codes<LegalEventKind, 'eventKind'>('eventKind', true);
export const DEADLINE_KINDS = codes<DeadlineKind, 'deadlineKind'>('deadlineKind', true);
export const LENDER_TYPES = codes<LenderType, 'lenderType'>('lenderType', true);
export const WAIVERS = codes<Waiver, 'waiver'>('waiver', true);
export const COMPLAINT_RECIPIENTS = codes<ComplaintRecipient, 'complaintRecipient'>('complaintRecipient', true);

/** Narrows a string to a member of `list` (for codes that arrive typed as `string`). */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
