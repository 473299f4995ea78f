//! 更正: which fields of a record the user can correct, how its content becomes form text and
//! back, and what changed between two versions (for the history). Pure functions; the dialog is
//! `CorrectButton`, the list `CorrectionHistory`.
//!
//! A correction sends the record's whole new content with the same id (`record_correct`); the
//! fields not shown here are kept as they were.

import { formatDateTime, formatFen, NO_VALUE, parseYuanToFen } from '../lib/format';
import { parseTypedTime, toLocalRfc3339 } from '../pages/contacts/time';

/** The record kinds the screens let the user correct (the core accepts these and more). */
export type CorrectableKind = 'contact' | 'payment' | 'legal_event' | 'stage_change' | 'cash_flow';

/** How a field is typed: free text, a date, a contact time, an amount in 元, or a code. */
export type FieldType = 'text' | 'textarea' | 'date' | 'time' | 'amount' | 'stage' | 'event_kind' | 'channel' | 'direction';

/** The fields a correction form shows (each has a `correct.fields.<key>` label). */
export type FieldKey =
  | 'at'
  | 'channel'
  | 'direction'
  | 'number'
  | 'person'
  | 'organisation'
  | 'summary'
  | 'paid_on'
  | 'amount_fen'
  | 'note'
  | 'kind'
  | 'on'
  | 'stage';

export interface FieldSpec {
  key: FieldKey;
  type: FieldType;
  /** Must not be empty. */
  required?: boolean;
}

export const CORRECTABLE_FIELDS: Record<CorrectableKind, readonly FieldSpec[]> = {
  contact: [
    { key: 'at', type: 'time', required: true },
    { key: 'channel', type: 'channel', required: true },
    { key: 'direction', type: 'direction', required: true },
    { key: 'number', type: 'text' },
    { key: 'person', type: 'text' },
    { key: 'organisation', type: 'text' },
    { key: 'summary', type: 'textarea' },
  ],
  payment: [
    { key: 'paid_on', type: 'date', required: true },
    { key: 'amount_fen', type: 'amount', required: true },
    { key: 'note', type: 'text' },
  ],
  legal_event: [
    { key: 'kind', type: 'event_kind', required: true },
    { key: 'on', type: 'date', required: true },
    { key: 'note', type: 'textarea' },
  ],
  cash_flow: [
    { key: 'on', type: 'date', required: true },
    { key: 'amount_fen', type: 'amount', required: true },
    { key: 'note', type: 'text' },
  ],
  stage_change: [
    { key: 'stage', type: 'stage', required: true },
    { key: 'on', type: 'date', required: true },
    { key: 'note', type: 'textarea' },
  ],
};

export function isCorrectableKind(kind: string): kind is CorrectableKind {
  return Object.hasOwn(CORRECTABLE_FIELDS, kind);
}

export type RecordBody = Record<string, unknown>;

/** A stored value as text: strings as they are, numbers and booleans written out, the rest as JSON. */
function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** Form text for each field: amounts as plain 元 ("1234.50"), contact times as `YYYY-MM-DD HH:mm`. */
export function toFormValues(kind: CorrectableKind, record: RecordBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CORRECTABLE_FIELDS[kind]) {
    const v = record[f.key];
    if (v === null || v === undefined) {
      out[f.key] = '';
    } else if (f.type === 'amount' && typeof v === 'number') {
      out[f.key] = (v / 100).toFixed(2);
    } else if (f.type === 'time' && typeof v === 'string') {
      // As written, in the record's own offset (the table shows it the same way).
      const shown = formatDateTime(v);
      out[f.key] = shown === NO_VALUE ? v : shown;
    } else {
      out[f.key] = scalar(v);
    }
  }
  return out;
}

const OFFSET = /([+-]\d{2}:\d{2}|Z)$/i;

/**
 * A corrected contact time: the typed wall-clock time in the offset the record was logged in
 * (the record's days are counted in that offset); this computer's offset when it had none.
 */
function inOffsetOf(original: unknown, typed: Date): string {
  const local = toLocalRfc3339(typed);
  const offset = typeof original === 'string' ? OFFSET.exec(original.trim())?.[1] : undefined;
  if (!offset) return local;
  // `toLocalRfc3339` writes the typed wall-clock fields; only the offset is swapped.
  return local.slice(0, 19) + (offset.toUpperCase() === 'Z' ? '+00:00' : offset);
}

/** Why a typed field cannot be saved (`correct.problems.<code>` words it). */
export type FieldProblem = 'required' | 'amount' | 'date' | 'time';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * The record's new content from the typed values: every field not on the form kept as it was,
 * the id kept, `flags` (computed, not stored) dropped. A field left as it was shown keeps its
 * exact stored value (a contact time keeps its own offset). Problems per field, or the record.
 */
export function buildCorrected(
  kind: CorrectableKind,
  record: RecordBody,
  values: Record<string, string | undefined>,
): { record: RecordBody } | { problems: Record<string, FieldProblem> } {
  const shown = toFormValues(kind, record);
  const { flags: _flags, ...next } = record;
  void _flags;
  const problems: Record<string, FieldProblem> = {};
  for (const f of CORRECTABLE_FIELDS[kind]) {
    const typed = (values[f.key] ?? '').trim();
    if (typed === (shown[f.key] ?? '').trim()) continue;
    if (typed === '') {
      if (f.required) problems[f.key] = 'required';
      else next[f.key] = null;
      continue;
    }
    switch (f.type) {
      case 'amount': {
        const fen = parseYuanToFen(typed);
        if (fen === null || fen <= 0) problems[f.key] = 'amount';
        else next[f.key] = fen;
        break;
      }
      case 'date':
        if (validIsoDate(typed)) next[f.key] = typed;
        else problems[f.key] = 'date';
        break;
      case 'time': {
        const parsed = parseTypedTime(typed);
        if ('problem' in parsed) problems[f.key] = 'time';
        else next[f.key] = inOffsetOf(record[f.key], parsed.at);
        break;
      }
      default:
        next[f.key] = typed;
    }
  }
  return Object.keys(problems).length > 0 ? { problems } : { record: next };
}

/** The fields whose value differs between two versions of a record, in form order first. */
export function changedFields(kind: string, before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as RecordBody;
  const a = (after ?? {}) as RecordBody;
  const order = isCorrectableKind(kind) ? CORRECTABLE_FIELDS[kind].map((f) => f.key) : [];
  const keys = [...new Set([...order, ...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'id' && k !== 'flags');
  return keys.filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
}

/**
 * A stored value as the history shows it: amounts (`*_fen`) as ¥, times in local time, lists
 * joined; codes are left to the caller (it has the words). `null` for nothing.
 */
export function plainValue(key: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (key.endsWith('_fen') && typeof value === 'number') return formatFen(value);
  if (key === 'at' && typeof value === 'string') return formatDateTime(value);
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(scalar).join('、');
  return scalar(value);
}
