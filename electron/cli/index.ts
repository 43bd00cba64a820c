import { AppError } from '../../shared/errors';
import type { CliCommand, CliIo } from './io';

/** Each command group lives in its own module, loaded on demand. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: CliCommand }> }> = {
  send: {
    summary: 'Send a campaign: send --template <code> --sign <name> (--file <path> | --numbers <list>) … | send --resume <id>',
    load: () => import('./send'),
  },
  campaigns: { summary: 'List campaigns: campaigns [--json]', load: () => import('./campaigns').then((m) => ({ run: m.runList })) },
  campaign: { summary: 'One campaign: campaign <id> [--json] [--numbers]', load: () => import('./campaigns').then((m) => ({ run: m.runShow })) },
  reconcile: { summary: 'Check pending delivery reports with num.query now: reconcile [<id>] [--json]', load: () => import('./reconcile') },
  inbox: { summary: 'Inbox threads: inbox [--json] [--unread]', load: () => import('./inbox') },
  orders: { summary: 'Orders: orders [--status <TOP status>] [--json] | orders sync [--since "yyyy-MM-dd HH:mm:ss"] [--json]', load: () => import('./orders') },
  automations: {
    summary: 'Automations: automations [--json] | set <kind> … | preview [--at …] | run --once | log [--kind K]',
    load: () => import('./automations'),
  },
  segments: { summary: 'Saved audiences (人群): segments [--json]', load: () => import('./segments').then((m) => ({ run: m.runList })) },
  segment: {
    summary: "Audience rules: segment count --rule '<json>' [--json] | segment save --name N --rule '<json>' [--json]",
    load: () => import('./segments').then((m) => ({ run: m.runSegment })),
  },
  effect: { summary: 'Orders a send brought: effect <campaignId> [--days N] [--json]', load: () => import('./effect') },
  spend: { summary: 'Spend from billed segments: spend [--month yyyy-MM] [--json]', load: () => import('./spend') },
  mq: { summary: 'RocketMQ receipts, replies and order events: mq poll [--once] [--json] [--verbose]', load: () => import('./mq') },
  top: { summary: 'TOP gateway: top call <api-method> --param k=v … [--json-param k=<json>] [--verbose]', load: () => import('./top') },
  suppression: {
    summary: 'Do-not-send list: suppression list [--json] | add <number>... | remove <number>... | import <file>',
    load: () => import('./suppression'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: jst-sms <command> …', '', 'Commands:', ...lines, '', 'Profile: JST_SMS_PROFILE (directory), JST_SMS_PASSPHRASE (vault passphrase).', ''].join(
    '\n',
  );
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`Unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (error) {
    const data = error instanceof AppError ? error.toData() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    io.stderr.write(JSON.stringify({ error: data }) + '\n');
    return 1;
  }
}
