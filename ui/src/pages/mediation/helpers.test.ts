import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  fenToPlainYuan,
  isIsoDate,
  parseAmountFen,
  parseMonthsList,
  parsePositiveFen,
  planKey,
  rowsFromInstallments,
  rowsToInstallments,
  scheduleProblem,
  sortPlans,
  sumRowsFen,
  updateRow,
} from './helpers';

describe('income and expenses in 元', () => {
  it('parses what people type into fen', () => {
    expect(parseAmountFen('4500')).toBe(450000);
    expect(parseAmountFen('4,500.5')).toBe(450050);
    expect(parseAmountFen('４５００')).toBe(450000);
    expect(parseAmountFen('¥3,000.25')).toBe(300025);
    expect(parseAmountFen('3000元')).toBe(300000);
    expect(parseAmountFen('0')).toBe(0);
  });

  it('refuses negative, empty and malformed amounts', () => {
    expect(parseAmountFen('')).toBeNull();
    expect(parseAmountFen('-100')).toBeNull();
    expect(parseAmountFen('1.234')).toBeNull();
    expect(parseAmountFen('abc')).toBeNull();
    expect(parsePositiveFen('0')).toBeNull();
    expect(parsePositiveFen('0.01')).toBe(1);
  });
});

describe('months to compare', () => {
  it('accepts commas, Chinese punctuation and spaces; sorts and de-duplicates', () => {
    expect(parseMonthsList('24, 12 36')).toEqual([12, 24, 36]);
    expect(parseMonthsList('12，24、12')).toEqual([12, 24]);
    expect(parseMonthsList('１８')).toEqual([18]);
  });

  it('leaves the default to the core when empty', () => {
    expect(parseMonthsList('')).toEqual([]);
    expect(parseMonthsList('   ')).toEqual([]);
  });

  it('rejects anything that is not a month count', () => {
    expect(parseMonthsList('12.5')).toBeNull();
    expect(parseMonthsList('0')).toBeNull();
    expect(parseMonthsList('121')).toBeNull();
    expect(parseMonthsList('一年')).toBeNull();
  });
});

describe('instalment schedule', () => {
  const generated = rowsFromInstallments([
    { due: '2026-12-15', amount_fen: 33334 },
    { due: '2027-01-15', amount_fen: 33333 },
    { due: '2027-02-15', amount_fen: 33333 },
  ]);

  it('turns generated instalments into editable rows and back', () => {
    expect(generated[0]).toEqual({ due: '2026-12-15', amount: '333.34' });
    expect(rowsToInstallments(generated)).toEqual([
      { due: '2026-12-15', amount_fen: 33334 },
      { due: '2027-01-15', amount_fen: 33333 },
      { due: '2027-02-15', amount_fen: 33333 },
    ]);
    expect(fenToPlainYuan(5)).toBe('0.05');
  });

  it('sums edited rows and reports a mismatch with the total', () => {
    expect(sumRowsFen(generated)).toBe(100000);
    expect(scheduleProblem(generated, 100000)).toBeNull();
    const edited = updateRow(generated, 0, { amount: '400' });
    expect(generated[0]?.amount).toBe('333.34');
    expect(sumRowsFen(edited)).toBe(106666);
    expect(scheduleProblem(edited, 100000)).toBe('sum_mismatch');
    const fixed = updateRow(edited, 1, { amount: '266.67' });
    expect(sumRowsFen(fixed)).toBe(100000);
    expect(scheduleProblem(fixed, 100000)).toBeNull();
  });

  it('flags empty schedules, bad dates, bad amounts and dates out of order', () => {
    expect(scheduleProblem([], 100)).toBe('empty');
    expect(scheduleProblem(updateRow(generated, 1, { due: '2027-02-30' }), 100000)).toBe('bad_date');
    expect(scheduleProblem(updateRow(generated, 1, { amount: 'x' }), 100000)).toBe('bad_amount');
    expect(scheduleProblem(updateRow(generated, 2, { due: '2026-01-01' }), 100000)).toBe('not_in_order');
  });
});

describe('dates', () => {
  it('checks calendar dates and counts days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(daysBetween('2026-11-29', '2026-12-29')).toBe(30);
    expect(daysBetween('2026-12-29', '2026-11-29')).toBe(-30);
    expect(daysBetween('bad', '2026-11-29')).toBeNull();
  });
});

describe('plan comparison order', () => {
  it('orders by waiver (smallest ask first), then months', () => {
    const plans = [
      { months: 24, waiver: 'interest_penalties_fees' },
      { months: 12, waiver: 'none' },
      { months: 24, waiver: 'none' },
      { months: 12, waiver: 'penalties_and_fees' },
    ];
    expect(sortPlans(plans).map((p) => planKey(p.months, p.waiver))).toEqual([
      '12-none',
      '24-none',
      '12-penalties_and_fees',
      '24-interest_penalties_fees',
    ]);
  });
});
