import { main } from '../../electron/cli/index';
import type { MqSimulator } from '../../electron/sim/mq-http';

/** `jst-sms <args>` in this process, with its stdout and stderr captured. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

/** The JST_MQ_* overrides that point a CLI at this simulator (its first group). */
export function mqCliEnv(sim: MqSimulator, endpoint = sim.endpoint): NodeJS.ProcessEnv {
  return {
    JST_MQ_ENDPOINT: endpoint,
    JST_MQ_INSTANCE_ID: sim.instanceId,
    JST_MQ_TOPIC: sim.topics.join(','),
    JST_MQ_GROUP_ID: sim.groups[0],
    JST_MQ_ACCESS_KEY_ID: sim.accessKeyId,
    JST_MQ_ACCESS_KEY_SECRET: sim.accessKeySecret,
  };
}
