import type { EventName, EventPayload } from '../../shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Core → shells. Shells forward every event to their renderer transport. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch {
        // A failing shell listener must not break the emitter (e.g. a closed SSE socket).
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
