//! Helpers of the contact-frequency chart: tick steps and dates.

import type { FrequencyBar } from '../../platform';

/** A tick step of 1, 2 or 5 × 10ⁿ giving at most 6 steps up to `max` (as the PDF's chart). */
export function tickStep(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  for (let unit = 1; ; unit *= 10) {
    for (const k of [1, 2, 5]) {
      if (Math.ceil(max / (unit * k)) <= 6) return unit * k;
    }
  }
}

/** `MM-DD` of a `YYYY-MM-DD` date. */
export function monthDay(date: string): string {
  return date.slice(5, 10);
}

/** The last day a bar covers, `YYYY-MM-DD`. */
export function lastDay(bar: FrequencyBar): string {
  const d = new Date(`${bar.start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + bar.days - 1);
  return d.toISOString().slice(0, 10);
}
