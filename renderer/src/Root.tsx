import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Api } from '../../shared/api';
import type { Language } from '../../shared/settings/schema';
import { AppShell } from './AppShell';
import { HostConnectionBanner } from './components/HostConnectionBanner';
import { ApiContext } from './context';
import { antdLocaleFor, i18n } from './i18n';
import { ApiQueryProvider } from './query';

// Its Result illustrations are only fetched when the token is missing.
const NoToken = lazy(() => import('./components/NoToken').then((m) => ({ default: m.NoToken })));

export function Root({ api }: { api: Api | null }) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  useEffect(() => {
    const onChange = (lng: string) => setLanguage(lng === 'en' ? 'en' : 'zh-CN');
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, []);
  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider locale={antdLocaleFor(language) ?? zhCN} theme={{ token: { colorPrimary: '#ff5000', borderRadius: 6 } }}>
        <AntApp>
          <HostConnectionBanner />
          {api ? (
            <ApiContext.Provider value={api}>
              <ApiQueryProvider>
                <AppShell />
              </ApiQueryProvider>
            </ApiContext.Provider>
          ) : (
            <Suspense>
              <NoToken />
            </Suspense>
          )}
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
