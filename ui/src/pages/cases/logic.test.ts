import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import type { Case, CaseOverview } from '../../platform';
import {
  buildEdit,
  buildTimeline,
  daysBetween,
  daysLeftText,
  FigureError,
  fieldLabel,
  figuresFromCase,
  historyValue,
  nextStepText,
  toneColor,
  TONE_COLOR,
  stepperState,
  toNewCase,
} from './logic';

const t = i18n.getFixedT<['cases', 'enums']>('zh-CN', ['cases', 'enums']);
const en = i18n.getFixedT<['cases', 'enums']>('en', ['cases', 'enums']);

const baseCase: Case = {
  id: 'c1',
  title: '某消费金融借款',
  lender: '示例消费金融有限公司',
  platform: '示例App',
  principal_fen: 800000,
  principal: '8000.00',
  overdue_since: '2026-06-01',
  created_at: '2026-11-01T10:00:00+08:00',
  evidence_count: 0,
  stage: 'collection',
  stage_since: '2026-07-01',
  stage_basis: 'explicit',
  details: { contract_number: 'HT-001', claimed: { principal_fen: 800000, by: '某催收公司' }, small_claims: false },
};

describe('new case', () => {
  it('turns yuan into fen and empty optional fields into null', () => {
    expect(toNewCase({ title: ' 借款 ', lender: ' 某公司 ', principal: '8,000.50', platform: '  ' })).toEqual({
      title: '借款',
      lender: '某公司',
      platform: null,
      principal: 800050,
      overdue_since: null,
      confirm: false,
    });
    expect(toNewCase({ title: 'a', lender: 'b', principal: '８０００元', overdue_since: '2026-05-01' })).toMatchObject({
      principal: 800000,
      overdue_since: '2026-05-01',
    });
  });

  it('refuses an amount it cannot read', () => {
    expect(toNewCase({ title: 'a', lender: 'b', principal: '1.234' })).toBeNull();
    expect(toNewCase({ title: 'a', lender: 'b', principal: '-5' })).toBeNull();
  });
});

describe('figures edit', () => {
  it('sends nothing when nothing changed', () => {
    expect(buildEdit(baseCase, figuresFromCase(baseCase))).toEqual({});
  });

  it('sends only the changed fields, amounts in fen, null for cleared ones', () => {
    const values = {
      ...figuresFromCase(baseCase),
      principal: '9000',
      contract_number: '  ',
      platform: '',
      claimed_interest: '1,200.5',
      claimed_by: '某催收公司',
      term_months: '12',
      lender_type: 'microloan' as const,
      small_claims: true,
    };
    expect(buildEdit(baseCase, values)).toEqual({
      principal: 900000,
      contract_number: null,
      platform: null,
      claimed_interest: 120050,
      term_months: 12,
      lender_type: 'microloan',
      small_claims: true,
    });
  });

  it('clears an amount with null and names a bad one', () => {
    expect(buildEdit(baseCase, { ...figuresFromCase(baseCase), claimed_principal: '' })).toEqual({ claimed_principal: null });
    expect(() => buildEdit(baseCase, { ...figuresFromCase(baseCase), received: 'abc' })).toThrow(FigureError);
  });
});

describe('wording', () => {
  it('words a next step with its date and the days left', () => {
    expect(nextStepText(t, { code: 'answer_complaint', due: '2026-12-14' }, '2026-12-02')).toBe(
      '在 2026-12-14 前提交答辩状（还有 12 天）',
    );
    expect(nextStepText(t, { code: 'apply_judicial_confirmation', due: '2026-12-02' }, '2026-12-02')).toBe(
      '在 2026-12-02 前申请司法确认（就是今天）',
    );
    expect(nextStepText(en, { code: 'answer_complaint', due: '2026-12-14' }, '2026-12-16')).toBe(
      'File your defence by 2026-12-14 (2 days ago)',
    );
    expect(nextStepText(t, { code: 'verify_mediator', due: null }, '2026-12-02')).toContain('12368');
  });

  it('counts days across months and years', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });

  it('colours days left: red under 3, amber under 7', () => {
    expect(toneColor(-1)).toBe(TONE_COLOR.red);
    expect(toneColor(2)).toBe(TONE_COLOR.red);
    expect(toneColor(3)).toBe(TONE_COLOR.amber);
    expect(toneColor(6)).toBe(TONE_COLOR.amber);
    expect(toneColor(7)).toBe(TONE_COLOR.normal);
    expect(daysLeftText(t, 5)).toBe('还有 5 天');
    expect(daysLeftText(t, -3)).toBe('已过 3 天');
  });

  it('names fields and values in the history', () => {
    expect(fieldLabel(t, 'claimed.by')).toBe('主张方');
    expect(fieldLabel(en, 'principal')).toBe('Contract principal');
    expect(fieldLabel(t, 'something_new')).toBe('something_new');
    expect(historyValue(t, 'principal', 800000)).toBe('¥8,000.00');
    expect(historyValue(t, 'claimed.fees_fen', 5)).toBe('¥0.05');
    expect(historyValue(t, 'lender_type', 'bank')).toBe('银行');
    expect(historyValue(t, 'contract_number', null)).toBe('—');
    expect(historyValue(t, 'small_claims', true)).toBe('是');
  });
});

describe('timeline', () => {
  it('puts stage changes and events in date order, keeping same-day order', () => {
    const overview: Pick<CaseOverview, 'stages' | 'events'> = {
      stages: [
        { id: 's2', stage: 'litigation', on: '2026-11-18', note: null },
        { id: 's1', stage: 'collection', on: '2026-07-01', note: null },
      ],
      events: [
        { id: 'e2', kind: 'hearing_scheduled', on: '2026-12-20', note: null },
        { id: 'e1', kind: 'complaint_served', on: '2026-11-18', note: '快递签收' },
      ],
    };
    expect(buildTimeline(overview).map((i) => i.id)).toEqual(['s1', 's2', 'e1', 'e2']);
  });
});

describe('stepperState', () => {
  it('lights no step when there is no stage, so the stepper agrees with 未设阶段', () => {
    expect(stepperState(null, [])).toEqual({ current: -1, status: 'wait' });
    expect(stepperState(null, ['overdue'])).toEqual({ current: -1, status: 'wait' });
  });

  it('follows the stage on the path, and shows how far an off-path case had come', () => {
    expect(stepperState('litigation', [])).toEqual({ current: 3, status: 'process' });
    expect(stepperState('agreement', ['collection', 'mediation'])).toEqual({ current: 2, status: 'finish' });
  });
});

describe('buildTimeline with withdrawals', () => {
  it('keeps a withdrawn event in the history, marked to be struck through', () => {
    const items = buildTimeline({
      stages: [],
      events: [{ id: 'e2', kind: 'hearing_scheduled', on: '2026-12-20', note: null }],
      corrections: [
        {
          id: 'w-1',
          action: 'withdrawn',
          target: 'e1',
          target_kind: 'legal_event',
          before: { id: 'e1', kind: 'complaint_served', on: '2026-11-18', note: '记错了' },
          after: null,
          reason: null,
          seq: 9,
          at: '2026-11-30T10:00:00+08:00',
        },
        {
          id: 'w-2',
          action: 'withdrawn',
          target: 'k1',
          target_kind: 'contact',
          before: { id: 'k1', at: '2026-11-18T10:00:00+08:00' },
          after: null,
          reason: null,
          seq: 10,
          at: '2026-11-30T10:00:00+08:00',
        },
      ],
    });
    expect(items.map((i) => [i.id, i.withdrawn ?? false])).toEqual([
      ['e1', true],
      ['e2', false],
    ]);
  });
});
