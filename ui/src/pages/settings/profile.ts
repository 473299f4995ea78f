//! The profile form's own check of an ID number, so a slip is caught while typing (the core
//! checks again before it saves). GB 11643-1999: 17 digits and a check character (ISO 7064
//! MOD 11-2), the last possibly X.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** Spaces removed, full-width digits and x made plain, X upper-case. */
export function normaliseIdNumber(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[xｘＸ]/g, 'X');
}

/** `null` when empty or valid; else what is wrong (`shape`: not 17 digits + digit/X; `check`: a digit mistyped). */
export function idNumberProblem(text: string): 'shape' | 'check' | null {
  const s = normaliseIdNumber(text);
  if (s === '') return null;
  if (!/^\d{17}[\dX]$/.test(s)) return 'shape';
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(s[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] === s[17] ? null : 'check';
}
