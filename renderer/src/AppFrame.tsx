import {
  DashboardOutlined,
  InboxOutlined,
  FileTextOutlined,
  HistoryOutlined,
  SendOutlined,
  SettingOutlined,
  ShoppingOutlined,
  StopOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  AccountBookOutlined,
} from '@ant-design/icons';
import { Layout, Menu, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../shared/settings/contract';
import { AuditNotices } from './components/AuditNotices';
import { DemoBanner } from './components/DemoMode';
import { LoadError } from './components/LoadError';
import { StatusBar } from './components/StatusBar';
import { InboxNavLabel, InboxNotices } from './pages/inbox/InboxNotices';
import { FeaturePage, SetupPage, WelcomePage } from './routing/page-registry';
import { navigate, PAGES, type PageKey, type RouteKey } from './routing/routes';
import type { VaultStatus } from '../../shared/vault/contract';

const ICONS: Record<PageKey, React.ReactNode> = {
  overview: <DashboardOutlined />,
  orders: <ShoppingOutlined />,
  templates: <FileTextOutlined />,
  send: <SendOutlined />,
  automations: <ThunderboltOutlined />,
  history: <HistoryOutlined />,
  inbox: <InboxOutlined />,
  suppression: <StopOutlined />,
  audiences: <TeamOutlined />,
  costs: <AccountBookOutlined />,
  settings: <SettingOutlined />,
};

/** The unlocked app: menu, the current page, status bar and notices. */
export function AppFrame({
  page,
  vault,
  settings,
  onSettingsSaved,
  loadError,
  onRetry,
}: {
  page: RouteKey;
  vault: VaultStatus;
  settings: SettingsView;
  onSettingsSaved: (view: SettingsView) => void;
  /** A later settings reload that failed: shown above the page, with a retry. */
  loadError?: string;
  onRetry: () => void;
}) {
  const { t } = useTranslation();

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
          selectedKeys={[page]}
          onClick={({ key }) => navigate(key as PageKey)}
          items={PAGES.map((key) => ({ key, icon: ICONS[key], label: key === 'inbox' ? <InboxNavLabel label={t('nav.inbox')} /> : t(`nav.${key}`) }))}
        />
      </Layout.Sider>
      <Layout className="app-main">
        <DemoBanner navigate={navigate} />
        {loadError && <LoadError error={loadError} onRetry={onRetry} />}
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
            {page === 'welcome' ? (
              <WelcomePage onConnect={() => navigate('settings')} />
            ) : page === 'settings' ? (
              <SetupPage settings={settings} onSaved={onSettingsSaved} />
            ) : (
              <FeaturePage page={page} navigate={navigate} />
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
