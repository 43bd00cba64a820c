import type { AuditRefreshResult } from '../../../shared/templates/contract';
import type { Logger } from '../log/logger';
import type { Backoff } from './intervals';

export interface PollRound {
  checked: number;
  changed: number;
  /** The round stopped early because the platform could not be reached (message for the seller). */
  error?: string;
}

export interface AuditPollerOptions {
  schedule: Backoff;
  /** Queries every pending template and signature once. */
  poll: () => Promise<PollRound>;
  /** Anything under review? When not, the poller sleeps until reset(). */
  hasPending: () => boolean;
  log: Logger;
}

/**
 * Polls the audit status of pending templates and signatures: once at start, then on a backoff schedule
 * (initialMs, doubling after every round without a change, capped at maxMs); a change or a new submission
 * (reset()) starts over at initialMs. refreshNow() is the seller's "刷新".
 */
export class AuditPoller {
  private delayMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<PollRound> | null = null;
  private stopped = false;

  constructor(private readonly options: AuditPollerOptions) {
    this.delayMs = options.schedule.initialMs;
  }

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Something was just submitted: poll soon and often again. */
  reset() {
    this.delayMs = this.options.schedule.initialMs;
    this.scheduleNextRound();
  }

  async refreshNow(): Promise<AuditRefreshResult> {
    const round = await this.round();
    this.reset();
    return round;
  }

  /** Next round after the current delay; the one after that waits twice as long (up to maxMs). */
  private scheduleNextRound() {
    this.schedule(this.delayMs);
    this.delayMs = Math.min(this.options.schedule.maxMs, this.delayMs * 2);
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    if (!this.options.hasPending()) {
      this.timer = null;
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref?.();
  }

  private async tick() {
    const round = await this.round();
    if (round.changed > 0) this.delayMs = this.options.schedule.initialMs;
    this.scheduleNextRound();
  }

  /** One round at a time: a "刷新" during a scheduled round shares its result. */
  private round(): Promise<PollRound> {
    if (this.running) return this.running;
    const run = this.options
      .poll()
      .catch((error: unknown): PollRound => {
        this.options.log.error('audit poll failed', { error });
        return { checked: 0, changed: 0, error: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        this.running = null;
      });
    this.running = run;
    return run;
  }
}
