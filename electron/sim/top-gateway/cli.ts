// npm run sim:top [-- --port 18085 --host 127.0.0.1 --latency 0 --qps 10 --review-delay 5000 --quiet]
// Env: JST_SIM_TOP_PORT, JST_SIM_TOP_HOST. Prints the URL and demo credentials, seeds an approved demo
// template and signature so `jst-sms top call` can round-trip, and logs one line per call.
import { parseArgs } from 'node:util';
import { DEMO_CREDENTIALS, startTopGateway } from './server';

export const DEFAULT_PORT = 18085;
export const DEMO_TEMPLATE = { code: 'SMS_100001', name: '发货通知', content: '亲，您的订单${order}已发货，快递单号${waybill}，请注意查收。' };
export const DEMO_SIGNATURE = '张三男装淘宝店';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    latency: { type: 'string' },
    qps: { type: 'string' },
    'review-delay': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const numberOption = (text: string | undefined, name: string): number | undefined => {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number\n`);
    process.exit(2);
  }
  return n;
};

const gateway = await startTopGateway({
  host: values.host ?? process.env.JST_SIM_TOP_HOST ?? '127.0.0.1',
  port: numberOption(values.port ?? process.env.JST_SIM_TOP_PORT, 'port') ?? DEFAULT_PORT,
  latencyMs: numberOption(values.latency, 'latency'),
  qpsLimit: numberOption(values.qps, 'qps') ?? null,
  reviewDelayMs: numberOption(values['review-delay'], 'review-delay') ?? 5_000,
  deliveryDelayMs: 3_000,
  log: values.quiet ? undefined : (line) => process.stdout.write(`[sim:top] ${line}\n`),
});
gateway.control.seedTemplate({ ...DEMO_TEMPLATE, type: 1, status: 'approved' });
gateway.control.seedSignature({ name: DEMO_SIGNATURE, status: 'approved' });

process.stdout.write(
  [
    `TOP gateway simulator listening on ${gateway.url}`,
    `control API: ${gateway.controlUrl} (see electron/sim/top-gateway/README.md)`,
    '',
    `  export JST_TOP_GATEWAY=${gateway.url}`,
    `  export JST_TOP_APP_KEY=${DEMO_CREDENTIALS.appKey}`,
    `  export JST_TOP_APP_SECRET=${DEMO_CREDENTIALS.appSecret}`,
    `  export JST_TOP_SESSION=${DEMO_CREDENTIALS.session}`,
    '',
    `demo template ${DEMO_TEMPLATE.code} (approved): ${DEMO_TEMPLATE.content}`,
    `demo signature (approved): ${DEMO_SIGNATURE}`,
    '',
    `  npx jst-sms top call taobao.jst.sms.message.direct.batchsend --param sign_name=${DEMO_SIGNATURE} --param sms_template_code=${DEMO_TEMPLATE.code} \\`,
    `    --json-param 'rec_num=["13800000000"]' --json-param 'sms_content=[{"order":"1234","waybill":"SF100"}]'`,
    '',
  ].join('\n'),
);

const stop = () => {
  void gateway.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
