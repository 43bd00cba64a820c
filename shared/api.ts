import { AppError, type Envelope } from './errors';
import type { EventName, EventPayload, RequestInput, RequestName, RequestResult } from './contract';

/** What a shell hands the renderer: Electron's preload bridge or the browser host's HTTP client. */
export interface Transport {
  request(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export interface Api {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "{} extends Input" asks whether the input may be left out
  call<M extends RequestName>(method: M, ...input: {} extends RequestInput<M> ? [RequestInput<M>?] : [RequestInput<M>]): Promise<RequestResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The renderer's single api object; it never knows which transport it is on. */
export function createApi(transport: Transport): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let unsubscribeTransport: (() => void) | null = null;

  const ensureSubscribed = () => {
    if (unsubscribeTransport) return;
    unsubscribeTransport = transport.subscribe((name, payload) => {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  };

  return {
    async call(method, ...args) {
      const envelope = await transport.request(method, args[0] ?? {});
      if (!envelope.ok) throw AppError.fromData(envelope.error);
      return envelope.result as never;
    },
    on(event, listener) {
      ensureSubscribed();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
