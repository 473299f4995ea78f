//! Display formats that users rely on to match paper documents: amounts as ¥1,234.56, dates as
//! YYYY-MM-DD, times as HH:mm. Amounts travel as integer fen (分) everywhere; only these functions
//! convert to and from the yuan text a person reads and types.
//!
//! Timestamps are shown in the offset they were recorded with (the core stores the local offset at
//! the moment of intake), never re-projected through the browser's time zone: a contact logged at
//! 21:40 in Beijing must read 21:40 even if the computer's zone changes later.

/** Shown where a value is missing or unreadable. */
export const NO_VALUE = '—';

/** 123456 → "¥1,234.56"; -5 → "-¥0.05". Non-integers are rounded to the nearest fen. */
export function formatFen(fen: number): string {
  if (!Number.isFinite(fen)) return NO_VALUE;
  const rounded = Math.round(fen);
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

const FULL_WIDTH = /[０-９．，－]/g;

// Chinese input methods often produce full-width digits and punctuation; accept them as typed.
function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;
const PLAIN = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * "1,234.5" → 123450. Accepts a leading minus, an optional ¥/￥ prefix or 元 suffix, thousands
 * separators in the right places and at most two decimals. Anything else — including "1.234",
 * "12,34", "abc" and values beyond what a number holds exactly — gives null, so a form can say
 * "check the amount" instead of silently storing a wrong figure.
 */
export function parseYuanToFen(input: string): number | null {
  let s = toHalfWidth(input.trim());
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  s = s.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  const m = GROUPED.exec(s) ?? PLAIN.exec(s);
  if (!m) return null;
  const [, intPart = '', decPart = ''] = m;
  const fen = Number(intPart.replace(/,/g, '') + decPart.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return negative && fen !== 0 ? -fen : fen;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** "2026-11-29" or "2026-11-29T21:40:00+08:00" → "2026-11-29" (the date as written). */
export function formatDate(iso: string): string {
  const m = DATE.exec(iso.trim());
  if (!m) return NO_VALUE;
  const [, y, mo, d] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return NO_VALUE;
  return `${y}-${mo}-${d}`;
}

/** "2026-11-29T21:40:05.123+08:00" → "2026-11-29 21:40", in the timestamp's own offset. */
export function formatDateTime(rfc3339: string): string {
  const m = DATE_TIME.exec(rfc3339.trim());
  if (!m) return NO_VALUE;
  const [, y, mo, d, h, mi] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return NO_VALUE;
  if (Number(h) > 23 || Number(mi) > 59) return NO_VALUE;
  return `${y}-${mo}-${d} ${h}:${mi}`;
}

/**
 * "2026-11-29T13:40:05Z" → "2026-11-29 21:40" on a computer in China: a moment from elsewhere
 * (a timestamp service's clock) shown in this computer's local time.
 */
export function formatLocalDateTime(rfc3339: string): string {
  if (!DATE_TIME.test(rfc3339.trim())) return NO_VALUE;
  const at = new Date(rfc3339.trim());
  if (Number.isNaN(at.getTime())) return NO_VALUE;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDateIso(at)} ${p(at.getHours())}:${p(at.getMinutes())}`;
}

/**
 * A size people read: 812 → "812 B", 40593 → "39.6 KB", 3145728 → "3 MB" (powers of 1024, one
 * decimal under 100). The one formatter for sizes; exact byte counts are not shown.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return NO_VALUE;
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  const text = value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${unit}`;
}

/** Today's (or the given moment's) calendar date on this computer, as YYYY-MM-DD. */
export function localDateIso(at: Date = new Date()): string {
  const y = at.getFullYear();
  const mo = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${mo}-${d}`;
}

export type DaysLeftTone = 'red' | 'amber' | 'normal';

/**
 * How loudly to show a deadline. Colour is kept for deadlines that are truly close (UX: red under
 * 3 days, amber under 7); overdue deadlines (negative days) are red too.
 */
export function daysLeftTone(days: number): DaysLeftTone {
  if (days < 3) return 'red';
  if (days < 7) return 'amber';
  return 'normal';
}

/** What is wrong with a typed amount; each gets its own message. */
export type AmountProblem = 'format' | 'negative' | 'zero';

/**
 * Checks a typed amount in 元: `null` when it is fine (an empty text is fine unless
 * `required`), else what is wrong — a negative amount is told as negative, not as a format
 * error ("最多两位小数"), and `positive` refuses 0.
 */
export function amountProblem(
  text: string | undefined,
  { required = false, positive = false }: { required?: boolean; positive?: boolean } = {},
): AmountProblem | null {
  const s = (text ?? '').trim();
  if (s === '') return required ? 'format' : null;
  const fen = parseYuanToFen(s);
  if (fen === null) return 'format';
  if (fen < 0) return 'negative';
  if (positive && fen === 0) return 'zero';
  return null;
}
