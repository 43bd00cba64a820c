import { DashboardOutlined, InboxOutlined, FileTextOutlined, HistoryOutlined, SendOutlined, SettingOutlined, StopOutlined } from '@ant-design/icons';
import { Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView, VaultStatus } from '../../shared/contract';
import { AuditNotices } from './components/AuditNotices';
import { DemoBanner, useReloadOnDemoSwitch } from './components/DemoMode';
import { StatusBar } from './components/StatusBar';
import { LoadError } from './components/LoadError';
import { errorText, useApi, useEvent } from './context';
import { setLanguage } from './i18n';
import { InboxNavLabel, InboxNotices } from './pages/inbox/InboxNotices';
import { VaultGate } from './pages/VaultGate';
import { useApiQuery } from './query';
import { FeaturePage, SetupPage, WelcomePage } from './routing/page-registry';
import { navigate, PAGES, useRoute, type PageKey } from './routing/routes';

const ICONS: Record<PageKey, React.ReactNode> = {
  overview: <DashboardOutlined />,
  templates: <FileTextOutlined />,
  send: <SendOutlined />,
  history: <HistoryOutlined />,
  inbox: <InboxOutlined />,
  suppression: <StopOutlined />,
  settings: <SettingOutlined />,
};

export function AppShell() {
  const api = useApi();
  const { t } = useTranslation();
  const [vault, setVault] = useState<VaultStatus>();
  const [settings, setSettings] = useState<SettingsView>();
  const { page } = useRoute();
  const demo = useApiQuery('demo.status');
  useReloadOnDemoSwitch();

  const [loadError, setLoadError] = useState<string>();
  const reload = useCallback(() => {
    setLoadError(undefined);
    return (async () => {
      const status = await api.call('vault.status');
      setVault(status);
      const view = await api.call('settings.get');
      setSettings(view);
      setLanguage(view.preferences.language);
    })().catch((error: unknown) => setLoadError(errorText(t, error)));
  }, [api, t]);

  useEffect(() => {
    void reload(); // never rejects: a failure becomes loadError
  }, [reload]);
  useEvent(
    'settings.changed',
    useCallback(() => void reload(), [reload]),
  );

  useEffect(() => {
    // No route in the address: the landing page. First run (no shop connected, not in the demo): the welcome
    // screen offers setup or the demo.
    if (page === null && settings && demo.data) navigate(settings.complete.top || demo.data.active ? 'overview' : 'welcome', undefined, { replace: true });
  }, [page, settings, demo.data]);

  // Before the first load nothing can be shown but the failure; later (settings.changed) it sits above the page.
  if ((!vault || !settings) && loadError) {
    return (
      <div style={{ padding: 24 }}>
        <LoadError error={loadError} onRetry={() => void reload()} />
      </div>
    );
  }
  if (!vault || !settings || page === null) return <Spin fullscreen tip={t('common.loading')} />;
  if (vault.state !== 'unlocked') return <VaultGate status={vault} onChanged={setVault} />;
  const current = page;

  return (
    // Menu and status bar stay put; only the content pane scrolls.
    <Layout className="app-frame">
      <Layout.Sider theme="light" width={232} breakpoint="lg" className="app-sider">
        <div style={{ padding: '16px 20px' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          onClick={({ key }) => navigate(key as PageKey)}
          items={PAGES.map((key) => ({ key, icon: ICONS[key], label: key === 'inbox' ? <InboxNavLabel label={t('nav.inbox')} /> : t(`nav.${key}`) }))}
        />
      </Layout.Sider>
      <Layout className="app-main">
        <DemoBanner />
        {loadError && <LoadError error={loadError} onRetry={() => void reload()} />}
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
            {current === 'welcome' ? (
              <WelcomePage onConnect={() => navigate('settings')} />
            ) : current === 'settings' ? (
              <SetupPage settings={settings} onSaved={setSettings} />
            ) : (
              <FeaturePage page={current} navigate={navigate} />
            )}
          </Suspense>
        </Layout.Content>
        <StatusBar lockable={vault.backend === 'passphrase'} />
        <AuditNotices onOpen={() => navigate('templates')} />
        <InboxNotices navigate={navigate} />
      </Layout>
    </Layout>
  );
}
