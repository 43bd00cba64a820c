import { useSyncExternalStore } from 'react';

// Hash routing (#/page/detail): works the same on app:// (Electron) and on the browser host. The browser host's
// per-launch token also arrives in the fragment (#token=…); transport/browser.ts takes it and clears the fragment
// before the first render, so it is never read as a route.

export type PageKey = 'overview' | 'orders' | 'templates' | 'send' | 'automations' | 'history' | 'inbox' | 'suppression' | 'audiences' | 'costs' | 'settings';
/** The menu, in order. */
export const PAGES: readonly PageKey[] = [
  'overview',
  'orders',
  'templates',
  'send',
  'automations',
  'history',
  'inbox',
  'suppression',
  'audiences',
  'costs',
  'settings',
];
/** Routes outside the menu. */
export type ExtraRoute = 'welcome';
const EXTRA_ROUTES: readonly ExtraRoute[] = ['welcome'];
export type RouteKey = PageKey | ExtraRoute;

export interface Route {
  /** null: no route (or an unknown one) in the address: the shell picks the landing page. */
  page: RouteKey | null;
  /** The `detail` part of #/page/detail (a campaign id, a phone…). */
  detail: string | null;
}

/** Opens a page; `detail` lands in the address as #/page/detail. */
export type Navigate = (page: PageKey, detail?: string) => void;

export function parseRoute(hash: string): Route {
  const [key = '', detail] = hash.replace(/^#\/?/, '').split('/');
  const page = ([...PAGES, ...EXTRA_ROUTES] as string[]).includes(key) ? (key as RouteKey) : null;
  let decoded: string | null;
  try {
    decoded = page && detail ? decodeURIComponent(detail) : null;
  } catch {
    decoded = null; // a hand-typed malformed escape: open the page without a detail
  }
  return { page, detail: decoded };
}

export function routeHash(page: RouteKey, detail?: string): string {
  return detail ? `#/${page}/${encodeURIComponent(detail)}` : `#/${page}`;
}

/** Fired for our own pushState/replaceState, which the browser does not announce. */
const ROUTE_EVENT = 'jst:route';

/** Each navigation is a history entry (Back returns to it); `replace` for redirects such as the landing page. */
export function navigate(page: RouteKey, detail?: string, { replace = false }: { replace?: boolean } = {}) {
  const hash = routeHash(page, detail);
  if (window.location.hash === hash) return;
  if (replace) window.history.replaceState(null, '', hash);
  else window.history.pushState(null, '', hash);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  // hashchange: a typed address; popstate: Back/Forward; ROUTE_EVENT: navigate().
  const events = [ROUTE_EVENT, 'hashchange', 'popstate'];
  for (const name of events) window.addEventListener(name, onChange);
  return () => {
    for (const name of events) window.removeEventListener(name, onChange);
  };
}

const currentHash = () => window.location.hash;

/** The route in the address bar, kept current however it changes. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

export function useRouteDetail(): string | null {
  return useRoute().detail;
}
