import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { importRenderer } from '../../helpers/renderer-module';

type Listener = (payload: unknown) => void;
interface EventApi {
  on(event: string, listener: Listener): () => void;
}
const { subscribeInvalidations, createQueryClient } = await importRenderer<{
  subscribeInvalidations: (api: EventApi, client: QueryClient) => () => void;
  createQueryClient: () => QueryClient;
}>('query.tsx');

/** main's event stream, fired by hand. */
function eventApi() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
    emit(event: string) {
      for (const listener of listeners.get(event) ?? []) listener({ campaignIds: [1] });
    },
  };
}

/** A query function whose answers are held until released, in call order. */
function gatedAnswers() {
  const held: Array<(value: { delivered: number }) => void> = [];
  let calls = 0;
  return {
    queryFn: () => {
      calls += 1;
      return new Promise<{ delivered: number }>((resolve) => held.push(resolve));
    },
    calls: () => calls,
    release: (value: { delivered: number }) => held.shift()!(value),
    waitForCall: async (n: number) => expect.poll(() => calls).toBe(n),
  };
}

// The send page's summary stayed 已送达 0 while its recipients table said 已送达: history.changed arrived while the
// page's first campaigns.get was in flight with an answer read before the report's commit, and react-query dropped it.
describe('event invalidations', () => {
  it('fetch again when an event arrives during a first fetch whose answer predates it', async () => {
    const api = eventApi();
    const client = createQueryClient();
    const stop = subscribeInvalidations(api, client);
    const answers = gatedAnswers();
    const observer = new QueryObserver(client, { queryKey: ['campaigns.get', { id: 1 }], queryFn: answers.queryFn });
    const unsubscribe = observer.subscribe(() => {});

    await answers.waitForCall(1);
    api.emit('history.changed');
    answers.release({ delivered: 0 }); // read before the report was committed
    await answers.waitForCall(2);
    answers.release({ delivered: 1 });
    await expect.poll(() => observer.getCurrentResult().data).toEqual({ delivered: 1 });

    unsubscribe();
    stop();
    client.clear();
  });

  it('a refetch in flight is replaced by the event (react-query cancels it) and nothing more is fetched', async () => {
    const api = eventApi();
    const client = createQueryClient();
    const stop = subscribeInvalidations(api, client);
    const answers = gatedAnswers();
    const observer = new QueryObserver(client, { queryKey: ['campaigns.get', { id: 1 }], queryFn: answers.queryFn });
    const unsubscribe = observer.subscribe(() => {});

    await answers.waitForCall(1);
    answers.release({ delivered: 0 });
    await expect.poll(() => observer.getCurrentResult().data).toEqual({ delivered: 0 });
    api.emit('history.changed');
    await answers.waitForCall(2);
    api.emit('history.changed');
    await answers.waitForCall(3);
    answers.release({ delivered: 0 }); // the cancelled call's answer is ignored
    answers.release({ delivered: 1 });
    await expect.poll(() => observer.getCurrentResult().data).toEqual({ delivered: 1 });
    expect(answers.calls()).toBe(3);

    unsubscribe();
    stop();
    client.clear();
  });

  it('an event for other requests leaves a first fetch alone', async () => {
    const api = eventApi();
    const client = createQueryClient();
    const stop = subscribeInvalidations(api, client);
    const answers = gatedAnswers();
    const observer = new QueryObserver(client, { queryKey: ['campaigns.get', { id: 1 }], queryFn: answers.queryFn });
    const unsubscribe = observer.subscribe(() => {});

    await answers.waitForCall(1);
    api.emit('inbox.settingsChanged');
    answers.release({ delivered: 1 });
    await expect.poll(() => observer.getCurrentResult().data).toEqual({ delivered: 1 });
    expect(answers.calls()).toBe(1);

    unsubscribe();
    stop();
    client.clear();
  });
});
