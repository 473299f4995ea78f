//! Sample contacts and a violation summary shaped like the core's, for the tests in this folder.

import type { CheckedContact, Flag, ViolationSummary } from '../../platform';

export const QUIET: Flag = {
  code: 'quiet_hours',
  reason_zh: '在 22:00 至次日 08:00 之间联系',
  reason_en: 'Contacted between 22:00 and 08:00',
  basis: 'GB/T 45251—2025',
  basis_kind: 'standard',
  matched: null,
};

export const PAYMENT: Flag = {
  code: 'unofficial_payment',
  reason_zh: '要求向非官方渠道付款',
  reason_en: 'Asked for payment outside the lender’s own channel',
  basis: '互联网金融逾期债务催收自律公约 第19条',
  basis_kind: 'standard',
  matched: '加微信还款',
};

export const IMPERSONATION: Flag = {
  code: 'impersonation',
  reason_zh: '自称法院或公安',
  reason_en: 'Claimed to be a court or the police',
  basis: '刑法 第279条',
  basis_kind: 'law',
  matched: '法院',
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
    quotes: ['加微信还款'],
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
    quotes: [],
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
      basis_kind: 'standard',
      evidence_ids: [],
    },
    {
      contact_id: 'ct-2',
      at: '2026-11-28T23:00:00+08:00',
      code: 'impersonation',
      reason_zh: IMPERSONATION.reason_zh,
      reason_en: IMPERSONATION.reason_en,
      basis: IMPERSONATION.basis,
      basis_kind: 'law',
      evidence_ids: ['ev-rec'],
    },
    {
      contact_id: 'ct-1',
      at: '2026-11-27T10:15:00+08:00',
      code: 'unofficial_payment',
      reason_zh: PAYMENT.reason_zh,
      reason_en: PAYMENT.reason_en,
      basis: PAYMENT.basis,
      basis_kind: 'standard',
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
