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

/** Whether a process with this pid exists on this machine (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
