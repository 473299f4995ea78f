import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../platform';
import { FLAG_COLOURS, flagExplanation, flagSeverity } from './flags';

export default function FlagTag({ flag }: { flag: Flag }) {
  const { t, i18n } = useTranslation(['contacts', 'enums']);
  const lines = flagExplanation(flag, t, i18n.language);
  return (
    <Tooltip
      title={
        <div data-testid={`flag-tooltip-${flag.code}`}>
          {lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      }
    >
      <Tag
        color={FLAG_COLOURS[flagSeverity(flag.code)]}
        data-testid={`flag-${flag.code}`}
        data-severity={flagSeverity(flag.code)}
        aria-label={`${t(`enums:flag.${flag.code}`)}: ${lines.join(' ')}`}
        tabIndex={0}
        style={{ cursor: 'help', marginInlineEnd: 4 }}
      >
        {t(`enums:flag.${flag.code}`)}
      </Tag>
    </Tooltip>
  );
}
