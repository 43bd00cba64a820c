import { InboxOutlined, FileTextOutlined, HistoryOutlined, SendOutlined, SettingOutlined } from '@ant-design/icons';
import { Layout, Menu, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView, VaultStatus } from '../../shared/contract';
import { AuditNotices } from './components/AuditNotices';
import { StatusBar } from './components/StatusBar';
import { useApi, useEvent } from './context';
import { setLanguage } from './i18n';
import { NotYetPage } from './pages/NotYetPage';
import { SetupPage } from './pages/SetupPage';
import { TemplatesPage } from './pages/templates/TemplatesPage';
import { VaultGate } from './pages/VaultGate';

export type PageKey = 'templates' | 'send' | 'history' | 'inbox' | 'settings';
const PAGES: PageKey[] = ['templates', 'send', 'history', 'inbox', 'settings'];
const ICONS: Record<PageKey, React.ReactNode> = {
  templates: <FileTextOutlined />,
  send: <SendOutlined />,
  history: <HistoryOutlined />,
  inbox: <InboxOutlined />,
  settings: <SettingOutlined />,
};

function pageFromHash(): PageKey | null {
  const key = window.location.hash.replace(/^#\/?/, '');
  return (PAGES as string[]).includes(key) ? (key as PageKey) : null;
}

export function AppShell() {
  const api = useApi();
  const { t } = useTranslation();
  const [vault, setVault] = useState<VaultStatus>();
  const [settings, setSettings] = useState<SettingsView>();
  const [page, setPage] = useState<PageKey | null>(pageFromHash);

  const reload = useCallback(async () => {
    const status = await api.call('vault.status');
    setVault(status);
    const view = await api.call('settings.get');
    setSettings(view);
    setLanguage(view.preferences.language);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEvent('settings.changed', useCallback(() => void reload(), [reload]));

  // Decided once: a seller who has not configured TOP lands on the setup screen, and stays there while filling it in.
  const navigate = useCallback((next: PageKey) => {
    setPage(next);
    window.history.replaceState(null, '', `#/${next}`);
  }, []);
  useEffect(() => {
    if (page === null && settings) navigate(settings.complete.top ? 'templates' : 'settings');
  }, [page, settings, navigate]);

  if (!vault || !settings || page === null) return <Spin fullscreen tip={t('common.loading')} />;
  if (vault.state !== 'unlocked') return <VaultGate status={vault} onChanged={setVault} />;
  const current = page;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider theme="light" width={200} breakpoint="lg" style={{ borderRight: '1px solid #f0f0f0' }}>
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
          items={PAGES.map((key) => ({ key, icon: ICONS[key], label: t(`nav.${key}`) }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Content style={{ padding: 24, overflow: 'auto' }}>
          {current === 'settings' ? (
            <SetupPage settings={settings} onSaved={setSettings} />
          ) : current === 'templates' ? (
            <TemplatesPage />
          ) : (
            <NotYetPage title={t(`nav.${current}`)} />
          )}
        </Layout.Content>
        <StatusBar lockable={vault.backend === 'passphrase'} />
        <AuditNotices onOpen={() => navigate('templates')} />
      </Layout>
    </Layout>
  );
}
