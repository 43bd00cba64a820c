import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Core } from '../../../electron/core/app-core';
import type { EventName, EventPayload, RequestInput, RequestName, RequestResult } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { testCore } from '../../helpers/profile';
import { DEMO_CREDENTIALS, startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

// Short background intervals for the core's templates module; read once when the core is created.
process.env.JST_AUDIT_POLL_MS = '150,600';
process.env.JST_OUTBOX_RETRY_MS = '150,600';

/** A real core (browser-host flavour) whose TOP settings point at `gatewayUrl` with the simulator's credentials. */
export async function coreFor(gatewayUrl: string) {
  const t = await testCore({ passphrase: 'integration-passphrase' });
  await call(t.core, 'settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl, signMethod: 'hmac-sha256' });
  const events: Array<{ name: EventName; payload: unknown }> = [];
  t.core.events.subscribe((name, payload) => events.push({ name, payload }));
  return { ...t, events };
}

/**
 * One simulator for the test file. A test gets its core from core(); after each test the core is cleaned up and the
 * simulator's faults and counters are reset.
 */
export function useSimulator() {
  let gateway: TopGateway | undefined;
  let env: Awaited<ReturnType<typeof coreFor>> | undefined;
  const running = (): TopGateway => {
    if (!gateway) throw new Error('the simulator starts in beforeAll');
    return gateway;
  };
  beforeAll(async () => {
    gateway = await startTopGateway();
  });
  afterAll(async () => {
    await running().close();
  });
  afterEach(async () => {
    await env?.cleanup();
    env = undefined;
    running().control.clearFaults();
    running().control.resetCounters();
  });
  return {
    get gw(): TopGateway {
      return running();
    },
    /** A core on the simulator, or on `gatewayUrl` (e.g. one with nothing listening). */
    async core(gatewayUrl?: string) {
      env = await coreFor(gatewayUrl ?? running().url);
      return env;
    },
  };
}

/** A port where a simulator was and no longer is: the gateway is down until one starts there again. */
export async function closedGateway(): Promise<{ port: number; url: string }> {
  const gateway = await startTopGateway();
  await gateway.close();
  return { port: gateway.port, url: gateway.url };
}

/** Dispatches through the contract like a renderer would; errors come back as AppError. */
export async function call<M extends RequestName>(core: Core, method: M, input: RequestInput<M>): Promise<RequestResult<M>> {
  const envelope = await core.dispatch(method, input);
  if (!envelope.ok) throw AppError.fromData(envelope.error);
  return envelope.result as RequestResult<M>;
}

export async function callError(core: Core, method: RequestName, input: unknown): Promise<AppError> {
  const envelope = await core.dispatch(method, input);
  if (envelope.ok) throw new Error(`${method} unexpectedly succeeded`);
  return AppError.fromData(envelope.error);
}

export function waitForEvent<E extends EventName>(
  core: Core,
  name: E,
  match: (payload: EventPayload<E>) => boolean,
  timeoutMs = 8_000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${name} event in ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = core.events.subscribe((event, payload) => {
      if (event === name && match(payload as EventPayload<E>)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(payload as EventPayload<E>);
      }
    });
  });
}

export const NOTICE = { name: '发货通知', type: 1 as const, content: '亲，您的订单${tid}已发货，请注意查收。', remark: '买家付款后发货提醒' };
