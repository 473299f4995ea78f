//! From the quick form's values to the core's NewContact. Empty text becomes null, quotes are
//! one per line, and the time carries the computer's local offset.

import type { ClaimedRole, ContactChannel, Direction, NewContact, ThirdParty } from '../../platform';
import { parseTypedTime, toLocalRfc3339 } from './time';

export interface ContactFormValues {
  /** As typed, `YYYY-MM-DD HH:mm`; checked by `parseTypedTime`, never replaced. */
  at: string;
  channel: ContactChannel;
  direction: Direction;
  number?: string;
  summary?: string;
  person?: string;
  organisation?: string;
  claimed_role?: ClaimedRole | null;
  answered?: 'yes' | 'no' | null;
  attempts?: number | null;
  third_party?: ThirdParty | null;
  quotes?: string;
  evidence_ids?: string[];
}

/** The fields the 更多 section holds: cleared after each save, like the summary. */
export const DETAIL_FIELDS = [
  'person',
  'organisation',
  'claimed_role',
  'answered',
  'attempts',
  'third_party',
  'quotes',
  'evidence_ids',
] as const satisfies readonly (keyof ContactFormValues)[];

function text(value: string | undefined): string | null {
  const s = value?.trim();
  return s ? s : null;
}

/** Each non-empty line, trimmed: one quote per line, as the user pasted or typed them. */
export function splitQuotes(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function toNewContact(values: ContactFormValues): NewContact {
  const parsed = parseTypedTime(values.at);
  if (!('at' in parsed)) throw new Error(`the time is not valid (${parsed.problem})`);
  return {
    at: toLocalRfc3339(parsed.at),
    channel: values.channel,
    direction: values.direction,
    number: text(values.number),
    person: text(values.person),
    organisation: text(values.organisation),
    claimed_role: values.claimed_role ?? null,
    answered: values.answered === 'yes' ? true : values.answered === 'no' ? false : null,
    attempts: typeof values.attempts === 'number' ? values.attempts : null,
    third_party: values.third_party ?? null,
    summary: text(values.summary),
    quotes: splitQuotes(values.quotes),
    evidence_ids: values.evidence_ids ?? [],
  };
}
