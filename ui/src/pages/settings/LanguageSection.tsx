import { App, Card, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n, { currentLanguage, LANGUAGES, setLanguage } from '../../i18n';
import type { Language } from '../../i18n';

export default function LanguageSection() {
  const { t, i18n: active } = useTranslation();
  const { message } = App.useApp();

  const change = async (language: Language) => {
    await setLanguage(language);
    void message.success(i18n.getFixedT(language)('settings.language.changed'));
  };

  return (
    <Card title={t('settings.language.title')} data-testid="settings-language">
      <Typography.Paragraph type="secondary">{t('settings.language.hint')}</Typography.Paragraph>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={currentLanguage(active.language)}
        onChange={(e) => void change(e.target.value as Language)}
        options={LANGUAGES.map((language) => ({
          value: language,
          label: (
            <span lang={language} data-testid={`settings-language-${language}`}>
              {t(`language.${language}`)}
            </span>
          ),
        }))}
      />
    </Card>
  );
}
