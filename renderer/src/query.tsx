import {
  QueryClient,
  QueryClientProvider,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey as TanstackQueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { Api } from '../../shared/api';
import type { AppStatus, EventName, RequestInput, RequestName, RequestResult } from '../../shared/contract';
import { useApi } from './context';
import { hostConnection } from './transport/browser';

/**
 * The one way screens read and change data: TanStack Query over `api.call`.
 * - `useApiQuery(method, input)` caches under the key [method, input].
 * - `useApiMutation(method)` calls a method; what it changes is refreshed by the events main emits.
 * - INVALIDATIONS maps each contract event to the request names it makes stale (prefix match: every input).
 * IPC needs no network, so queries run whatever the OS says (networkMode 'always'); contract errors are
 * deterministic, so no retries.
 */
export type QueryKey<M extends RequestName> = readonly [M, RequestInput<M> | undefined];

export function apiQueryKey<M extends RequestName>(method: M, input?: RequestInput<M>): QueryKey<M> {
  return [method, input] as const;
}

/**
 * Contract event → request names whose cached answers it makes stale. Total over the contract's events: a new event
 * without a row is a compile error; events that only drive a listener of their own map to an explicit empty list.
 */
export const INVALIDATIONS: Readonly<Record<EventName, readonly RequestName[]>> = {
  // app, settings
  'status.changed': [], // carries the whole status: subscribeInvalidations writes it into the app.status query
  'settings.changed': ['settings.get'],
  'demo.changed': [], // the window reloads
  // templates
  'templates.changed': ['templates.list', 'templates.get'],
  'signatures.changed': ['signatures.list'],
  'templates.outboxChanged': ['templates.outbox.list'],
  // messages
  'delivery.updated': ['messages.deliveries.list'],
  'reply.received': ['messages.replies.list'],
  // sending
  'campaigns.changed': [
    'campaigns.list',
    'campaigns.get',
    'campaigns.recipients',
    'campaigns.check',
    'campaigns.testSends',
    'costs.spend',
    'effect.report',
    'segments.sendOf',
  ],
  'campaigns.progress': ['campaigns.list', 'campaigns.get', 'campaigns.recipients', 'campaigns.testSends'],
  'campaigns.importProgress': [], // live-cache.ts patches campaigns.get from the payload
  'suppression.changed': ['suppression.list', 'campaigns.check'],
  // history
  'history.changed': [
    'history.campaigns',
    'history.daily',
    'history.campaign',
    'history.numbers',
    'history.timeline',
    'history.lookup',
    'campaigns.list',
    'campaigns.get',
    'campaigns.testSends',
    'campaigns.recipients', // its rows show each number's delivery state
    'costs.spend', // failed deliveries may not be billed (setting)
    'effect.report',
  ],
  // inbox
  'inbox.changed': ['inbox.threads', 'inbox.thread'],
  'inbox.unread': ['inbox.unread', 'inbox.threads'],
  'inbox.openThread': [], // a notification click: InboxNotices navigates
  'inbox.settingsChanged': ['inbox.settings'],
  // orders (a backlog or a backfill changes orders page after page: throttled below)
  // the first event fills the seller nick; segment counts follow the orders
  // orders bring 效果
  'orders.changed': ['orders.list', 'orders.get', 'orders.syncState', 'orders.settings.get', 'segments.list', 'segments.count', 'effect.get', 'effect.report'],
  'orders.sync.progress': ['orders.sync.status', 'orders.syncState'],
  // automations (triggers arrive with order backlogs: throttled below)
  'automations.changed': ['automations.list', 'automations.enableCheck', 'automations.preview', 'automations.log', 'automations.effect'],
  // audiences
  'segments.changed': ['segments.list'],
  // costs
  'costs.changed': ['costs.get', 'costs.spend', 'campaigns.check', 'effect.get', 'effect.report'],
};

/** High-frequency events are not refetch triggers: they are throttled here to at most one refresh per interval. */
const THROTTLE_MS: Partial<Record<EventName, number>> = {
  'campaigns.progress': 500,
  'delivery.updated': 1000,
  'inbox.changed': 300,
  'inbox.unread': 300,
  'orders.changed': 500,
  'automations.changed': 500,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { networkMode: 'always', retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

/** Wires main's events to the cache (exported for its test). */
export function subscribeInvalidations(api: Pick<Api, 'on'>, client: QueryClient): () => void {
  const unsubscribers: Array<() => void> = [];
  // react-query cancels an in-flight refetch on invalidation but not a first fetch (no data yet): that answer may
  // predate the event, and landing it clears the invalidation. Such queries fetch once more when it lands.
  const fetchAgain = new Set<string>();
  const invalidate = (names: readonly RequestName[]) => {
    for (const name of names) {
      for (const query of client.getQueryCache().findAll({ queryKey: [name], fetchStatus: 'fetching' })) {
        if (query.state.data === undefined) fetchAgain.add(query.queryHash);
      }
      void client.invalidateQueries({ queryKey: [name] });
    }
  };
  unsubscribers.push(
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'removed') fetchAgain.delete(event.query.queryHash);
      if (event.type !== 'updated' || (event.action.type !== 'success' && event.action.type !== 'error')) return;
      if (fetchAgain.delete(event.query.queryHash)) void client.invalidateQueries({ queryKey: event.query.queryKey as TanstackQueryKey, exact: true });
    }),
  );
  for (const [event, names] of Object.entries(INVALIDATIONS) as Array<[EventName, readonly RequestName[]]>) {
    if (names.length === 0 || THROTTLE_MS[event]) continue;
    unsubscribers.push(api.on(event, () => invalidate(names)));
  }
  for (const [event, wait] of Object.entries(THROTTLE_MS) as Array<[EventName, number]>) {
    const names = INVALIDATIONS[event];
    let timer: ReturnType<typeof setTimeout> | null = null;
    unsubscribers.push(
      api.on(event, () => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = null;
          invalidate(names);
        }, wait);
      }),
    );
    unsubscribers.push(() => timer && clearTimeout(timer));
  }
  // status.changed carries the whole new app.status: it replaces the cached answer (no refetch).
  unsubscribers.push(api.on('status.changed', (status) => client.setQueryData(apiQueryKey('app.status'), status)));
  // Events sent while the stream was down are gone: refetch whatever is on screen.
  unsubscribers.push(hostConnection.onReconnect(() => void client.invalidateQueries()));
  return () => unsubscribers.forEach((off) => off());
}

