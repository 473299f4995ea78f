import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter } from 'react-router';
import AppRoutes from './AppRoutes';
import { currentLanguage } from './i18n';
import { themeFor } from './theme';
import VaultGate from './vault/VaultGate';

/** Providers (antd theme and locale, messages, router) around the vault gate and the pages. */
export default function App() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n.language);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.windowTitle');
    dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  }, [language, t]);

  return (
    <ConfigProvider
      locale={language === 'en' ? enUS : zhCN}
      theme={themeFor(language)}
      // Chinese two-character buttons keep their natural spacing (锁定, not 锁 定).
      button={{ autoInsertSpace: false }}
    >
      <AntApp message={{ maxCount: 3 }}>
        <HashRouter>
          <VaultGate>
            <AppRoutes />
          </VaultGate>
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  );
}
