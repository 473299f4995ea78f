import { FolderOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** Where the vault lives, with an optional "change…" for people who keep it on a USB stick. */
export default function LocationRow({
  path,
  defaultPath,
  onChange,
  testId,
}: {
  path: string | null;
  defaultPath: string;
  onChange?: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const shown = path ?? defaultPath;
  return (
    <div className="location-row" data-testid={testId}>
      <FolderOutlined />
      <span>{t('location.label')}</span>
      <Tooltip title={shown}>
        {/* rtl keeps the end of a long path (the folder's own name) visible when it is cut. */}
        <span className="path" data-testid={`${testId}-path`}>
          <bdi>{shown}</bdi>
        </span>
      </Tooltip>
      {onChange && (
        <Button type="link" size="small" onClick={onChange} data-testid={`${testId}-change`}>
          {t('common.change')}
        </Button>
      )}
    </div>
  );
}
