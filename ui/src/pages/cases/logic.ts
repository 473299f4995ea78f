//! Pure helpers for the case screens: enum orders and colours, wording of next steps and days
//! left, the timeline, and the "only what changed" edit of a case's figures.

import type { TFunction } from 'i18next';
import { formatDate, formatFen, NO_VALUE, parseYuanToFen, daysLeftTone } from '../../lib/format';
import { DEADLINE_KINDS, isOneOf, LENDER_TYPES } from '../../platform';
import type {
  Case,
  CaseEdit,
  CaseOverview,
  DeadlineKind,
  LegalEventKind,
  LenderType,
  NewCase,
  NextStep,
  Stage,
  Value,
} from '../../platform';

type CasesT = TFunction<['cases', 'enums']>;

/** The usual path of a debt, shown as Steps. */
export const STAGE_PATH: readonly Stage[] = ['overdue', 'collection', 'mediation', 'litigation', 'judgment', 'enforcement'];

/**
 * Where the Steps stand for a case's stage. The stepper and the tag read the same `stage`: with
 * none, no step is active (the tag says 未设阶段, so the stepper must not light 逾期). Off the
 * path (settled, under agreement) it shows how far along the path the case had come.
 */
export function stepperState(
  stage: Stage | null,
  history: readonly Stage[],
): { current: number; status: 'wait' | 'process' | 'finish' } {
  if (stage === null) return { current: -1, status: 'wait' };
  const current = STAGE_PATH.indexOf(stage);
  if (current >= 0) return { current, status: 'process' };
  const reached = Math.max(-1, ...history.map((s) => STAGE_PATH.indexOf(s)));
  return { current: reached, status: 'finish' };
}

/** Calm tag colours; red only for enforcement. */
export const STAGE_COLOR: Record<Stage, string> = {
  overdue: 'gold',
  collection: 'orange',
  mediation: 'blue',
  litigation: 'purple',
  judgment: 'magenta',
  enforcement: 'red',
  settled: 'green',
  agreement: 'cyan',
};

export function isDeadlineKind(kind: string): kind is DeadlineKind {
  return isOneOf(DEADLINE_KINDS, kind);
}

export function deadlineKindLabel(t: CasesT, kind: string): string {
  return isDeadlineKind(kind) ? t(`enums:deadlineKind.${kind}`) : kind;
}

/** Colours for days left (theme palette). */
export const TONE_COLOR = { red: '#c2453b', amber: '#c7891d', normal: '#5a6679' } as const;

export function toneColor(days: number): string {
  return TONE_COLOR[daysLeftTone(days)];
}

/** "还有 12 天" / "就是今天" / "已过 3 天". */
export function daysLeftText(t: CasesT, days: number): string {
  if (days === 0) return t('daysLeft.today');
  if (days > 0) return t('daysLeft.future', { n: days });
  return t('daysLeft.past', { n: -days });
}

/**
 * A date to attend, not a period to act within: the hearing. Shown as 开庭日期 with "N 天后开庭",
 * never as a deadline that "expires".
 */
export function isAppointment(kind: string): boolean {
  return kind === 'hearing';
}

