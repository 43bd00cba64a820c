import { z } from 'zod';
import { NoInput, request, type RequestDef } from './contract-kit';
import { automationsEvents, automationsRequests } from './automations/contract';
import { audiencesEvents, audiencesRequests } from './audiences/contract';
import { costsEvents, costsRequests } from './costs/contract';
import { demoEvents, demoRequests } from './demo/contract';
import { historyEvents, historyRequests } from './history/contract';
import { inboxEvents, inboxRequests } from './inbox/contract';
import { messagesEvents, messagesRequests } from './messages/contract';
import { recipientsRequests } from './recipients/contract';
import { ordersEvents, ordersRequests } from './orders/contract';
import { sendingEvents, sendingRequests } from './sending/contract';
import { settingsEvents, settingsRequests } from './settings/contract';
import { suppressionEvents, suppressionRequests } from './suppression/contract';
import { templatesEvents, templatesRequests } from './templates/contract';
import { uploadsRequests } from './uploads/contract';
import { vaultRequests, type VaultState } from './vault/contract';

/**
 * The one contract between renderer and main. Each request: name → zod input schema → result type.
 * Main parses every input with its schema before any handler runs; the renderer is untrusted.
 * Feature contracts live in shared/<feature>/contract.ts and are spread into `requests` / `events` below.
 */

// ---- app-level result types ----
export type HostKind = 'electron' | 'browser' | 'cli';
export interface AppInfo {
  name: string;
  version: string;
  host: HostKind;
  profileDir: string;
  platform: string;
}

/** 'rejected': the gateway answered but refused the credentials (App Key, signature, session, clock) — not usable. */
export type NetworkState = 'unknown' | 'online' | 'rejected' | 'offline';
export type PollerState = 'stopped' | 'connecting' | 'polling' | 'backoff' | 'disabled';
export interface PollerStatus {
  state: PollerState;
  /** Chinese detail for the seller. */
  reason?: string;
  /** Stable key of the reason (an MQ error category or an idle cause) so the UI can localise it. */
  reasonCode?: string;
  lastMessageAt?: string;
  received: number;
  acked: number;
  quarantined: number;
}
export interface AppStatus {
  network: NetworkState;
  poller: PollerStatus;
  vault: VaultState;
}

export const requests = {
  'app.info': request<AppInfo>()(NoInput),
  'app.status': request<AppStatus>()(NoInput),

  // ---- feature contracts ----
  ...vaultRequests,
  ...settingsRequests,
  ...templatesRequests,
  ...messagesRequests,
  ...uploadsRequests,
  ...recipientsRequests,
  ...sendingRequests,
  ...suppressionRequests,
  ...historyRequests,
  ...inboxRequests,
  ...ordersRequests,
  ...automationsRequests,
  ...audiencesRequests,
  ...costsRequests,
  ...demoRequests,
} as const;

export const events = {
  'status.changed': z.custom<AppStatus>(),
  // ---- feature contracts ----
  ...settingsEvents,
  ...templatesEvents,
  ...messagesEvents,
  ...sendingEvents,
  ...suppressionEvents,
  ...historyEvents,
  ...inboxEvents,
  ...ordersEvents,
  ...automationsEvents,
  ...audiencesEvents,
  ...costsEvents,
  ...demoEvents,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<M extends RequestName> = z.input<Requests[M]['input']>;
export type ParsedInput<M extends RequestName> = z.output<Requests[M]['input']>;
export type RequestResult<M extends RequestName> = Requests[M] extends RequestDef<z.ZodType, infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

/** Electron IPC channel names (the preload knows only these two). */
export const IPC_REQUEST_CHANNEL = 'jst:request';
export const IPC_EVENT_CHANNEL = 'jst:event';
