//! Flags: how serious each is (for its colour) and the words that explain it.

import type { TFunction } from 'i18next';
import { currentLanguage } from '../../i18n';
import type { Flag, FlagCode } from '../../platform';

/**
 * How serious a flag is, for its colour. Scams and threats first (money or safety at stake),
 * then conduct aimed at other people, then timing and frequency. No red: red is kept for
 * deadlines that are truly close.
 */
export function flagSeverity(code: FlagCode): 'high' | 'medium' | 'low' {
  switch (code) {
    case 'impersonation':
    case 'threat':
    case 'unofficial_payment':
    case 'record_erasure_scam':
      return 'high';
    case 'third_party':
    case 'new_borrowing':
      return 'medium';
    case 'quiet_hours':
    case 'too_many_calls':
    case 'too_many_attempts':
      return 'low';
  }
}

export const FLAG_COLOURS = { high: 'volcano', medium: 'orange', low: 'gold' } as const;

/**
 * The reason (in the interface language), what triggered it, the words said (the whole
 * sentence, when the flag is about words), and the rules cited, each with its kind.
 */
export function flagExplanation(flag: Flag, t: TFunction<['contacts', 'enums']>, lang: string): string[] {
  const en = currentLanguage(lang) === 'en';
  const lines = [en ? flag.reason_en : flag.reason_zh];
  if (flag.quote) lines.push(t('flagQuote', { quote: flag.quote }));
  else if (flag.matched) lines.push(t('flagMatched', { matched: flag.matched }));
  lines.push(t('flagTooltip', { basis: en ? flag.basis_en : flag.basis }));
  return lines;
}

