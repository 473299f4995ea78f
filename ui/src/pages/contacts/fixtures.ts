//! Sample contacts and a violation summary shaped like the core's, for the tests in this folder.

import type { CheckedContact, ContactFrequency, Flag, ViolationSummary } from '../../platform';

export const QUIET: Flag = {
  code: 'quiet_hours',
  reason_zh: '在 22:00 至次日 08:00 之间联系',
  reason_en: 'Contacted between 22:00 and 08:00',
  basis: 'GB/T 45251—2025〔推荐性国家标准〕',
  basis_en: 'GB/T 45251-2025 [national standard (recommended)]',
  basis_kind: 'national_standard',
  sources: ['gbt_45251'],
  matched: '23:00',
  quote: null,
};

export const PAYMENT: Flag = {
  code: 'unofficial_payment',
  reason_zh: '要求向非官方渠道付款',
  reason_en: 'Asked for payment outside the lender’s own channel',
  basis: '《互联网金融逾期债务催收自律公约》〔行业自律规范〕',
  basis_en: 'Self-regulatory Convention on Collecting Overdue Internet Finance Debts [industry standard (self-regulation)]',
  basis_kind: 'industry_standard',
  sources: ['pact_2018'],
  matched: '加微信还款',
  quote: '逾期了，加微信还款，\n今天处理',
};

export const IMPERSONATION: Flag = {
  code: 'impersonation',
  reason_zh: '自称法院或公安',
  reason_en: 'Claimed to be a court or the police',
  basis: '《刑法》第279条〔法律〕',
  basis_en: 'Criminal Law art. 279 [law]',
  basis_kind: 'law',
  sources: ['criminal_279'],
  matched: '法院',
  quote: '我们是法院的，你的案子已立案',
};

export const CONTACTS: CheckedContact[] = [
  {
    id: 'ct-1',
    at: '2026-11-27T10:15:00+08:00',
    channel: 'sms',
    direction: 'in',
    number: '10690000',
    person: null,
    organisation: '某某资产管理公司',
    summary: '短信催款',
    quotes: ['逾期了，加微信还款，\n今天处理'],
    evidence_ids: ['ev-sms'],
    flags: [PAYMENT],
  },
  {
    id: 'ct-2',
    at: '2026-11-28T23:00:00+08:00',
    channel: 'call',
    direction: 'in',
    number: '13800000000',
    person: '王先生',
    organisation: '某某资产管理公司',
    claimed_role: 'court',
    summary: '说法院已立案',
    quotes: ['我们是法院的，你的案子已立案'],
    evidence_ids: [],
    flags: [QUIET, IMPERSONATION],
  },
];

export const SUMMARY: ViolationSummary = {
  total: 3,
  counts: [
    { code: 'quiet_hours', count: 1 },
    { code: 'impersonation', count: 1 },
    { code: 'unofficial_payment', count: 1 },
  ],
  items: [
    {
      contact_id: 'ct-2',
      at: '2026-11-28T23:00:00+08:00',
      code: 'quiet_hours',
      reason_zh: QUIET.reason_zh,
      reason_en: QUIET.reason_en,
      basis: QUIET.basis,
      basis_en: QUIET.basis_en,
      basis_kind: QUIET.basis_kind,
      sources: QUIET.sources,
      quote: QUIET.quote,
      evidence_ids: [],
    },
    {
      contact_id: 'ct-2',
      at: '2026-11-28T23:00:00+08:00',
      code: 'impersonation',
      reason_zh: IMPERSONATION.reason_zh,
      reason_en: IMPERSONATION.reason_en,
      basis: IMPERSONATION.basis,
      basis_en: IMPERSONATION.basis_en,
      basis_kind: IMPERSONATION.basis_kind,
      sources: IMPERSONATION.sources,
      quote: IMPERSONATION.quote,
      evidence_ids: ['ev-rec'],
    },
    {
      contact_id: 'ct-1',
      at: '2026-11-27T10:15:00+08:00',
      code: 'unofficial_payment',
      reason_zh: PAYMENT.reason_zh,
      reason_en: PAYMENT.reason_en,
      basis: PAYMENT.basis,
      basis_en: PAYMENT.basis_en,
      basis_kind: PAYMENT.basis_kind,
      sources: PAYMENT.sources,
      quote: PAYMENT.quote,
      evidence_ids: ['ev-sms'],
    },
  ],
  channels: [
    {
      number: '12378',
      line: 'regulator',
      codes: ['quiet_hours', 'unofficial_payment', 'impersonation'],
    },
    {
      number: '110',
      line: 'police',
      codes: ['impersonation'],
    },
  ],
};

/** The counting of `CONTACTS` as the core gives it (`contact_frequency`). */
export const FREQUENCY: ContactFrequency = {
  totals: {
    calls: 1,
    answered: 0,
    missed: 0,
    messages: 1,
    other: 0,
    night: 1,
    outgoing: 0,
    unknown_direction: 0,
    official: 0,
    first: '2026-11-27',
    last: '2026-11-28',
    span_days: 2,
    active_days: 2,
  },
  bars: [
    { start: '2026-11-27', days: 1, contacts: 1, night: 0, calls: 0, answered: 0, over_limit: false },
    { start: '2026-11-28', days: 1, contacts: 1, night: 1, calls: 1, answered: 0, over_limit: false },
  ],
  bar_days: 1,
  limits: [{ kind: 'answered_calls', per_day: 3, source: 'gbt_45251', basis_kind: 'national_standard' }],
};
