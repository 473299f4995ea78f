//! A rough, offline estimate of how guessable a passphrase is, for the strength meter shown when a
//! vault is created or its passphrase changed. It is guidance, not a guarantee: the real protection
//! is the core's Argon2id key derivation. The estimate discounts the parts of a passphrase that an
//! attacker tries first — well-known passwords (including common Chinese ones such as 5201314 and
//! woaini), keyboard rows, years, sequences like 123456 and repeats — and scores only what is left.

export const MIN_PASSPHRASE_LENGTH = 8;

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/** Suffix of the locale key `strength.hint.<hint>`. */
export type StrengthHint =
  | 'empty'
  | 'tooShort'
  | 'common'
  | 'sequence'
  | 'repeated'
  | 'addLength'
  | 'addVariety'
  | 'good'
  | 'strong';

export interface Strength {
  score: StrengthScore;
  hint: StrengthHint;
}

type Pattern = 'common' | 'sequence' | 'repeated';

// Matched against the lower-cased passphrase and against a copy with look-alike characters
// (p@ssw0rd) folded back to letters. Longer entries first so a match marks as much as possible.
const COMMON = [
  '1qaz2wsx',
  'qwertyuiop',
  'password',
  'iloveyou',
  'trustno1',
  'football',
  'baseball',
  'superman',
  'sunshine',
  'princess',
  '5201314',
  '1314520',
  'welcome',
  'letmein',
  'qazwsx',
  'qwerty',
  'asdfgh',
  'zxcvbn',
  'passwd',
  'monkey',
  'dragon',
  'master',
  'woaini',
  'abc123',
  '123qwe',
  'qwe123',
  '147258',
  '258369',
  '159357',
  'iloveu',
  '1q2w3e',
  'admin',
  'login',
  'hello',
  'asdf',
  'zxcv',
] as const;

const LOOK_ALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

const YEAR = /(?:19|20)\d\d/g;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return c >= 'a' && c <= 'z';
}

function characterPool(chars: readonly string[]): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let other = false;
  for (const c of chars) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (isDigit(c)) digit = true;
    else if (c.charCodeAt(0) < 128) symbol = true;
    else other = true;
  }
  // Non-ASCII (mostly Chinese) characters come from a huge alphabet, but people type words, not
  // random characters; 100 is a deliberately cautious stand-in.
  return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
}

function classCount(chars: readonly string[]): number {
  const classes = new Set<string>();
  for (const c of chars) {
    if (c >= 'a' && c <= 'z') classes.add('lower');
    else if (c >= 'A' && c <= 'Z') classes.add('upper');
    else if (isDigit(c)) classes.add('digit');
    else classes.add('symbol');
  }
  return classes.size;
}

/** Marks which characters an attacker would get for free, and by which pattern. */
function findPatterns(chars: readonly string[]): { weak: boolean[]; counts: Record<Pattern, number> } {
  const n = chars.length;
  const weak = new Array<boolean>(n).fill(false);
  const counts: Record<Pattern, number> = { common: 0, sequence: 0, repeated: 0 };
  const mark = (from: number, to: number, pattern: Pattern) => {
    for (let i = from; i < to; i++) {
      if (!weak[i]) {
        weak[i] = true;
        counts[pattern]++;
      }
    }
  };

  // One code unit per character so string indexes equal character indexes.
  const lower = chars.map((c) => (c.length === 1 ? c.toLowerCase() : '\uFFFD'));
  const plain = lower.join('');
  const folded = lower.map((c) => LOOK_ALIKES[c] ?? c).join('');

  for (const text of [plain, folded]) {
    for (const word of COMMON) {
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
        mark(at, at + word.length, 'common');
      }
    }
  }
  for (const m of plain.matchAll(YEAR)) {
    mark(m.index, m.index + m[0].length, 'common');
  }

  // Runs of one character: "aaaa", "8888".
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && lower[j] === lower[i]) j++;
    if (j - i >= 3) mark(i + 1, j, 'repeated');
    i = j;
  }

  // A short unit said again and again: "abcabc", "qweqweqwe".
  for (let i = 0; i < n; i++) {
    for (let unit = 2; unit <= 4; unit++) {
      let copies = 1;
      const same = (k: number) => {
        for (let x = 0; x < unit; x++) {
          if (lower[i + x] !== lower[i + k * unit + x]) return false;
        }
        return true;
      };
      while (i + (copies + 1) * unit <= n && same(copies)) copies++;
      if (copies >= 2 && copies * unit >= 6) {
        mark(i + unit, i + copies * unit, 'repeated');
        i += copies * unit - 1;
        break;
      }
    }
  }

  // Ascending or descending runs: "123456", "9876", "abcd". Three digits already count; letters
  // need four so ordinary words ("first", "study") are not punished.
  for (let i = 0; i < n; ) {
    const a = lower[i] ?? '';
    let j = i + 1;
    let step = 0;
    while (j < n) {
      const prev = lower[j - 1] ?? '';
      const cur = lower[j] ?? '';
      const sameKind = (isDigit(prev) && isDigit(cur)) || (isLetter(prev) && isLetter(cur));
      const d = cur.charCodeAt(0) - prev.charCodeAt(0);
      if (!sameKind || (d !== 1 && d !== -1) || (step !== 0 && d !== step)) break;
      step = d;
      j++;
    }
    const needed = isDigit(a) ? 3 : 4;
    if (j - i >= needed) mark(i + 1, j, 'sequence');
    i = j > i + 1 ? j - 1 : j;
  }

  return { weak, counts };
}

function dominant(counts: Record<Pattern, number>): Pattern | null {
  let best: Pattern | null = null;
  for (const p of ['common', 'sequence', 'repeated'] as const) {
    if (counts[p] > 0 && (best === null || counts[p] > counts[best])) best = p;
  }
  return best;
}

/**
 * Scores a passphrase from 0 (unacceptable) to 4 (very strong) and names the one piece of advice
 * most worth showing. Score 0 means: too short, or mostly made of patterns attackers try first.
 */
export function passphraseStrength(passphrase: string): Strength {
  const chars = Array.from(passphrase);
  if (chars.length === 0) return { score: 0, hint: 'empty' };
  if (chars.length < MIN_PASSPHRASE_LENGTH) return { score: 0, hint: 'tooShort' };

  const { weak, counts } = findPatterns(chars);
  const effective = weak.filter((w) => !w).length;
  const pattern = dominant(counts);
  if (effective < 6) return { score: 0, hint: pattern ?? 'addLength' };

  const bits = effective * Math.log2(characterPool(chars));
  const score: StrengthScore = bits < 40 ? 1 : bits < 56 ? 2 : bits < 72 ? 3 : 4;
  if (score === 4) return { score, hint: 'strong' };
  if (score === 3) return { score, hint: 'good' };
  if (pattern) return { score, hint: pattern };
  return { score, hint: classCount(chars) < 3 && score === 2 ? 'addVariety' : 'addLength' };
}

/** Whether a new passphrase may be used at all (the meter still shows how good it is). */
export function isAcceptablePassphrase(passphrase: string): boolean {
  return passphraseStrength(passphrase).score > 0;
}
