import { describe, expect, it } from 'vitest';
import {
  amountProblem,
  daysLeftTone,
  formatDate,
  formatDateTime,
  formatFen,
  formatLocalDateTime,
  formatSize,
  localDateIso,
  NO_VALUE,
  parseYuanToFen,
} from './format';

describe('formatFen', () => {
  it('formats yuan with thousands separators and two decimals', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100)).toBe('¥1.00');
    expect(formatFen(123456789012)).toBe('¥1,234,567,890.12');
  });

  it('puts the minus sign before the currency symbol', () => {
    expect(formatFen(-123456)).toBe('-¥1,234.56');
    expect(formatFen(-5)).toBe('-¥0.05');
  });

  it('rounds stray fractions of a fen and rejects non-numbers', () => {
    expect(formatFen(100.6)).toBe('¥1.01');
    expect(formatFen(Number.NaN)).toBe(NO_VALUE);
    expect(formatFen(Number.POSITIVE_INFINITY)).toBe(NO_VALUE);
  });
});

describe('parseYuanToFen', () => {
  it('reads grouped and plain amounts', () => {
    expect(parseYuanToFen('1,234.5')).toBe(123450);
    expect(parseYuanToFen('1234.56')).toBe(123456);
    expect(parseYuanToFen('1234')).toBe(123400);
    expect(parseYuanToFen('0.05')).toBe(5);
    expect(parseYuanToFen('  12,345,678 ')).toBe(1234567800);
  });

  it('accepts currency marks and full-width input from Chinese IMEs', () => {
    expect(parseYuanToFen('¥1,234.56')).toBe(123456);
    expect(parseYuanToFen('￥ 88')).toBe(8800);
    expect(parseYuanToFen('300元')).toBe(30000);
    expect(parseYuanToFen('１２３４．５')).toBe(123450);
  });

  it('handles negative amounts', () => {
    expect(parseYuanToFen('-1,234.56')).toBe(-123456);
    expect(parseYuanToFen('-0')).toBe(0);
  });

  it('rejects more than two decimals', () => {
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('0.001')).toBeNull();
  });

  it('rejects junk and misplaced separators', () => {
    for (const junk of ['', 'abc', '12a', '1,23', '12,34.5', '1.2.3', '.5', '5.', '--1', '1 000', '¥']) {
      expect(parseYuanToFen(junk), junk).toBeNull();
    }
  });

  it('rejects amounts too large to hold exactly', () => {
    expect(parseYuanToFen('99999999999999999999')).toBeNull();
  });

  it('round-trips with formatFen', () => {
    for (const fen of [0, 1, 99, 100, 123456, 987654321, -4200]) {
      expect(parseYuanToFen(formatFen(fen))).toBe(fen);
    }
  });
});

describe('formatDate', () => {
  it('keeps plain dates and takes the date part of timestamps as written', () => {
    expect(formatDate('2026-11-29')).toBe('2026-11-29');
    expect(formatDate('2026-11-29T23:30:00+08:00')).toBe('2026-11-29');
    expect(formatDate('2026-11-29T23:30:00Z')).toBe('2026-11-29');
  });

  it('rejects impossible or malformed dates', () => {
    expect(formatDate('2026-02-30')).toBe(NO_VALUE);
    expect(formatDate('2026-13-01')).toBe(NO_VALUE);
    expect(formatDate('29/11/2026')).toBe(NO_VALUE);
    expect(formatDate('')).toBe(NO_VALUE);
  });

  it('knows leap years', () => {
    expect(formatDate('2028-02-29')).toBe('2028-02-29');
    expect(formatDate('2026-02-29')).toBe(NO_VALUE);
  });
});

describe('formatDateTime', () => {
  it('shows the wall-clock time in the timestamp’s own offset', () => {
    expect(formatDateTime('2026-11-29T21:40:05+08:00')).toBe('2026-11-29 21:40');
    expect(formatDateTime('2026-11-29T21:40:05.123456+08:00')).toBe('2026-11-29 21:40');
    expect(formatDateTime('2026-11-29T01:02:00-05:00')).toBe('2026-11-29 01:02');
    expect(formatDateTime('2026-11-29T00:00:00Z')).toBe('2026-11-29 00:00');
  });

  it('does not shift across midnight into another day', () => {
    // 23:59 in +08:00 is 15:59 UTC; the person saw 23:59 and that is what we show.
    expect(formatDateTime('2026-12-31T23:59:59+08:00')).toBe('2026-12-31 23:59');
  });

  it('rejects malformed input', () => {
    expect(formatDateTime('2026-11-29')).toBe(NO_VALUE);
    expect(formatDateTime('2026-11-29T25:00:00+08:00')).toBe(NO_VALUE);
    expect(formatDateTime('yesterday')).toBe(NO_VALUE);
  });
});

describe('localDateIso', () => {
  it('formats the local calendar date', () => {
    expect(localDateIso(new Date(2026, 0, 5, 12, 0))).toBe('2026-01-05');
  });
});

describe('daysLeftTone', () => {
  it('is red under 3 days, including overdue', () => {
    expect(daysLeftTone(-4)).toBe('red');
    expect(daysLeftTone(0)).toBe('red');
    expect(daysLeftTone(2)).toBe('red');
  });

  it('is amber from 3 to under 7 days', () => {
    expect(daysLeftTone(3)).toBe('amber');
    expect(daysLeftTone(6)).toBe('amber');
  });

  it('is calm from 7 days on', () => {
    expect(daysLeftTone(7)).toBe('normal');
    expect(daysLeftTone(30)).toBe('normal');
  });
});

describe('amountProblem', () => {
  it('tells a negative amount from a malformed one', () => {
    expect(amountProblem('-472.50')).toBe('negative');
    expect(amountProblem('－100')).toBe('negative');
    expect(amountProblem('1.234')).toBe('format');
    expect(amountProblem('abc')).toBe('format');
    expect(amountProblem('0', { positive: true })).toBe('zero');
    expect(amountProblem('0')).toBeNull();
    expect(amountProblem('', { required: true })).toBe('format');
    expect(amountProblem('')).toBeNull();
    expect(amountProblem('8,000.50')).toBeNull();
  });
});

describe('formatSize', () => {
  it('reads as KB/MB, never a byte count', () => {
    expect(formatSize(812)).toBe('812 B');
    expect(formatSize(40593)).toBe('39.6 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3 MB');
    expect(formatSize(150 * 1024 * 1024)).toBe('150 MB');
    expect(formatSize(-1)).toBe(NO_VALUE);
  });
});

describe('formatLocalDateTime', () => {
  it('shows a UTC moment in this computer\'s zone, minutes precision', () => {
    const text = formatLocalDateTime('2026-11-29T13:40:05Z');
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Whatever the zone, the minutes of a whole-hour offset stay 40 (China: 21:40).
    const offsetMinutes = new Date('2026-11-29T13:40:05Z').getTimezoneOffset();
    if (offsetMinutes % 60 === 0) expect(text.endsWith(':40')).toBe(true);
    if (offsetMinutes === -480) expect(text).toBe('2026-11-29 21:40');
    if (offsetMinutes === 0) expect(text).toBe('2026-11-29 13:40');
    expect(formatLocalDateTime('not a time')).toBe(NO_VALUE);
  });
});

