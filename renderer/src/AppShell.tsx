import { DashboardOutlined, InboxOutlined, FileTextOutlined, HistoryOutlined, SendOutlined, SettingOutlined, StopOutlined } from '@ant-design/icons';
import { Layout, Menu, Spin, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType, type LazyExoticComponent } from 'react';
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

export type PageKey = 'overview' | 'templates' | 'send' | 'history' | 'inbox' | 'suppression' | 'settings';
const PAGES: PageKey[] = ['overview', 'templates', 'send', 'history', 'inbox', 'suppression', 'settings'];
const ICONS: Record<PageKey, React.ReactNode> = {
  overview: <DashboardOutlined />,
  templates: <FileTextOutlined />,
  send: <SendOutlined />,
  history: <HistoryOutlined />,
  inbox: <InboxOutlined />,
  suppression: <StopOutlined />,
  settings: <SettingOutlined />,
};

/** Opens a page; `detail` (e.g. a campaign id or a phone) lands in the hash as #/page/detail. */
export type Navigate = (page: PageKey, detail?: string) => void;

/** The `detail` part of #/page/detail, kept current as the seller navigates. */
export function useRouteDetail(): string | null {
  const read = () => {
    const part = window.location.hash.replace(/^#\/?/, '').split('/')[1];
    return part ? decodeURIComponent(part) : null;
  };
  const [detail, setDetail] = useState(read);
  useEffect(() => {
    const update = () => setDetail(read());
    window.addEventListener('jst:route', update);
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('jst:route', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  return detail;
}

/** Route-level code splitting: each screen is its own chunk, fetched the first time it opens. */
const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType<{ navigate: Navigate }>>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

/** Feature screens, one line each (settings is special: it edits the shell's own state). */
const FEATURE_PAGES: Record<Exclude<PageKey, 'settings'>, LazyExoticComponent<ComponentType<{ navigate: Navigate }>>> = {
  overview: lazyPage(() => import('./pages/overview/OverviewPage'), 'OverviewPage'),
  templates: lazyPage(() => import('./pages/templates/TemplatesPage'), 'TemplatesPage'),
  send: lazyPage(() => import('./pages/send/SendPage'), 'SendPage'),
  history: lazyPage(() => import('./pages/history/HistoryPage'), 'HistoryPage'),
  inbox: lazyPage(() => import('./pages/inbox/InboxPage'), 'InboxPage'),
  suppression: lazyPage(() => import('./pages/send/SuppressionPage'), 'SuppressionPage'),
};

const SetupPage = lazy(() => import('./pages/SetupPage').then((m) => ({ default: m.SetupPage })));
const WelcomePage = lazy(() => import('./pages/WelcomePage').then((m) => ({ default: m.WelcomePage })));

function FeaturePage({ page, navigate }: { page: Exclude<PageKey, 'settings'>; navigate: Navigate }) {
  const Page = FEATURE_PAGES[page];
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
      <Page navigate={navigate} />
    </Suspense>
  );
}

/** Routes outside the menu. */
type ExtraRoute = 'welcome';
const EXTRA_ROUTES: ExtraRoute[] = ['welcome'];

function pageFromHash(): PageKey | ExtraRoute | null {
  const key = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return ([...PAGES, ...EXTRA_ROUTES] as string[]).includes(key) ? (key as PageKey | ExtraRoute) : null;
}

export function AppShell() {
  const api = useApi();
  const { t } = useTranslation();
  const [vault, setVault] = useState<VaultStatus>();
  const [settings, setSettings] = useState<SettingsView>();
  const [page, setPage] = useState<PageKey | ExtraRoute | null>(pageFromHash);
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

  // Decided once: a seller who has not configured TOP lands on the setup screen, and stays there while filling it in.
  const navigate = useCallback((next: PageKey | ExtraRoute, detail?: string) => {
    setPage(next);
    window.history.replaceState(null, '', detail ? `#/${next}/${encodeURIComponent(detail)}` : `#/${next}`);
    window.dispatchEvent(new Event('jst:route'));
  }, []);
  useEffect(() => {
    // First run (no shop connected, not in the demo): the welcome screen offers setup or the demo.
    if (page === null && settings && demo.data) navigate(settings.complete.top || demo.data.active ? 'overview' : 'welcome');
  }, [page, settings, demo.data, navigate]);

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
