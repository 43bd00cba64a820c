import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PORT_FILE = 'host-port';

/**
 * Starts on the port remembered in the profile when it is free, else on any free port, and remembers the one
 * it got. Only EADDRINUSE falls back; any other failure is real.
 */
export async function startOnRememberedPort<T extends { origin: string }>(profileDir: string, start: (port: number) => Promise<T>): Promise<T> {
  const file = join(profileDir, PORT_FILE);
  let remembered = 0;
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(value) && value > 1024 && value < 65536) remembered = value;
  } catch {
    // First launch.
  }
  let started: T;
  try {
    started = await start(remembered);
  } catch (error) {
    if (!remembered || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    started = await start(0);
  }
  const port = new URL(started.origin).port;
  if (Number(port) !== remembered) writeFileSync(file, `${port}\n`, { mode: 0o600 });
  return started;
}
