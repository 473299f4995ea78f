import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';

/** One click switches between 中文 and English; the button names the language it switches to. */
export default function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = currentLanguage(i18n.language) === 'en' ? 'zh-CN' : 'en';
  return (
    <Tooltip title={t('language.switchTooltip')}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        onClick={() => void setLanguage(next)}
        data-testid="lang-switch"
        lang={next}
      >
        {t(`language.${next}`)}
      </Button>
    </Tooltip>
  );
}
