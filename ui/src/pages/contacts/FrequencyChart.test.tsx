import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import type { ContactFrequency, FrequencyBar } from '../../platform';
import FrequencyChart from './FrequencyChart';
import { lastDay, tickStep } from './frequency';

function bar(start: string, contacts: number, night = 0, over_limit = false): FrequencyBar {
  return { start, days: 1, contacts, night, calls: contacts, answered: 0, over_limit };
}

const FREQUENCY: ContactFrequency = {
  totals: {
    calls: 7,
    answered: 1,
    missed: 4,
    messages: 2,
    other: 0,
    night: 3,
    outgoing: 0,
    unknown_direction: 0,
    official: 0,
    first: '2026-03-02',
    last: '2026-03-05',
    span_days: 4,
    active_days: 3,
  },
  bars: [bar('2026-03-02', 5, 0, true), bar('2026-03-03', 0), bar('2026-03-04', 3, 2), bar('2026-03-05', 1, 1)],
  bar_days: 1,
  limits: [
    { kind: 'answered_calls', per_day: 3, source: 'gbt_45251', basis_kind: 'national_standard' },
    { kind: 'unanswered_per_number', per_day: 6, source: 'cba_2026', basis_kind: 'industry_standard' },
  ],
};

describe('the contact-frequency chart', () => {
  it('draws a bar per day with contacts, the night part dark, the mark and the limits', () => {
    render(<FrequencyChart frequency={FREQUENCY} error={null} />);
    const chart = screen.getByTestId('frequency-chart');
    const svg = within(chart).getByRole('img');
    expect(svg).toHaveAccessibleName(expect.stringContaining('联系频率'));
    expect(svg).toHaveAccessibleName(expect.stringContaining('2026-03-02 至 2026-03-05，对方共联系 9 次'));

    const bars = within(chart).getAllByTestId('frequency-bar');
    expect(bars.map((b) => [b.dataset.count, b.dataset.night])).toEqual([
      ['5', '0'],
      ['3', '2'],
      ['1', '1'],
    ]);
    expect(within(chart).getAllByTestId('frequency-night')).toHaveLength(2);
    expect(within(chart).getAllByTestId('frequency-mark')).toHaveLength(1);
    expect(within(chart).getByTestId('frequency-limit-answered_calls')).toHaveTextContent('上限 3');
    expect(within(chart).getByTestId('frequency-limit-unanswered_per_number')).toHaveTextContent('上限 6');
    const legends = within(chart).getAllByTestId('frequency-limit-legend');
    expect(legends[0]).toHaveTextContent('每日接通电话上限 3 次');
    expect(legends[0]).toHaveTextContent('〔推荐性国家标准〕');
    expect(within(chart).getByTestId('frequency-totals')).toHaveTextContent('来电 7 次（接通 1 次，未接通 4 次），消息 2 条，夜间 3 次');
    // Labels MM-DD under the bars.
    expect(chart).toHaveTextContent('03-02');
  });

  it('leaves the limits off weekly bars and says so, in English too', async () => {
    await i18n.changeLanguage('en');
    try {
      const weekly: ContactFrequency = {
        ...FREQUENCY,
        bar_days: 7,
        bars: [
          { ...bar('2026-01-05', 9, 2), days: 7 },
          { ...bar('2026-01-12', 4), days: 7 },
        ],
      };
      render(<FrequencyChart frequency={weekly} error={null} />);
      const chart = screen.getByTestId('frequency-chart');
      expect(within(chart).queryByTestId('frequency-limit-answered_calls')).toBeNull();
      expect(chart).toHaveTextContent('Contact frequency (a bar a week, dated by its Monday)');
      expect(chart).toHaveTextContent('Daily limits are not drawn on weekly bars.');
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });

  it('draws nothing without contacts, and says so when the counts cannot be read', () => {
    const empty = { ...FREQUENCY, bars: [] };
    const { container } = render(<FrequencyChart frequency={empty} error={null} />);
    expect(container).toBeEmptyDOMElement();
    render(<FrequencyChart frequency={null} error="数据库忙" />);
    expect(screen.getByTestId('frequency-chart')).toHaveTextContent('联系频率没有读取出来。数据库忙');
  });

  it('picks round tick steps and finds the last day of a bar', () => {
    expect([1, 6, 7, 13, 40, 1000].map(tickStep)).toEqual([1, 1, 2, 5, 10, 200]);
    expect(lastDay({ ...bar('2026-02-23', 1), days: 7 })).toBe('2026-03-01');
  });
});
