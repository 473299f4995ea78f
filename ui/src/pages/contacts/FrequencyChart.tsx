import { Alert, Card, Flex, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactFrequency } from '../../platform';
import { lastDay, monthDay, tickStep } from './frequency';

/** Drawing units of the SVG's view box (it scales to the card's width). */
const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 34, right: 58, top: 14, bottom: 30 };
const BAR_FILL = '#9db8d6';
const NIGHT_FILL = '#27466b';
const LIMIT_STROKE = '#555';

/**
 * 联系频率: inbound contacts per day (or per week on long logs) as an SVG bar chart, the night
 * part drawn dark, a mark over days a call-count flag was raised, and the rules' daily limits
 * as dashed lines. The counting and the limits come from the core (`contact_frequency`), the
 * same numbers the evidence PDF prints.
 */
export default function FrequencyChart({
  frequency,
  error,
}: {
  frequency: ContactFrequency | null;
  error: string | null;
}) {
  const { t } = useTranslation(['contacts', 'enums']);
  const titleId = useId();
  const descId = useId();

  if (error) {
    return (
      <Card title={t('frequency.title')} size="small" data-testid="frequency-chart">
        <Alert type="warning" showIcon title={t('frequency.loadError', { error })} />
      </Card>
    );
  }
  if (!frequency || frequency.bars.every((b) => b.contacts === 0)) return null;

  const { totals, bars, limits } = frequency;
  const daily = frequency.bar_days === 1;
  const lines = daily ? limits : [];
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) return null;
  const from = first.start;
  const to = lastDay(last);

  const max = Math.max(1, ...bars.map((b) => b.contacts), ...lines.map((l) => l.per_day));
  const step = tickStep(max);
  const yMax = Math.ceil(max / step) * step;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const bottom = PAD.top + plotH;
  const y = (v: number) => bottom - (plotH * Math.min(v, yMax)) / yMax;
  const slot = plotW / bars.length;
  const barW = Math.max(1, slot * 0.7);
  const every = Math.max(1, Math.ceil(40 / slot));
  const ticks: number[] = [];
  for (let v = 0; v <= yMax; v += step) ticks.push(v);

  const title = daily
    ? t('frequency.title')
    : frequency.bar_days === 7
      ? t('frequency.titleWeekly')
      : t('frequency.titleGrouped', { days: frequency.bar_days });
  const desc = t('frequency.desc', {
    from,
    to,
    count: totals.calls + totals.messages + totals.other,
    night: totals.night,
  });

  return (
    <Card title={title} size="small" data-testid="frequency-chart">
      <Flex vertical gap={8}>
        <Typography.Text data-testid="frequency-totals">
          {t('frequency.totals', {
            calls: totals.calls,
            answered: totals.answered,
            missed: totals.missed,
            messages: totals.messages,
            night: totals.night,
            days: totals.span_days,
            active: totals.active_days,
          })}
        </Typography.Text>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          style={{ maxWidth: WIDTH, fontSize: 11 }}
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{desc}</desc>
          {ticks.map((v) => (
            <g key={`tick-${v}`}>
              {v > 0 && <line x1={PAD.left} x2={PAD.left + plotW} y1={y(v)} y2={y(v)} stroke="#e5e5e5" />}
              <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end" fill="#666">
                {v}
              </text>
            </g>
          ))}
          {bars.map((b, i) => {
            if (b.contacts === 0) return null;
            const x = PAD.left + slot * i + (slot - barW) / 2;
            const night = Math.min(b.night, b.contacts);
            const label = t('frequency.bar', {
              date: daily ? b.start : `${b.start}–${lastDay(b)}`,
              count: b.contacts,
              night,
            });
            return (
              <g key={b.start} data-testid="frequency-bar" data-count={b.contacts} data-night={night}>
                <title>{label}</title>
                {night < b.contacts && (
                  <rect x={x} y={y(b.contacts)} width={barW} height={y(night) - y(b.contacts)} fill={BAR_FILL} />
                )}
                {night > 0 && (
                  <rect
                    x={x}
                    y={y(night)}
                    width={barW}
                    height={bottom - y(night)}
                    fill={NIGHT_FILL}
                    data-testid="frequency-night"
                  />
                )}
                {b.over_limit && (
                  <text
                    x={x + barW / 2}
                    y={y(b.contacts) - 3}
                    textAnchor="middle"
                    fill="#333"
                    data-testid="frequency-mark"
                  >
                    ▲
                  </text>
                )}
              </g>
            );
          })}
          <line x1={PAD.left} x2={PAD.left + plotW} y1={bottom} y2={bottom} stroke="#333" />
          <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={bottom} stroke="#333" />
          {lines.map((l) => (
            <g key={l.kind} data-testid={`frequency-limit-${l.kind}`}>
              <line
                x1={PAD.left}
                x2={PAD.left + plotW}
                y1={y(l.per_day)}
                y2={y(l.per_day)}
                stroke={LIMIT_STROKE}
                strokeDasharray="6 4"
              />
              <text x={PAD.left + plotW + 4} y={y(l.per_day) + 4} fill="#333">
                {t('frequency.limitShort', { count: l.per_day })}
              </text>
            </g>
          ))}
          {bars.map((b, i) =>
            i % every === 0 ? (
              <text
                key={`label-${b.start}`}
                x={PAD.left + slot * (i + 0.5)}
                y={bottom + 16}
                textAnchor="middle"
                fill="#555"
              >
                {monthDay(b.start)}
              </text>
            ) : null,
          )}
        </svg>
        <Flex vertical gap={2}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: BAR_FILL, marginRight: 6 }} />
            {t('frequency.legendBar')}
            <span
              style={{ display: 'inline-block', width: 10, height: 10, background: NIGHT_FILL, margin: '0 6px 0 16px' }}
            />
            {t('frequency.legendNight')}
            {bars.some((b) => b.over_limit) && (
              <span style={{ marginLeft: 16 }}>
                ▲ {t('frequency.legendMark', { calls: t('enums:flag.too_many_calls'), attempts: t('enums:flag.too_many_attempts') })}
              </span>
            )}
          </Typography.Text>
          {lines.map((l) => (
            <Typography.Text key={`legend-${l.kind}`} type="secondary" style={{ fontSize: 12 }} data-testid="frequency-limit-legend">
              {t(`frequency.limit.${l.kind}`, { count: l.per_day })}
              {t('frequency.basis', {
                source: t(`enums:source.${l.source}`),
                kind: t(`enums:basisKind.${l.basis_kind}`),
              })}
            </Typography.Text>
          ))}
          {!daily && limits.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('frequency.weeklyNoLimit')}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
