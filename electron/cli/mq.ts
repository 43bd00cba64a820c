import { AppError } from '../../shared/errors';
import { describeMqError } from '../core/mq/errors';
import type { ConsumerStatus } from '../core/mq/poller';
import type { ProcessedMessage } from '../core/mq/store';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';

const USAGE = `Usage: jst-sms mq poll [--once] [--json] [--verbose]

Consumes delivery reports (回执), replies (上行短信) and order events (TMC trade/refund/logistics) from
RocketMQ with the same poller as the app and stores them in the profile database (deduplicated; unparseable
messages go to quarantine). Messages are acked only after they are stored.

  --once      drain what is waiting: short polls until the first empty answer, then exit
  --json      one JSON line per processed message on stdout: {"kind":"report"|"reply"|"order"|"quarantined", …}
  --verbose   log to stderr as well as to the profile log (never secrets)

Without --once it long-polls until Ctrl+C / SIGTERM, then finishes the batch in hand and exits.

Settings come from the profile (JST_SMS_PROFILE; vault via JST_SMS_PASSPHRASE); these override them:
  JST_MQ_ENDPOINT, JST_MQ_ACCESS_KEY_ID, JST_MQ_ACCESS_KEY_SECRET, JST_MQ_INSTANCE_ID,
  JST_MQ_TOPIC (comma-separated for several), JST_MQ_GROUP_ID, JST_MQ_TAG
`;

interface PollArgs {
  once: boolean;
  json: boolean;
  verbose: boolean;
}

export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  const flags = new Set(rest);
  const unknown = [...flags].filter((f) => !['--once', '--json', '--verbose'].includes(f));
  if (sub !== 'poll' || unknown.length) {
    io.stderr.write(`${sub !== 'poll' ? `Unknown subcommand: ${sub}` : `Unknown option: ${unknown.join(' ')}`}\n\n${USAGE}`);
    return 2;
  }
  return poll({ once: flags.has('--once'), json: flags.has('--json'), verbose: flags.has('--verbose') }, io);
};

async function poll(args: PollArgs, io: CliIo): Promise<number> {
  return withCliCore(io, { verbose: args.verbose }, async ({ services: { messages } }) => {
    // The core's own pollers: each consumed batch runs the same ingest hooks as in the app (delivery reports matched
    // to the numbers sent, replies into the inbox, certain opt-outs → suppression, order events into their orders
    // after the seller check) before it is acked.
    const tally = { report: 0, reply: 0, order: 0, quarantined: 0, duplicate: 0 };
    const print = (items: ProcessedMessage[]) => {
      for (const item of items) {
        if (item.duplicate) tally.duplicate++;
        else tally[item.kind]++;
        io.stdout.write((args.json ? JSON.stringify(jsonLine(item)) : humanLine(item)) + '\n');
      }
    };
    const lastState = new Map<string, string>();
    const onStatus = (topic: string, s: ConsumerStatus) => {
      const line = `${s.state}${s.reason ? `: ${s.reason}` : ''}`;
      if (lastState.get(topic) === line) return;
      lastState.set(topic, line);
      if (s.state === 'backoff' || args.verbose) io.stderr.write(`[mq ${topic}] ${line}\n`);
    };
    const pollers = messages.createPollers({ onProcessed: print, onStatus });

    try {
      if (args.once) {
        for (const poller of pollers) {
          try {
            await poller.drain();
          } catch (error) {
            const info = describeMqError(error);
            throw new AppError('MQ_ERROR', `Topic ${poller.consumerConfig.topic}：${info.message}`, {
              detail: { category: info.category, code: info.code ?? null },
            });
          }
        }
      } else {
        io.stderr.write(`[mq] 正在接收 ${pollers.map((p) => p.consumerConfig.topic).join(', ')}（Ctrl+C 结束）\n`);
        for (const poller of pollers) poller.start();
        await untilSignal();
      }
    } finally {
      await Promise.all(pollers.map((p) => p.stop()));
    }
    io.stderr.write(`[mq] 回执 ${tally.report}，回复 ${tally.reply}，隔离 ${tally.quarantined}，重复 ${tally.duplicate}，订单事件 ${tally.order}\n`);
    return 0;
  });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

function jsonLine(item: ProcessedMessage): Record<string, unknown> {
  const base = { kind: item.kind, messageId: item.messageId, topic: item.topic, tag: item.tag, duplicate: item.duplicate };
  if (item.kind === 'report') return { ...base, id: item.stored?.id ?? null, ...item.report };
  if (item.kind === 'reply') return { ...base, id: item.stored?.id ?? null, ...item.reply };
  if (item.kind === 'order') {
    const e = item.event;
    return { ...base, id: item.stored?.id ?? null, orderTopic: e.topic, tid: e.tid, status: e.status, buyerOpenUid: e.buyerOpenUid };
  }
  return { ...base, id: item.stored?.id ?? null, reason: item.reason };
}

function humanLine(item: ProcessedMessage): string {
  const dup = item.duplicate ? '  (重复，已忽略)' : '';
  if (item.kind === 'report') {
    const r = item.report;
    return `回执  ${r.phone || '-'}  ${r.success ? '成功' : '失败'} ${r.errCode}  biz_id=${r.bizId}  ${r.reportTime}${dup}`;
  }
  if (item.kind === 'reply') {
    const u = item.reply;
    return `回复  ${u.phone}  “${u.content}”  扩展码=${u.destCode || '-'}  ${u.senderTime}${dup}`;
  }
  if (item.kind === 'order') return `订单  ${item.event.tid}  ${item.event.topic}${item.event.status ? `  ${item.event.status}` : ''}${dup}`;
  return `隔离  ${item.messageId}  ${item.reason}${dup}`;
}
