import type { AppStatus, NetworkState, PollerStatus } from '../../shared/contract';
import type { EventBus } from './events';

/** The status bar's source of truth; every change is pushed as `status.changed`. */
export class StatusStore {
  private current: AppStatus;

  constructor(
    private readonly events: EventBus,
    initial: Pick<AppStatus, 'vault'>,
  ) {
    this.current = { network: 'unknown', poller: { state: 'stopped', received: 0, acked: 0, quarantined: 0 }, vault: initial.vault };
  }

  get(): AppStatus {
    return this.current;
  }

  setNetwork(network: NetworkState) {
    if (network !== this.current.network) this.publish({ ...this.current, network });
  }

  setPoller(poller: Partial<PollerStatus>) {
    this.publish({ ...this.current, poller: { ...this.current.poller, ...poller } });
  }

  setVault(vault: AppStatus['vault']) {
    if (vault !== this.current.vault) this.publish({ ...this.current, vault });
  }

  private publish(next: AppStatus) {
    this.current = next;
    this.events.emit('status.changed', next);
  }
}
