import { describe, expect, it } from 'vitest';
import { importRenderer } from '../../helpers/renderer-module';

interface Route {
  page: string | null;
  detail: string | null;
}
const { parseRoute, routeHash } = await importRenderer<{ parseRoute: (hash: string) => Route; routeHash: (page: string, detail?: string) => string }>(
  'routing/routes.ts',
);

// The address bar is typed by people and carries the browser host's token once: only known routes route.
describe('hash routes', () => {
  it('reads #/page and #/page/detail, with or without the slash', () => {
    expect(parseRoute('#/inbox')).toEqual({ page: 'inbox', detail: null });
    expect(parseRoute('#inbox')).toEqual({ page: 'inbox', detail: null });
    expect(parseRoute('#/history/lookup%3A13900000000')).toEqual({ page: 'history', detail: 'lookup:13900000000' });
    expect(parseRoute('#/welcome')).toEqual({ page: 'welcome', detail: null });
  });

  it('anything else is no route (the shell picks the landing page)', () => {
    expect(parseRoute('')).toEqual({ page: null, detail: null });
    expect(parseRoute('#token=abc123')).toEqual({ page: null, detail: null });
    expect(parseRoute('#/nowhere/1')).toEqual({ page: null, detail: null });
  });

  it('a malformed escape opens the page without a detail instead of throwing', () => {
    expect(parseRoute('#/inbox/%E0%A4%A')).toEqual({ page: 'inbox', detail: null });
  });

  it('routeHash and parseRoute round-trip any detail', () => {
    for (const detail of ['12', 'lookup:13900000000', '演示/订单 #1']) expect(parseRoute(routeHash('send', detail))).toEqual({ page: 'send', detail });
  });
});
