// npm run sim:mq [-- --port 9876 --topic jst_sms_push --group GID_jst_sms_desk --instance <id|""> --invisibility-ms 300000
//                   --format raw|tmc|tmc-object --tag-style tmc-topic|short|none --demo]
// Starts the RocketMQ HTTP simulator standalone and prints what the app (or `jst-sms mq poll`) needs.
import { parseArgs } from 'node:util';
import { startMqSimulator, type BodyFormat, type TagStyle } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    instance: { type: 'string' },
    topic: { type: 'string', multiple: true },
    group: { type: 'string', multiple: true },
    'invisibility-ms': { type: 'string' },
    format: { type: 'string' },
    'tag-style': { type: 'string' },
    demo: { type: 'boolean', default: false },
  },
});

const split = (list: string[] | undefined) =>
  list
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
const sim = await startMqSimulator({
  port: Number(values.port),
  host: values.host,
  instanceId: values.instance,
  topics: split(values.topic),
  groups: split(values.group),
  invisibilityMs: values['invisibility-ms'] ? Number(values['invisibility-ms']) : undefined,
  bodyFormat: values.format as BodyFormat | undefined,
  tagStyle: values['tag-style'] as TagStyle | undefined,
});

const lines = [
  'RocketMQ HTTP simulator (聚石塔短信助手)',
  `  endpoint      ${sim.endpoint}`,
  `  instance      ${sim.instanceId || '(none: legacy default instance, no ns)'}`,
  `  topic(s)      ${sim.topics.join(', ')}`,
  `  group(s)      ${sim.groups.join(', ')}`,
  `  AccessKey ID  ${sim.accessKeyId}        (demo key)`,
  `  AccessKey Secret ${sim.accessKeySecret}  (demo key)`,
  `  control API   ${sim.endpoint}/__sim/state  (see electron/sim/mq-http/README.md)`,
  '',
  'Try it:',
  `  curl -s -X POST ${sim.endpoint}/__sim/reply -d '{"fields":{"content":"TD"}}'`,
  `  JST_MQ_ENDPOINT=${sim.endpoint} JST_MQ_INSTANCE_ID=${sim.instanceId} JST_MQ_TOPIC=${sim.topics.join(',')} \\`,
  `  JST_MQ_GROUP_ID=${sim.groups[0]} JST_MQ_ACCESS_KEY_ID=${sim.accessKeyId} JST_MQ_ACCESS_KEY_SECRET=${sim.accessKeySecret} \\`,
  '  npx jst-sms mq poll --json',
  '',
];
process.stdout.write(lines.join('\n') + '\n');

let demo: NodeJS.Timeout | undefined;
if (values.demo) {
  // A report every 3 s and a reply every 9 s, so a running app has something to show.
  let tick = 0;
  demo = setInterval(() => {
    tick++;
    sim.publishReport();
    if (tick % 3 === 0) sim.publishReply({ content: tick % 2 ? 'TD' : '好的，谢谢' });
  }, 3_000);
}

const shutdown = async () => {
  if (demo) clearInterval(demo);
  await sim.close();
  process.exit(0);
};
// A failing close rejects unhandled, which ends the process with its error: what a CLI should do.
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
