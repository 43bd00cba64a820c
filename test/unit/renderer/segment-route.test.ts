import { describe, expect, it } from 'vitest';
import { importRenderer } from '../../helpers/renderer-module';

type Source = { segmentId: number } | { rule: Record<string, unknown>; name?: string } | 'invalid' | null;
const { parseRoute, routeHash } = await importRenderer<{
  parseRoute: (hash: string) => { page: string | null; detail: string | null };
  routeHash: (page: string, detail?: string) => string;
}>('routing/routes.ts');
const { segmentOfNewRoute } = await importRenderer<{ segmentOfNewRoute: (detail: string | null) => Source }>('pages/send/SegmentSource.tsx');
const { ordersOfNewRoute } = await importRenderer<{ ordersOfNewRoute: (detail: string | null) => string[] | null }>('pages/send/NewFromOrders.tsx');

/** The detail the send page sees after navigate('send', detail) wrote the address. */
const roundTrip = (detail: string) => parseRoute(routeHash('send', detail)).detail;

// 人群's 发送 opens #/send/new?segment=<id> or, for the rule being edited, #/send/new?rule=<json>&name=<n>.
describe('a new campaign from a segment', () => {
  it('reads a saved segment or a rule through the address bar, and leaves ?orders= alone', () => {
    expect(segmentOfNewRoute(roundTrip('new?segment=12'))).toEqual({ segmentId: 12 });
    const params = new URLSearchParams({ rule: JSON.stringify({ lastOrderWithinDays: 30, status: ['TRADE_FINISHED'] }), name: '老客 & 新客' });
    expect(segmentOfNewRoute(roundTrip(`new?${params.toString()}`))).toEqual({
      rule: { lastOrderWithinDays: 30, status: ['TRADE_FINISHED'] },
      name: '老客 & 新客',
    });
    expect(ordersOfNewRoute(roundTrip('new?segment=12'))).toBeNull();
    expect(segmentOfNewRoute(roundTrip('new?orders=4012345678901234567'))).toBeNull();
    expect(segmentOfNewRoute('12')).toBeNull();
  });

  it('refuses what does not parse instead of sending to someone else', () => {
    expect(segmentOfNewRoute('new?segment=0')).toBe('invalid');
    expect(segmentOfNewRoute('new?segment=abc')).toBe('invalid');
    expect(segmentOfNewRoute('new?rule=%7Bnot%20json')).toBe('invalid');
    expect(segmentOfNewRoute(`new?rule=${encodeURIComponent('{"minOrders":-1}')}`)).toBe('invalid');
    expect(segmentOfNewRoute(`new?rule=${encodeURIComponent('{"unknown":1}')}`)).toBe('invalid');
  });
});
