//! Pure helpers for 调解准备: parsing what a person types (元 amounts, month lists, instalment
//! rows) into the integer fen and ISO dates the core expects, and checks a form runs before it
//! sends anything. No React, no core calls: everything here has a unit test.

import { parseYuanToFen } from '../../lib/format';
import { WAIVERS } from '../../platform';

/**
 * A non-negative amount typed in 元 ("3,500", "３５００", "¥3500.5") → fen. Empty or invalid text,
 * or a negative figure, gives null so the form can ask the person to check the amount.
 */
export function parseAmountFen(text: string): number | null {
  const fen = parseYuanToFen(text);
  if (fen === null || fen < 0) return null;
  return fen;
}

/** Like `parseAmountFen` but the amount must be above zero (a payment, an agreement total). */
export function parsePositiveFen(text: string): number | null {
  const fen = parseAmountFen(text);
  return fen !== null && fen > 0 ? fen : null;
}

/** Longest plan the form accepts (credit-card plans go up to 5 years; leave room). */
export const MAX_PLAN_MONTHS = 120;

/**
 * "12, 24 36" / "12，24、36" → [12, 24, 36] (sorted, no duplicates). Empty text → [] (the core then
 * uses its own default month counts). Anything else that is not a whole number from 1 to
 * MAX_PLAN_MONTHS → null.
 */
export function parseMonthsList(text: string): number[] | null {
  const halfWidth = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const parts = halfWidth.split(/[\s,，、;；]+/).filter((p) => p !== '');
  const months = new Set<number>();
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return null;
    const n = Number(part);
    if (n < 1 || n > MAX_PLAN_MONTHS) return null;
    months.add(n);
  }
  return [...months].sort((a, b) => a - b);
}

/** One editable instalment row: the due date and the amount as the person typed it. */
export interface InstallmentRow {
  due: string;
  amount: string;
}

/** Core instalments → editable rows (amounts as plain 元 text, "1000.00"). */
export function rowsFromInstallments(list: { due: string; amount_fen: number }[]): InstallmentRow[] {
  return list.map((i) => ({ due: i.due, amount: fenToPlainYuan(i.amount_fen) }));
}

/** 123456 → "1234.56" (for an input field; no ¥ and no separators). */
export function fenToPlainYuan(fen: number): string {
  const abs = Math.abs(Math.round(fen));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 ? `-${text}` : text;
}

/** Returns a copy of the rows with one row changed. */
export function updateRow(rows: InstallmentRow[], index: number, patch: Partial<InstallmentRow>): InstallmentRow[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

/** Sum of the rows' amounts in fen; rows that do not parse count as 0 (they are flagged apart). */
export function sumRowsFen(rows: InstallmentRow[]): number {
  return rows.reduce((sum, row) => sum + (parsePositiveFen(row.amount) ?? 0), 0);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export type ScheduleProblem = 'empty' | 'bad_date' | 'bad_amount' | 'not_in_order' | 'sum_mismatch';

/**
 * What is wrong with an instalment schedule for an agreement of `totalFen`, or null when it can
 * be saved: at least one row, real dates in order, amounts above zero, summing to the total.
 */
export function scheduleProblem(rows: InstallmentRow[], totalFen: number | null): ScheduleProblem | null {
  if (rows.length === 0) return 'empty';
  if (rows.some((r) => !isIsoDate(r.due))) return 'bad_date';
  if (rows.some((r) => parsePositiveFen(r.amount) === null)) return 'bad_amount';
  for (let i = 1; i < rows.length; i += 1) {
    if ((rows[i]?.due ?? '') < (rows[i - 1]?.due ?? '')) return 'not_in_order';
  }
  if (totalFen !== null && sumRowsFen(rows) !== totalFen) return 'sum_mismatch';
  return null;
}

/** Rows → the core's instalments (call only when `scheduleProblem` is null). */
export function rowsToInstallments(rows: InstallmentRow[]): { due: string; amount_fen: number }[] {
  return rows.map((r) => ({ due: r.due, amount_fen: parsePositiveFen(r.amount) ?? 0 }));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return null;
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** A stable key for one plan option: `12-penalties_and_fees`. */
export function planKey(months: number, waiver: string): string {
  return `${months}-${waiver}`;
}


/** Plan options ordered by waiver (smallest ask first), then by months. */
export function sortPlans<T extends { months: number; waiver: string }>(plans: T[]): T[] {
  const rank = (w: string) => {
    // Rust declares the waivers from the smallest ask to the largest.
    const i = (WAIVERS as readonly string[]).indexOf(w);
    return i === -1 ? WAIVERS.length : i;
  };
  return [...plans].sort((a, b) => rank(a.waiver) - rank(b.waiver) || a.months - b.months);
}
