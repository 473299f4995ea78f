import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it } from 'vitest';
import type { CorrectionEntry, Payment } from '../platform';
import { CoreFailure, mockCore } from '../platform/testing';
import type { CoreHandler } from '../platform/testing';
import ContactsTable from '../pages/contacts/ContactsTable';
import { CONTACTS } from '../pages/contacts/fixtures';
import CorrectButton from './CorrectButton';
import CorrectionHistory from './CorrectionHistory';
import { buildCorrected, changedFields, toFormValues } from './corrections';

function wrap(node: React.ReactNode) {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>{node}</AntApp>
    </ConfigProvider>,
  );
}

const entry = (over: Partial<CorrectionEntry>): CorrectionEntry => ({
  id: 'r1',
  action: 'corrected',
  target: 'ct-2',
  target_kind: 'contact',
  before: {},
  after: null,
  reason: null,
  seq: 10,
  at: '2026-12-01T09:00:00+08:00',
  ...over,
});

const PAYMENT: Payment = { id: 'p1', agreement_id: 'a1', paid_on: '2026-12-05', amount_fen: 100000, note: null, evidence_id: null };

describe('the correction form (pure)', () => {
  it('keeps what was not touched, byte for byte, and drops computed flags', () => {
    const contact = CONTACTS[1];
    if (!contact) throw new Error('fixture');
    const shown = toFormValues('contact', contact);
    const built = buildCorrected('contact', contact, { ...shown, summary: '说已起诉，其实没有' });
    expect(built).toEqual({
      record: { ...contact, flags: undefined, summary: '说已起诉，其实没有' },
    });
    if (!('record' in built)) throw new Error('problems');
    expect('flags' in built.record).toBe(false);
    // The stored time keeps its own offset when the time was not changed.
    expect(built.record.at).toBe('2026-11-28T23:00:00+08:00');
  });

  it('turns 元 into 分 and refuses what it cannot read', () => {
    const ok = buildCorrected('payment', PAYMENT, { ...toFormValues('payment', PAYMENT), amount_fen: '1,200.50' });
    expect(ok).toEqual({ record: { ...PAYMENT, amount_fen: 120050 } });
    const bad = buildCorrected('payment', PAYMENT, { paid_on: '2026-02-30', amount_fen: '0', note: '' });
    expect(bad).toEqual({ problems: { paid_on: 'date', amount_fen: 'amount' } });
    const empty = buildCorrected('legal_event', { id: 'ev', kind: 'hearing_notice', on: '2026-12-01', note: 'x' }, { kind: 'hearing_notice', on: '', note: '' });
    expect(empty).toEqual({ problems: { on: 'required' } });
  });

  it('keeps a corrected contact time in the offset it was logged in', () => {
    const contact = CONTACTS[1];
    if (!contact) throw new Error('fixture');
    const built = buildCorrected('contact', contact, { ...toFormValues('contact', contact), at: '2026-11-28 21:05' });
    expect(built).toEqual({ record: expect.objectContaining({ at: '2026-11-28T21:05:00+08:00' }) as unknown });
    expect(buildCorrected('contact', contact, { ...toFormValues('contact', contact), at: '2026-11-28 25:05' })).toEqual({
      problems: { at: 'time' },
    });
  });

  it('lists the fields that changed between two versions', () => {
    expect(changedFields('payment', PAYMENT, { ...PAYMENT, amount_fen: 1, note: 'x' })).toEqual(['amount_fen', 'note']);
    expect(changedFields('payment', PAYMENT, PAYMENT)).toEqual([]);
  });
});

