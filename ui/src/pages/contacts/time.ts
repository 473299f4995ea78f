//! Contact times as the core wants them: RFC 3339 with this computer's offset at that moment
//! ("2026-11-28T23:00:00+08:00"), so the core counts quiet hours and days in the user's own time.
//! Also the small list helpers the quick form relies on (newest first, the last number used).

import type { CheckedContact } from '../../platform';

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** A local moment as RFC 3339 with its local offset; seconds kept, milliseconds dropped. */
export function toLocalRfc3339(at: Date): string {
  // getTimezoneOffset is minutes *behind* UTC (Beijing gives -480), and it is taken for this
  // very moment, so a date on the other side of a DST change gets its own offset.
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** Milliseconds since the epoch for an RFC 3339 time; unreadable times sort last. */
function instant(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Newest first; a stable order for records at the same moment (later logged first). */
export function newestFirst<T extends { at: string }>(contacts: readonly T[]): T[] {
  return contacts
    .map((c, i) => ({ c, i }))
    .sort((a, b) => instant(b.c.at) - instant(a.c.at) || b.i - a.i)
    .map(({ c }) => c);
}

/**
 * The number to pre-fill: the one on the most recent contact that had one. Kept out of
 * localStorage on purpose — collectors' numbers are case data and belong in the vault only.
 */
export function lastNumber(contacts: readonly CheckedContact[]): string | null {
  for (const c of newestFirst(contacts)) {
    const n = c.number?.trim();
    if (n) return n;
  }
  return null;
}

/** What is wrong with a typed contact time; each gets its own message. */
export type TimeProblem = 'empty' | 'format' | 'month' | 'day' | 'hour' | 'minute';

const TYPED_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2})[:：](\d{2})$/;

/**
 * Reads a time typed as `YYYY-MM-DD HH:mm` (also `/` between the date parts, a full-width
 * colon) in this computer's local time. Never guesses: `2026-13-40 25:99` is a problem
 * (`month` first), not a date rolled over into the next year or now.
 */
export function parseTypedTime(text: string): { at: Date } | { problem: TimeProblem } {
  const s = text.trim();
  if (s === '') return { problem: 'empty' };
  const m = TYPED_TIME.exec(s);
  if (!m) return { problem: 'format' };
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12) return { problem: 'month' };
  const daysInMonth = new Date(y, mo, 0).getDate();
  if (d < 1 || d > daysInMonth) return { problem: 'day' };
  if (h > 23) return { problem: 'hour' };
  if (mi > 59) return { problem: 'minute' };
  return { at: new Date(y, mo - 1, d, h, mi) };
}

/** `YYYY-MM-DD HH:mm` of a local moment, the way the form shows it. */
export function formatTypedTime(at: Date): string {
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${date} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
