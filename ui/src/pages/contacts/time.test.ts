import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckedContact } from '../../platform';
import { toNewContact } from './newContact';
import { lastNumber, newestFirst, parseTypedTime, toLocalRfc3339 } from './time';

// Node re-reads the zone whenever TZ is assigned, so each case can run in its own zone.
function inZone<T>(tz: string, run: () => T): T {
  vi.stubEnv('TZ', tz);
  return run();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('toLocalRfc3339', () => {
  it('writes the local wall time with the Beijing offset', () => {
    expect(inZone('Asia/Shanghai', () => toLocalRfc3339(new Date(2026, 10, 28, 23, 0)))).toBe(
      '2026-11-28T23:00:00+08:00',
    );
  });

  it('handles negative, half-hour and zero offsets', () => {
    expect(inZone('America/New_York', () => toLocalRfc3339(new Date(2026, 10, 28, 7, 5, 9)))).toBe(
      '2026-11-28T07:05:09-05:00',
    );
    expect(inZone('America/St_Johns', () => toLocalRfc3339(new Date(2026, 0, 2, 0, 0)))).toBe(
      '2026-01-02T00:00:00-03:30',
    );
    expect(inZone('Asia/Kolkata', () => toLocalRfc3339(new Date(2026, 5, 1, 12, 30)))).toBe(
      '2026-06-01T12:30:00+05:30',
    );
    expect(inZone('UTC', () => toLocalRfc3339(new Date(Date.UTC(2026, 5, 1, 12, 30))))).toBe('2026-06-01T12:30:00+00:00');
  });

  it('takes the offset of the moment itself across a DST change', () => {
    const [winter, summer] = inZone('Europe/Berlin', () => [
      toLocalRfc3339(new Date(2026, 0, 15, 9, 0)),
      toLocalRfc3339(new Date(2026, 6, 15, 9, 0)),
    ]);
    expect(winter).toBe('2026-01-15T09:00:00+01:00');
    expect(summer).toBe('2026-07-15T09:00:00+02:00');
  });

  it('is what the quick form sends for a typed time', () => {
    const contact = inZone('Asia/Shanghai', () =>
      toNewContact({
        at: '2026-11-28 23:00',
        channel: 'call',
        direction: 'in',
        number: '  13800000000 ',
        summary: '',
        quotes: '你再不还钱就通知单位\n\n  保证金 ',
        answered: 'no',
      }),
    );
    expect(contact).toEqual({
      at: '2026-11-28T23:00:00+08:00',
      channel: 'call',
      direction: 'in',
      number: '13800000000',
      person: null,
      organisation: null,
      claimed_role: null,
      answered: false,
      attempts: null,
      third_party: null,
      summary: null,
      quotes: ['你再不还钱就通知单位', '保证金'],
      evidence_ids: [],
    });
  });
});

function contact(id: string, at: string, number: string | null): CheckedContact {
  return { id, at, channel: 'call', direction: 'in', number, flags: [] };
}

describe('remembering the last number', () => {
  it('takes the number of the latest contact, whatever order the list came in', () => {
    const list = [
      contact('a', '2026-11-27T10:00:00+08:00', '10086'),
      contact('b', '2026-11-28T09:00:00+08:00', '95188'),
      contact('c', '2026-11-26T22:30:00+08:00', '12345'),
    ];
    expect(lastNumber(list)).toBe('95188');
    expect(newestFirst(list).map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });

  it('compares instants, not text, across offsets', () => {
    // 09:00 at +08:00 is 01:00 UTC, earlier than 02:00 UTC.
    const list = [contact('beijing', '2026-11-28T09:00:00+08:00', '1'), contact('utc', '2026-11-28T02:00:00Z', '2')];
    expect(lastNumber(list)).toBe('2');
  });

  it('skips contacts without a number and gives null for none', () => {
    const list = [contact('a', '2026-11-27T10:00:00+08:00', '10086'), contact('b', '2026-11-28T09:00:00+08:00', ' ')];
    expect(lastNumber(list)).toBe('10086');
    expect(lastNumber([])).toBeNull();
  });
});

describe('parseTypedTime', () => {
  it('reads a local time as typed', () => {
    expect(parseTypedTime(' 2026-11-28 23:05 ')).toEqual({ at: new Date(2026, 10, 28, 23, 5) });
    expect(parseTypedTime('2026/3/5 7:30')).toEqual({ at: new Date(2026, 2, 5, 7, 30) });
  });

  it('names what is wrong instead of rolling the date over or taking now', () => {
    expect(parseTypedTime('2026-13-40 25:99')).toEqual({ problem: 'month' });
    expect(parseTypedTime('2026-02-29 10:00')).toEqual({ problem: 'day' });
    expect(parseTypedTime('2026-11-28 24:00')).toEqual({ problem: 'hour' });
    expect(parseTypedTime('2026-11-28 23:60')).toEqual({ problem: 'minute' });
    expect(parseTypedTime('昨天晚上')).toEqual({ problem: 'format' });
    expect(parseTypedTime('')).toEqual({ problem: 'empty' });
  });
});
