import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The real browser host (what `npm start` runs here) on a throwaway profile, for e2e tests and the ui bench.
export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  profileDir: string;
  /** Every SSE frame the host pushed during the test, captured on a second connection. */
  events: string[];
  process: ChildProcess;
}

const root = resolve(import.meta.dirname, '../..');

/** Starts the real browser host (what `npm start` runs here) on a fresh profile. */
export async function startHost(env: Record<string, string> = {}): Promise<RunningHost> {
  const profileDir = mkdtempSync(join(tmpdir(), 'jst-e2e-'));
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'electron/host/main.ts')], {
    cwd: root,
    env: { ...process.env, JST_SMS_PROFILE: profileDir, JST_HOST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  const token = parsed.hash.replace('#token=', '');
  const events: string[] = [];
  void captureEvents(parsed.origin, token, events);
  return { url, origin: parsed.origin, token, profileDir, events, process: child };
}

async function captureEvents(origin: string, token: string, into: string[]) {
  try {
    const response = await fetch(`${origin}/api/events`, { headers: { 'X-JST-Token': token } });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) into.push(decoder.decode(chunk));
  } catch {
    // Host stopped.
  }
}

export async function stopHost(host: RunningHost) {
  host.process.kill('SIGTERM');
  await new Promise((r) => host.process.once('exit', r));
  rmSync(host.profileDir, { recursive: true, force: true });
}
