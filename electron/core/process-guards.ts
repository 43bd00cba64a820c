import type { Logger } from './log/logger';

/**
 * Long-running hosts (desktop shell, browser host) log a promise rejection nobody handled and keep serving: by then
 * the failed work has already answered (or failed) its request, and quitting would drop the poller and every open
 * window. Uncaught exceptions still end the process (state may be broken). Returns the remover.
 */
export function logUnhandledRejections(log: Logger, target: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  const onRejection = (reason: unknown) => log.error('unhandled promise rejection (kept running)', { error: reason });
  target.on('unhandledRejection', onRejection);
  return () => target.off('unhandledRejection', onRejection);
}