/** "还有 12 天开庭" / "今天开庭" / "已于 3 天前开庭". */
export function appointmentText(t: CasesT, days: number): string {
  if (days === 0) return t('appointment.today');
  if (days > 0) return t('appointment.future', { n: days });
  return t('appointment.past', { n: -days });
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => {
    const [y = 0, m = 1, day = 1] = d.slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** The advice for a next step, with its date and the days left when the law sets one. */
export function nextStepText(t: CasesT, step: NextStep, today: string): string {
  if (!step.due) return t(`nextStep.code.${step.code}`);
  return t(`nextStep.due.${step.code}`, { date: step.due, left: daysLeftText(t, daysBetween(today, step.due)) });
}

// ---- Timeline ---------------------------------------------------------------------------------

export type TimelineItem = (
  | { type: 'stage'; id: string; on: string; stage: Stage; note: string | null }
  | { type: 'event'; id: string; on: string; kind: LegalEventKind; note: string | null }
) & {
  /** Withdrawn: shown struck through, counted nowhere. */
  withdrawn?: boolean;
};

type WithdrawnBody = { id?: unknown; on?: unknown; stage?: unknown; kind?: unknown; note?: unknown };

/** The stage changes and legal events that were withdrawn, as their content was then. */
function withdrawnItems(corrections: CaseOverview['corrections'] | undefined): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const c of corrections ?? []) {
    if (c.action !== 'withdrawn') continue;
    const b = (c.before ?? {}) as WithdrawnBody;
    if (typeof b.on !== 'string') continue;
    const note = typeof b.note === 'string' ? b.note : null;
    if (c.target_kind === 'stage_change' && typeof b.stage === 'string') {
      out.push({ type: 'stage', id: c.target, on: b.on, stage: b.stage as Stage, note, withdrawn: true });
    } else if (c.target_kind === 'legal_event' && typeof b.kind === 'string') {
      out.push({ type: 'event', id: c.target, on: b.on, kind: b.kind as LegalEventKind, note, withdrawn: true });
    }
  }
  return out;
}

/**
 * Every dated stage change and legal event, oldest first (stable for same-day entries),
 * withdrawn ones included and marked, so the history keeps them struck through.
 */
export function buildTimeline(overview: Pick<CaseOverview, 'stages' | 'events'> & Partial<Pick<CaseOverview, 'corrections'>>): TimelineItem[] {
  const items: TimelineItem[] = [
    ...overview.stages.map((s) => ({ type: 'stage' as const, id: s.id, on: s.on, stage: s.stage, note: s.note })),
    ...overview.events.map((e) => ({ type: 'event' as const, id: e.id, on: e.on, kind: e.kind, note: e.note })),
    ...withdrawnItems(overview.corrections),
  ];
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.on < b.item.on ? -1 : a.item.on > b.item.on ? 1 : a.index - b.index))
    .map(({ item }) => item);
}

// ---- Figures edit -----------------------------------------------------------------------------

/** The figures form: text as typed (amounts in 元), dates as YYYY-MM-DD or ''. */
export interface FiguresValues {
  title: string;
  lender: string;
  platform: string;
  principal: string;
  overdue_since: string;
  lender_type: LenderType | null;
  contract_number: string;
  loan_date: string;
  received: string;
  term_months: string;
  schedule: string;
  stated_annual_rate: string;
  stated_fees: string;
  claimed_principal: string;
  claimed_interest: string;
  claimed_penalties: string;
  claimed_fees: string;
  claimed_by: string;
  claimed_on: string;
  small_claims: boolean;
}

const yuan = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '' : formatFen(fen).replace('¥', ''));

export function figuresFromCase(c: Case): FiguresValues {
  const d = c.details;
  const cl = d.claimed ?? {};
  return {
    title: c.title,
    lender: c.lender,
    platform: c.platform ?? '',
    principal: yuan(c.principal_fen),
    overdue_since: c.overdue_since ?? '',
    lender_type: d.lender_type ?? null,
    contract_number: d.contract_number ?? '',
    loan_date: d.loan_date ?? '',
    received: yuan(d.received_fen),
    term_months: d.term_months === null || d.term_months === undefined ? '' : String(d.term_months),
    schedule: d.schedule ?? '',
    stated_annual_rate: d.stated_annual_rate ?? '',
    stated_fees: d.stated_fees ?? '',
    claimed_principal: yuan(cl.principal_fen),
    claimed_interest: yuan(cl.interest_fen),
    claimed_penalties: yuan(cl.penalties_fen),
    claimed_fees: yuan(cl.fees_fen),
    claimed_by: cl.by ?? '',
    claimed_on: cl.on ?? '',
    small_claims: d.small_claims ?? false,
  };
}

export const MONEY_FIELDS = ['principal', 'received', 'claimed_principal', 'claimed_interest', 'claimed_penalties', 'claimed_fees'] as const;

/** Thrown by `buildEdit` for an amount or number that cannot be read; names the form field. */
export class FigureError extends Error {
  constructor(readonly field: keyof FiguresValues) {
    super(`bad value in ${field}`);
  }
}

