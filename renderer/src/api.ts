import { createApi, type Api, type Transport } from '../../shared/api';
import { createBrowserTransport, takeHostToken } from './transport/browser';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    jstBridge?: Transport;
  }
}

export type HostConnection = { api: Api } | { api: null; reason: 'no-token' };

export function connect(): HostConnection {
  if (window.jstBridge) return { api: createApi(window.jstBridge) };
  const token = takeHostToken(window.location, window.sessionStorage, window.history);
  if (!token) return { api: null, reason: 'no-token' };
  return { api: createApi(createBrowserTransport(token)) };
}