/** Mount once under ApiContext. */
export function ApiQueryProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [client] = useState(createQueryClient);
  useEffect(() => subscribeInvalidations(api, client), [api, client]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

type ExtraQueryOptions<M extends RequestName> = Omit<UseQueryOptions<RequestResult<M>, Error, RequestResult<M>, QueryKey<M>>, 'queryKey' | 'queryFn'>;

export function useApiQuery<M extends RequestName>(method: M, input?: RequestInput<M>, options?: ExtraQueryOptions<M>) {
  const api = useApi();
  return useQuery({
    queryKey: apiQueryKey(method, input),
    queryFn: () => api.call(method, input as RequestInput<M>) as Promise<RequestResult<M>>,
    ...options,
  });
}

/** A write. `invalidates` refreshes queries right away (besides whatever event main emits). */
export function useApiMutation<M extends RequestName>(method: M, options: { invalidates?: RequestName[] } = {}) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestInput<M>) => api.call(method, input) as Promise<RequestResult<M>>,
    onSuccess: () => {
      for (const name of options.invalidates ?? []) void client.invalidateQueries({ queryKey: [name] });
    },
  });
}

/** app.status, kept current by status.changed (written into the cache for every screen, mounted or not). */
export function useAppStatusQuery() {
  return useApiQuery('app.status');
}
export function useAppStatus(): AppStatus | undefined {
  return useAppStatusQuery().data;
}