/**
 * The `CaseEdit` for what changed between the case and the form: only changed fields, `null`
 * for a field that was emptied. Throws `FigureError` for an unreadable amount.
 */
export function buildEdit(before: Case, values: FiguresValues): CaseEdit {
  const old = figuresFromCase(before);
  const edit: CaseEdit = {};
  const e = edit as Record<string, unknown>;
  const textKeys = [
    'title',
    'lender',
    'platform',
    'overdue_since',
    'contract_number',
    'loan_date',
    'schedule',
    'stated_annual_rate',
    'stated_fees',
    'claimed_by',
    'claimed_on',
  ] as const;
  for (const key of textKeys) {
    const next = (values[key] ?? '').trim();
    if (next !== old[key].trim()) e[key] = next === '' ? null : next;
  }
  for (const key of MONEY_FIELDS) {
    const text = (values[key] ?? '').trim();
    const next = text === '' ? null : parseYuanToFen(text);
    if (text !== '' && (next === null || next < 0)) throw new FigureError(key);
    const prev = old[key] === '' ? null : parseYuanToFen(old[key]);
    if (next !== prev) e[key] = next;
  }
  const term = (values.term_months ?? '').trim();
  if (term !== old.term_months) {
    if (term === '') e.term_months = null;
    else if (/^\d+$/.test(term)) e.term_months = Number(term);
    else throw new FigureError('term_months');
  }
  const lenderType = values.lender_type ?? null;
  if (lenderType !== old.lender_type) e.lender_type = lenderType;
  const small = values.small_claims ?? false;
  if (small !== old.small_claims) e.small_claims = small;
  return edit;
}

// ---- History ----------------------------------------------------------------------------------

const MONEY_HISTORY = new Set([
  'principal',
  'received_fen',
  'claimed.principal_fen',
  'claimed.interest_fen',
  'claimed.penalties_fen',
  'claimed.fees_fen',
]);

const FIELD_KEYS = new Set([
  'title',
  'lender',
  'platform',
  'principal',
  'overdue_since',
  'lender_type',
  'contract_number',
  'loan_date',
  'received_fen',
  'term_months',
  'schedule',
  'stated_annual_rate',
  'stated_fees',
  'claimed_principal_fen',
  'claimed_interest_fen',
  'claimed_penalties_fen',
  'claimed_fees_fen',
  'claimed_by',
  'claimed_on',
  'small_claims',
]);

/** The localised name of a field as the history records it ("claimed.by" → 主张方). */
export function fieldLabel(t: CasesT, field: string): string {
  const key = field.replace('.', '_');
  return FIELD_KEYS.has(key) ? t(`field.${key as 'title'}`) : field;
}


/** A recorded value as the person reads it. */
export function historyValue(t: CasesT, field: string, value: Value): string {
  if (value === null || value === '') return NO_VALUE;
  if (typeof value === 'number' && MONEY_HISTORY.has(field)) return formatFen(value);
  if (typeof value === 'boolean') return value ? t('overview.yes') : t('overview.no');
  if (typeof value === 'string') {
    if (field === 'lender_type' && isOneOf(LENDER_TYPES, value)) return t(`enums:lenderType.${value}`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

// ---- New case ---------------------------------------------------------------------------------

export interface NewCaseValues {
  title: string;
  lender: string;
  platform?: string;
  principal?: string;
  overdue_since?: string;
}

/** The NewCase the core expects, or null when the amount cannot be read. */
export function toNewCase(v: NewCaseValues): NewCase | null {
  const principalText = (v.principal ?? '').trim();
  const principal = principalText === '' ? null : parseYuanToFen(principalText);
  if (principalText !== '' && (principal === null || principal < 0)) return null;
  const platform = (v.platform ?? '').trim();
  return {
    title: v.title.trim(),
    lender: v.lender.trim(),
    platform: platform === '' ? null : platform,
    principal,
    overdue_since: v.overdue_since ? v.overdue_since : null,
    confirm: false,
  };
}

