import type { SegmentCount, SegmentView } from '../../shared/audiences/contract';
import { AppError } from '../../shared/errors';
import type { Core } from '../core/app-core';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';

const USAGE = `Usage:
  jst-sms segments [--json]
  jst-sms segment count --rule '<json>' [--json]
  jst-sms segment save --name <name> --rule '<json>' [--json]

segments        Saved audiences (人群) with their counts, evaluated now: [{id, name, rule, buyers, orders}].
segment count   Buyers and orders a rule selects from the local orders: {buyers, orders}.
segment save    Saves a rule under a name (the same name replaces its rule): {id, name, buyers}.

Rule JSON (all optional, combined with AND; a purchase = an order paid and not closed):
  {"lastOrderWithinDays":n, "lastOrderBeforeDays":n, "firstOrderWithinDays":n, "minOrders":n, "minAmount":yuan,
   "topAmountPercent":p, "boughtItem":"text", "notMessagedDays":n, "status":["WAIT_BUYER_PAY",…], "refunded":bool}

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE.
`;

function parseArgs(args: string[], allowed: Record<string, 'flag' | 'value'>): { flags: Set<string>; values: Map<string, string> } | string {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const kind = allowed[arg];
    if (!kind) return `Unknown option: ${arg}`;
    if (kind === 'flag') flags.add(arg);
    else {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      values.set(arg, value);
    }
  }
  return { flags, values };
}

/** The rule text as the contract reads it: JSON first, then the schema (field errors in Chinese from the dispatcher). */
function ruleFrom(text: string | undefined): unknown {
  if (text === undefined) throw new AppError('BAD_REQUEST', '缺少 --rule（人群条件，JSON）。');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', `--rule 不是有效的 JSON：${text}`);
  }
}

async function call(core: Core, method: string, input: unknown): Promise<unknown> {
  const envelope = await core.dispatch(method, input);
  if (!envelope.ok) throw AppError.fromData(envelope.error);
  return envelope.result;
}

function usageError(message: string, io: CliIo): number {
  io.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}

/** `jst-sms segments` */
export const runList: CliCommand = async (args, io) => {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args, { '--json': 'flag' });
  if (typeof parsed === 'string') return usageError(parsed, io);
  return withCliCore(io, {}, async (core) => {
    const segments = (await call(core, 'segments.list', {})) as SegmentView[];
    if (parsed.flags.has('--json')) {
      io.stdout.write(JSON.stringify(segments.map((s) => ({ id: s.id, name: s.name, rule: s.rule, buyers: s.buyers, orders: s.orders }))) + '\n');
    } else {
      for (const s of segments) io.stdout.write(`${s.id}\t${s.name}\t买家 ${s.buyers}\t订单 ${s.orders}\t${JSON.stringify(s.rule)}\n`);
      io.stderr.write(`[segments] 共 ${segments.length} 个人群\n`);
    }
    return 0;
  });
};

/** `jst-sms segment count|save` */
export const runSegment: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    io.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  if (sub === 'count') {
    const parsed = parseArgs(rest, { '--rule': 'value', '--json': 'flag' });
    if (typeof parsed === 'string') return usageError(parsed, io);
    const rule = ruleFrom(parsed.values.get('--rule'));
    return withCliCore(io, {}, async (core) => {
      const { buyers, orders } = (await call(core, 'segments.count', { rule })) as SegmentCount;
      io.stdout.write(parsed.flags.has('--json') ? JSON.stringify({ buyers, orders }) + '\n' : `买家 ${buyers}，订单 ${orders}\n`);
      return 0;
    });
  }
  if (sub === 'save') {
    const parsed = parseArgs(rest, { '--name': 'value', '--rule': 'value', '--json': 'flag' });
    if (typeof parsed === 'string') return usageError(parsed, io);
    const name = parsed.values.get('--name');
    if (!name) return usageError('--name is required', io);
    const rule = ruleFrom(parsed.values.get('--rule'));
    return withCliCore(io, {}, async (core) => {
      const saved = (await call(core, 'segments.save', { name, rule })) as SegmentView;
      io.stdout.write(
        parsed.flags.has('--json')
          ? JSON.stringify({ id: saved.id, name: saved.name, buyers: saved.buyers }) + '\n'
          : `已保存人群 ${saved.id}「${saved.name}」：买家 ${saved.buyers}\n`,
      );
      return 0;
    });
  }
  return usageError(`Unknown subcommand: segment ${sub}`, io);
};
