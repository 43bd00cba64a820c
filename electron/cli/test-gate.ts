import type { AutomationHooks } from '../core/automations';
import type { SendHooks } from '../core/sending/engine';
import type { CliIo } from './io';

/**
 * JST_SEND_TEST_HOOKS=gate (crash tests only): each phase is announced on stderr as "@@<phase> <key>" and waits until
 * the same "<phase> <key>" line arrives on stdin, so a test can SIGKILL the process inside that exact window however
 * slow the machine is. Send phases are keyed by the chunk's task_sign; 'after-decide' (automations: the decision and
 * its campaign are committed, the campaign not yet handed to the send engine) by the batch id.
 */
export function testGate(io: CliIo): { send: SendHooks; automation: AutomationHooks } | undefined {
  if (io.env.JST_SEND_TEST_HOOKS !== 'gate') return undefined;
  const waiting = new Map<string, () => void>();
  let buffered = '';
  const onData = (data: Buffer) => {
    buffered += data.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      waiting.get(line.trim())?.();
      waiting.delete(line.trim());
    }
    // Reading stdin only while a phase waits, so the process can exit when it is done.
    if (waiting.size === 0) process.stdin.pause();
  };
  process.stdin.on('data', onData);
  process.stdin.pause();
  const gate = (key: string) =>
    new Promise<void>((resolve) => {
      waiting.set(key, resolve);
      process.stdin.resume();
      io.stderr.write(`@@${key}\n`);
    });
  const at = (phase: string) => (chunk: { taskSign: string }) => gate(`${phase} ${chunk.taskSign}`);
  return {
    send: { beforeCall: at('before-call'), afterResponse: at('after-response'), afterCommit: at('after-commit') },
    automation: { afterDecide: (batch) => gate(`after-decide ${batch.batchId}`) },
  };
}
