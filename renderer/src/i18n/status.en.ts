// English for status.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { statusZh } from './status';
import type { Widen } from './widen';

export const statusEn: Widen<typeof statusZh> = {
  network: { label: 'Gateway', unknown: 'Not checked', online: 'Online', rejected: 'Reachable, sign-in refused', offline: 'Offline' },
  poller: {
    label: 'Messages',
    stopped: 'Stopped',
    connecting: 'Connecting',
    polling: 'Receiving',
    backoff: 'Waiting to retry',
    disabled: 'Disabled',
    lastMessage: 'Last message',
    counters: 'Received {{received}} · Acked {{acked}} · Quarantined {{quarantined}}',
  },
  vault: { label: 'Secrets', unlocked: 'Unlocked', locked: 'Locked', uninitialized: 'Not created', unavailable: 'Unavailable' },
  reasons: {
    disabled: 'turned off in settings',
    vaultLocked: 'vault is locked',
    incomplete: 'message queue settings are incomplete',
    originChanged: 'the MQ endpoint differs from the one the keys were saved for: re-enter the AccessKey pair',
    signature: 'wrong AccessKey Secret',
    accessKey: 'AccessKey ID unknown or disabled',
    permission: 'no access to this instance, topic or group',
    topic: 'topic does not exist',
    group: 'group ID does not exist',
    clock: 'computer clock is off by more than 15 minutes',
    argument: 'the message queue refused the request',
    throttled: 'throttled, retrying soon',
    server: 'message queue server error, retrying soon',
    timeout: 'request timed out, retrying soon',
    network: 'cannot reach the message queue endpoint',
    protocol: 'unreadable response, retrying soon',
    empty: 'no new messages',
  },
  lock: 'Lock',
};
