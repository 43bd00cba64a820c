import type { Envelope } from '../../../shared/errors';
import type { Transport } from '../../../shared/api';

const TOKEN_KEY = 'jst-host-token';
const TOKEN_HEADER = 'X-JST-Token';

/** The token arrives once in the URL fragment; keep it for reloads of this tab, then drop it from the URL. */
export function takeHostToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    storage.setItem(TOKEN_KEY, decodeURIComponent(match[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * Whether the local service is reachable, for the banner: 'lost' when the event stream drops and cannot
 * reconnect; 'replaced' when the service answers but no longer knows our token (it was restarted: a new
 * launch has a new token, so this tab must be reopened from the new address).
 */
export type HostConnectionState = 'connected' | 'lost' | 'replaced';
type ConnectionListener = (state: HostConnectionState) => void;
const connectionListeners = new Set<ConnectionListener>();
let connectionState: HostConnectionState = 'connected';
function setConnectionState(next: HostConnectionState) {
  if (next === connectionState) return;
  connectionState = next;
  for (const listener of connectionListeners) listener(next);
}
const reconnectListeners = new Set<() => void>();
let streamsOpened = 0;
export const hostConnection = {
  get: (): HostConnectionState => connectionState,
  /** The event stream reopened (after a drop): events may have been missed, so views refetch. */
  onReconnect(listener: () => void): () => void {
    reconnectListeners.add(listener);
    return () => reconnectListeners.delete(listener);
  },
  subscribe(listener: ConnectionListener): () => void {
    connectionListeners.add(listener);
    return () => connectionListeners.delete(listener);
  },
};

export function createBrowserTransport(token: string): Transport {
  return {
    async request(method, input) {
      let response: Response;
      try {
        response = await fetch('./api/rpc', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        return { ok: false, error: { code: 'NETWORK', message: '无法连接到本机服务，请确认程序仍在运行。' } };
      }
      try {
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法解析的响应（HTTP ${response.status}）。` } };
      }
    },
    subscribe(listener) {
      // fetch-based SSE so the token goes in a header (EventSource cannot set headers).
      const controller = new AbortController();
      const connect = async (attempt: number): Promise<void> => {
        try {
          const response = await fetch('./api/events', { headers: { [TOKEN_HEADER]: token }, signal: controller.signal });
          if (response.status === 401) {
            setConnectionState('replaced');
            return; // retrying cannot help: only the new address works
          }
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          setConnectionState('connected');
          if (streamsOpened++ > 0) for (const listener of reconnectListeners) listener();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          attempt = 0;
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.*)$/m.exec(frame)?.[1];
              const data = /^data: (.*)$/m.exec(frame)?.[1];
              if (event && data !== undefined) listener(event, JSON.parse(data));
            }
          }
        } catch {
          if (controller.signal.aborted) return;
        }
        if (controller.signal.aborted) return;
        // One quick retry covers a dropped socket; after that the seller is told.
        if (attempt >= 1) setConnectionState('lost');
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** attempt)));
        return connect(attempt + 1);
      };
      void connect(0);
      return () => controller.abort();
    },
  };
}
