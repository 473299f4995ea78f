import { describe, expect, it } from 'vitest';
import { isKnownProblem, percent, summariseReport } from './verify';

const checked = { chain_events: 42, evidence_items: 7, evidence_bytes: 1024, timestamp_batches: 0 };

describe('verify result summary', () => {
  it('says how many items are intact when all is well', () => {
    expect(summariseReport({ ok: true, problems: [], checked })).toEqual({
      ok: true,
      evidence: 7,
      chainEvents: 42,
      problems: [],
    });
  });

  it('lists the problems, and never calls a report with problems ok', () => {
    const problems = [{ code: 'evidence_hash_mismatch', evidence_id: 'e-1', message: 'hash differs' }];
    expect(summariseReport({ ok: false, problems, checked }).ok).toBe(false);
    expect(summariseReport({ ok: true, problems, checked })).toMatchObject({ ok: false, problems });
  });

  it('knows the documented problem codes', () => {
    expect(isKnownProblem('stray_file')).toBe(true);
    expect(isKnownProblem('something_new')).toBe(false);
  });

  it('turns progress into a whole percentage', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 4)).toBe(100);
  });
});
