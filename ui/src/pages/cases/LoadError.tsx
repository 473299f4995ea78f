import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../platform';

/** A load failure: what happened, what to do, and a retry. */
export default function LoadError({ error, onRetry, title }: { error: unknown; onRetry: () => void; title?: string }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation(['cases', 'enums']);
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? tc('common.loadError')}
      description={errorText(error, t)}
      action={
        <Button size="small" onClick={onRetry} data-testid="load-retry">
          {t('common.retry')}
        </Button>
      }
      data-testid="load-error"
    />
  );
}
