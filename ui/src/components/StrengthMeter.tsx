import { useTranslation } from 'react-i18next';
import { passphraseStrength } from '../lib/passphrase';
import { palette } from '../theme';

const COLORS = [palette.error, palette.error, palette.warning, palette.success, palette.success] as const;

/** Four bars and one line of advice under a new-passphrase field. */
export default function StrengthMeter({ value, testId }: { value: string | undefined; testId: string }) {
  const { t } = useTranslation();
  const { score, hint } = passphraseStrength(value ?? '');
  const empty = !value;
  return (
    <div className="strength" data-testid={testId} data-score={score} aria-live="polite">
      <div className="strength-bar" aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span key={bar} style={!empty && bar <= Math.max(score, 1) ? { backgroundColor: COLORS[score] } : undefined} />
        ))}
      </div>
      <div className="strength-text">
        {!empty && (
          <strong style={{ color: COLORS[score] }}>
            {t('strength.summary', { level: t(`strength.level.${score}`) })}
          </strong>
        )}{' '}
        {t(`strength.hint.${hint}`)}
      </div>
    </div>
  );
}
