import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { CheckedContact, NewContact } from '../../platform';
import { CoreFailure, mockCore } from '../../platform/testing';
import type { CoreHandler } from '../../platform/testing';
import Contacts from '../case/Contacts';
import { CONTACTS, FREQUENCY, QUIET, SUMMARY } from './fixtures';
import { toLocalRfc3339 } from './time';

const EMPTY_SUMMARY = { total: 0, counts: [], items: [], channels: [] };

function renderContacts(handlers: Record<string, CoreHandler> = {}, url = '/cases/c-1/contacts') {
  const mock = mockCore({
    contact_list: () => CONTACTS,
    violations: () => SUMMARY,
    contact_frequency: () => FREQUENCY,
    evidence_list: () => [],
    ...handlers,
  });
  const user = userEvent.setup({ delay: null });
  render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <MemoryRouter initialEntries={[url]}>
          <Contacts caseId="c-1" />
        </MemoryRouter>
      </AntApp>
    </ConfigProvider>,
  );
  return { mock, user };
}

const added = (mock: ReturnType<typeof mockCore>) =>
  mock.calls.filter((c) => c.command === 'contact_add').map((c) => c.args.contact as NewContact);

describe('the contact log', { timeout: 60_000 }, () => {
  it('shows the contact-frequency chart from the core above the log', async () => {
    const { mock } = renderContacts();
    const chart = await screen.findByTestId('frequency-chart');
    expect(within(chart).getAllByTestId('frequency-bar')).toHaveLength(2);
    expect(within(chart).getByTestId('frequency-limit-answered_calls')).toHaveTextContent('上限 3');
    expect(mock.calls.some((c) => c.command === 'contact_frequency' && c.args.caseId === 'c-1')).toBe(true);
  });

  it('shows contacts newest first with their flags, and explains a flag on hover', async () => {
    const { user } = renderContacts();
    const rows = await screen.findAllByTestId('contact-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('2026-11-28 23:00');
    expect(rows[1]).toHaveTextContent('2026-11-27 10:15');

    const tag = within(rows[0] as HTMLElement).getByTestId('flag-quiet_hours');
    expect(tag).toHaveTextContent('禁止时段联系');
    expect(tag).toHaveAttribute('aria-label', expect.stringContaining('GB/T 45251—2025〔推荐性国家标准〕'));
    await user.hover(tag);
    const tip = await screen.findByTestId('flag-tooltip-quiet_hours');
    expect(tip).toHaveTextContent('在 22:00 至次日 08:00 之间联系');
    expect(tip).toHaveTextContent('依据：GB/T 45251—2025〔推荐性国家标准〕');

    const law = within(rows[0] as HTMLElement).getByTestId('flag-impersonation');
    await user.hover(law);
    expect(await screen.findByTestId('flag-tooltip-impersonation')).toHaveTextContent('《刑法》第279条〔法律〕');
    expect(law).toHaveAttribute('data-severity', 'high');
  });

  it('remembers the number of the latest contact', async () => {
    renderContacts();
    await waitFor(() => expect(screen.getByTestId('contact-number')).toHaveValue('13800000000'));
    const number = screen.getByTestId('contact-number');
    expect(number.tagName).toBe('INPUT');
    expect(localStorage.length).toBe(0);
  });

  it('takes a typed time with Enter and sends it with the local offset', async () => {
    const saved: CheckedContact = { ...(CONTACTS[1] as CheckedContact), id: 'ct-new', flags: [QUIET] };
    const { mock, user } = renderContacts({ contact_add: () => saved });
    await screen.findAllByTestId('contact-row');

    const at = screen.getByTestId('contact-at');
    expect(at.tagName).toBe('INPUT');
    await user.clear(at);
    await user.type(at, '2026-11-28 23:00{Enter}');
    await waitFor(() => expect(at).toHaveValue('2026-11-28 23:00'));
    // Enter in the time field confirms the time only; Enter in the summary submits.
    expect(added(mock)).toHaveLength(0);
    await user.type(screen.getByTestId('contact-summary'), '半夜打来{Enter}');

    await waitFor(() => expect(added(mock)).toHaveLength(1));
    const sent = added(mock)[0] as NewContact;
    expect(sent.at).toBe(toLocalRfc3339(new Date(2026, 10, 28, 23, 0)));
    expect(sent).toMatchObject({ channel: 'call', direction: 'in', number: '13800000000', summary: '半夜打来' });

    expect(await screen.findByText('已记录这次联系')).toBeInTheDocument();
    const notice = await screen.findByTestId('contact-flags-notice');
    expect(notice).toHaveTextContent('禁止时段联系');
    expect(notice).toHaveTextContent('在 22:00 至次日 08:00 之间联系');
    await waitFor(() => expect(screen.getByTestId('contact-summary')).toHaveValue(''));
    expect(screen.getByTestId('contact-number')).toHaveValue('13800000000');
  });

  it('takes a typed time on blur too', async () => {
    const { mock, user } = renderContacts({ contact_add: ({ contact }) => ({ ...(contact as NewContact), id: 'b', flags: [] }) });
    await screen.findAllByTestId('contact-row');
    const at = screen.getByTestId('contact-at');
    await user.clear(at);
    await user.type(at, '2026-11-27 07:45');
    await user.click(screen.getByTestId('contact-summary'));
    await waitFor(() => expect(at).toHaveValue('2026-11-27 07:45'));
    await user.click(screen.getByTestId('contact-submit'));
    await waitFor(() => expect(added(mock)).toHaveLength(1));
    expect(added(mock)[0]?.at).toBe(toLocalRfc3339(new Date(2026, 10, 27, 7, 45)));
  });

  async function fill(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
    const input = screen.getByTestId(testId);
    await user.click(input);
    await user.clear(input);
    await user.paste(text);
  }

  it('keeps everything typed when the time is in the future', async () => {
    const { mock, user } = renderContacts({ contact_list: () => [], violations: () => EMPTY_SUMMARY });
    await screen.findByText('还没有联系记录。在上面记下第一次联系。');
    await fill(user, 'contact-number', '95188');
    await fill(user, 'contact-summary', '说要上门');
    await fill(user, 'contact-at', '2099-01-01 10:00');
    await user.keyboard('{Enter}');
    await user.click(screen.getByTestId('contact-submit'));

    expect(await screen.findByText('这个时间还没到，请检查日期和时间')).toBeInTheDocument();
    expect(added(mock)).toHaveLength(0);
    expect(screen.getByTestId('contact-summary')).toHaveValue('说要上门');
    expect(screen.getByTestId('contact-number')).toHaveValue('95188');
    expect(screen.getByTestId('contact-at')).toHaveValue('2099-01-01 10:00');
  });

  it('refuses a time that does not exist, keeps it as typed and never saves now', async () => {
    const { mock, user } = renderContacts({ contact_list: () => [], violations: () => EMPTY_SUMMARY });
    await screen.findByText('还没有联系记录。在上面记下第一次联系。');
    await fill(user, 'contact-summary', '说要上门');
    await fill(user, 'contact-at', '2026-13-40 25:99');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('“2026-13-40 25:99”的月份不对：月份是 1 到 12', {}, { timeout: 10_000 })).toBeInTheDocument();
    await user.click(screen.getByTestId('contact-summary'));
    await user.click(screen.getByTestId('contact-submit'));
    await waitFor(() => expect(screen.getByTestId('contact-at')).toHaveValue('2026-13-40 25:99'));
    expect(added(mock)).toHaveLength(0);

    await fill(user, 'contact-at', '2026-02-30 10:00');
    await user.click(screen.getByTestId('contact-submit'));
    expect(await screen.findByText('“2026-02-30 10:00”的日期不对：这个月没有这一天', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(added(mock)).toHaveLength(0);
  });

  it('keeps everything typed when the core refuses, and saves on the next try', async () => {
    let fail = true;
    const { mock, user } = renderContacts({
      contact_list: () => [],
      violations: () => EMPTY_SUMMARY,
      contact_add: ({ contact }) => {
        if (fail) throw new CoreFailure('invalid_input', 'bad');
        return { ...(contact as NewContact), id: 'x', flags: [] };
      },
    });
    await screen.findByText('还没有联系记录。在上面记下第一次联系。');
    await fill(user, 'contact-summary', '说要上门');
    await user.click(screen.getByTestId('contact-more'));
    await fill(user, 'contact-quotes', '明天上门');
    await user.click(screen.getByTestId('contact-submit'));

    await waitFor(() => expect(added(mock)).toHaveLength(1));
    expect(await screen.findByText(/输入的内容不符合要求/)).toBeInTheDocument();
    expect(screen.getByTestId('contact-summary')).toHaveValue('说要上门');
    expect(screen.getByTestId('contact-quotes')).toHaveValue('明天上门');

    fail = false;
    await user.click(screen.getByTestId('contact-submit'));
    expect(await screen.findByText('已记录。这次联系没有发现违规。')).toBeInTheDocument();
    expect(added(mock)[1]?.quotes).toEqual(['明天上门']);
    await waitFor(() => expect(screen.getByTestId('contact-quotes')).toHaveValue(''));
  });

  it('focuses the summary when opened from 记一次联系', async () => {
    renderContacts({}, '/cases/c-1/contacts?quick=1');
    await waitFor(() => expect(screen.getByTestId('contact-summary')).toHaveFocus());
  });
});

describe('the violation summary', { timeout: 60_000 }, () => {
  it('shows counts, the dated list, channels, and writes a complaint to save', async () => {
    const { mock, user } = renderContacts({ save_text_file: () => null });
    const panel = await screen.findByTestId('violations-summary');
    await waitFor(() => expect(within(panel).getByTestId('violations-total')).toHaveTextContent('共 3 项'));
    expect(within(panel).getByTestId('violation-count-quiet_hours')).toHaveTextContent('禁止时段联系 × 1');
    expect(within(panel).getAllByTestId('violation-item')).toHaveLength(3);
    expect(within(panel).getByTestId('complaint-channel-12378')).toHaveTextContent('消费金融公司等持牌机构及其委托的催收方的违规催收');

    await user.click(within(panel).getByTestId('complaint-generate'));
    const text = await screen.findByTestId('complaint-text');
    expect((text as HTMLTextAreaElement).value).toContain('致：金融监管总局消费者投诉热线（12378）');
    expect((text as HTMLTextAreaElement).value).toContain('证据编号：ev-sms');
    // No save dialog outside the app: the error is explained, nothing is written.
    await user.click(screen.getByTestId('complaint-save'));
    expect(mock.calls.some((c) => c.command === 'save_text_file')).toBe(false);
  });

  it('says calmly when there is nothing to report', async () => {
    renderContacts({ contact_list: () => [], violations: () => EMPTY_SUMMARY });
    expect(await screen.findByTestId('violations-none')).toHaveTextContent('目前没有发现违规');
    expect(screen.queryByTestId('complaint-generate')).not.toBeInTheDocument();
  });
});
