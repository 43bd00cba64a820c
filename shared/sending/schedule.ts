// Schedule decisions for campaigns (Beijing-time arithmetic lives in shared/time/beijing.ts).

/**
 * What a scheduled campaign does at start-up: its time is still ahead → wait; it passed while the app was not
 * running (more than `graceMs` ago) → missed (the seller decides; never sent late silently); just now → send.
 */
export function scheduleDecision(scheduledAtMs: number, nowMs: number, graceMs: number): 'wait' | 'due' | 'missed' {
  if (scheduledAtMs > nowMs) return 'wait';
  return nowMs - scheduledAtMs > graceMs ? 'missed' : 'due';
}
