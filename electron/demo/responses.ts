import type { CampaignChangedEvent, CampaignState } from '../../shared/sending/contract';
import type { Core } from '../core/app-core';
import { controlGroupOf } from '../core/audiences/send';
import { DEMO_RESPONSE_DEFAULTS, type DemoResponse, type DemoShop } from './shop';

/** States a campaign reaches only once it has started sending. */
const STARTED: ReadonlySet<CampaignState> = new Set(['sending', 'paused', 'completed']);

/**
 * The control group of a segment send is never sent, so the simulators never hear of it; its buyers still order at
 * the base rate from the campaign's start, as the real ones would, so 效果 compares like with like.
 */
export function respondForControlGroups(core: Pick<Core, 'ctx' | 'events'>, shop: Pick<DemoShop, 'respond'>): () => void {
  const done = new Set<number>();
  return core.events.subscribe((name, payload) => {
    if (name !== 'campaigns.changed') return;
    const { id, state } = payload as CampaignChangedEvent;
    if (done.has(id) || !STARTED.has(state)) return;
    done.add(id);
    for (const held of controlGroupOf(core.ctx, id)) shop.respond(held.tid, false);
  });
}

/**
 * The demo's response rates: JST_DEMO_BASE_PERCENT and JST_DEMO_UPLIFT_POINTS (0–100 each, sum at most 100) override
 * the defaults (5 % base, +8 points), e.g. for a presentation or a test that needs every recipient to order.
 */
export function demoResponseFromEnv(env: NodeJS.ProcessEnv): Partial<DemoResponse> {
  const read = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || !/^\d{1,3}(\.\d+)?$/.test(text) || Number(text) > 100) return undefined;
    return Number(text);
  };
  const basePercent = read('JST_DEMO_BASE_PERCENT') ?? DEMO_RESPONSE_DEFAULTS.basePercent;
  const upliftPoints = read('JST_DEMO_UPLIFT_POINTS') ?? DEMO_RESPONSE_DEFAULTS.upliftPoints;
  return { basePercent, upliftPoints: Math.min(upliftPoints, 100 - basePercent) };
}
