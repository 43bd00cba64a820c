import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { Navigate, PageKey } from './routes';

// The route table's screens. Route-level code splitting: each screen is its own chunk, fetched the first time it opens.

const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType<{ navigate: Navigate }>>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

/** Feature screens, one line each (settings is special: it edits the shell's own state). */
const FEATURE_PAGES: Record<Exclude<PageKey, 'settings'>, LazyExoticComponent<ComponentType<{ navigate: Navigate }>>> = {
  overview: lazyPage(() => import('../pages/overview/OverviewPage'), 'OverviewPage'),
  orders: lazyPage(() => import('../pages/orders/OrdersPage'), 'OrdersPage'),
  templates: lazyPage(() => import('../pages/templates/TemplatesPage'), 'TemplatesPage'),
  send: lazyPage(() => import('../pages/send/SendPage'), 'SendPage'),
  automations: lazyPage(() => import('../pages/automations/AutomationsPage'), 'AutomationsPage'),
  history: lazyPage(() => import('../pages/history/HistoryPage'), 'HistoryPage'),
  inbox: lazyPage(() => import('../pages/inbox/InboxPage'), 'InboxPage'),
  suppression: lazyPage(() => import('../pages/suppression/SuppressionPage'), 'SuppressionPage'),
  audiences: lazyPage(() => import('../pages/audiences/AudiencesPage'), 'AudiencesPage'),
  costs: lazyPage(() => import('../pages/costs/CostsPage'), 'CostsPage'),
};

export const SetupPage = lazy(() => import('../pages/SetupPage').then((m) => ({ default: m.SetupPage })));
export const WelcomePage = lazy(() => import('../pages/WelcomePage').then((m) => ({ default: m.WelcomePage })));

export function FeaturePage({ page, navigate }: { page: Exclude<PageKey, 'settings'>; navigate: Navigate }) {
  const Page = FEATURE_PAGES[page];
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
      <Page navigate={navigate} />
    </Suspense>
  );
}