describe('correcting from the screens', { timeout: 60_000 }, () => {
  it('corrects a contact from its row with the whole record, same id, and a reason', async () => {
    const mock = mockCore({ record_correct: () => entry({}) });
    const user = userEvent.setup({ delay: null });
    let reloaded = 0;
    wrap(<ContactsTable contacts={CONTACTS} loading={false} caseId="c-1" onWithdrawn={() => void (reloaded += 1)} />);
    await user.click(screen.getByTestId('correct-ct-2'));
    const summary = await screen.findByTestId('correct-field-summary');
    expect(summary).toHaveValue('说法院已立案');
    expect(screen.getByTestId('correct-field-at')).toHaveValue('2026-11-28 23:00');
    await user.clear(summary);
    await user.paste('说法院已立案（查询后没有此案）');
    await user.click(screen.getByTestId('correct-reason'));
    await user.paste('补充查询结果');
    await user.click(screen.getByTestId('correct-ok'));
    await waitFor(() => expect(mock.calls.filter((c) => c.command === 'record_correct')).toHaveLength(1));
    const call = mock.calls.find((c) => c.command === 'record_correct');
    expect(call?.args.caseId).toBe('c-1');
    expect(call?.args.recordId).toBe('ct-2');
    expect(call?.args.reason).toBe('补充查询结果');
    expect(call?.args.confirm).toBe(false);
    const { flags: _flags, ...stored } = CONTACTS[1] as (typeof CONTACTS)[number];
    void _flags;
    expect(call?.args.record).toEqual({ ...stored, summary: '说法院已立案（查询后没有此案）' });
    await waitFor(() => expect(reloaded).toBe(1));
  });

  it('asks before saving a corrected amount far above the usual, and saves only on yes', async () => {
    const confirms: unknown[] = [];
    const handlers: Record<string, CoreHandler> = {
      record_correct: (args) => {
        confirms.push(args.confirm);
        if (!args.confirm) throw new CoreFailure('needs_confirmation');
        return entry({ target: 'p1', target_kind: 'payment' });
      },
    };
    mockCore(handlers);
    const user = userEvent.setup({ delay: null });
    wrap(<CorrectButton caseId="c-1" kind="payment" record={PAYMENT} onDone={() => undefined} />);
    await user.click(screen.getByTestId('correct-p1'));
    const amount = await screen.findByTestId('correct-field-amount_fen');
    expect(amount).toHaveValue('1000.00');
    await user.clear(amount);
    await user.type(amount, '99999999');
    await user.click(screen.getByTestId('correct-ok'));
    await user.click(await screen.findByTestId('confirm-amount-ok'));
    await waitFor(() => expect(confirms).toEqual([false, true]));
  });

  it('does not send a correction with an unreadable amount', async () => {
    const mock = mockCore({});
    const user = userEvent.setup({ delay: null });
    wrap(<CorrectButton caseId="c-1" kind="payment" record={PAYMENT} onDone={() => undefined} />);
    await user.click(screen.getByTestId('correct-p1'));
    const amount = await screen.findByTestId('correct-field-amount_fen');
    await user.clear(amount);
    await user.type(amount, '1.234,5');
    await user.click(screen.getByTestId('correct-ok'));
    expect(await screen.findByText(/请填写大于 0 的金额/)).toBeInTheDocument();
    expect(mock.calls.filter((c) => c.command === 'record_correct')).toHaveLength(0);
  });

  it('shows both versions of a corrected record and what a withdrawal took out', () => {
    wrap(
      <CorrectionHistory
        entries={[
          entry({
            id: 'r1',
            target: 'p1',
            target_kind: 'payment',
            before: PAYMENT,
            after: { ...PAYMENT, amount_fen: 120000 },
            reason: '多记了',
          }),
          entry({ id: 'w1', action: 'withdrawn', target: 'ev1', target_kind: 'stage_change', before: { id: 'ev1', stage: 'litigation', on: '2026-11-01', note: null }, seq: 11 }),
        ]}
      />,
    );
    const line = screen.getByTestId('correction-r1-amount_fen');
    expect(line).toHaveTextContent('金额：¥1,000.00 → ¥1,200.00');
    expect(within(line).getByText('¥1,000.00').closest('del')).not.toBeNull();
    expect(screen.getByTestId('correction-r1')).toHaveTextContent('原因：多记了');
    const withdrawn = screen.getByTestId('correction-w1');
    expect(withdrawn).toHaveTextContent('已撤回');
    expect(withdrawn).toHaveTextContent('阶段变化');
    expect(withdrawn).toHaveTextContent('2026-11-01 · 诉讼');
    // Newest first.
    expect(screen.getAllByTestId(/^correction-[rw]1$/).map((e) => e.dataset.testid)).toEqual(['correction-w1', 'correction-r1']);
  });
});
