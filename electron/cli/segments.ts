import type { SegmentCount, SegmentView } from '../../shared/audiences/contract';
import { AppError } from '../../shared/errors';
import { withCliCore } from './core';
import type { CliCommand } from './io';
import { callCore, isHelp, parseOptions, usageError, writeJson } from './options';

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

/** The rule text as the contract reads it: JSON first, then the schema (field errors in Chinese from the dispatcher). */
function ruleFrom(text: string | undefined): unknown {
  if (text === undefined) throw new AppError('BAD_REQUEST', '缺少 --rule（人群条件，JSON）。');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', `--rule 不是有效的 JSON：${text}`);
  }
}

/** `jst-sms segments` */
export const runList: CliCommand = async (args, io) => {
  if (isHelp(args[0])) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseOptions(args, { '--json': 'flag' });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  return withCliCore(io, {}, async (core) => {
    const segments = await callCore<SegmentView[]>(core, 'segments.list', {});
    if (parsed.flags.has('--json')) {
      writeJson(
        io,
        segments.map((s) => ({ id: s.id, name: s.name, rule: s.rule, buyers: s.buyers, orders: s.orders })),
      );
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
  if (!sub || isHelp(sub)) {
    io.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  if (sub === 'count') {
    const parsed = parseOptions(rest, { '--rule': 'value', '--json': 'flag' });
    if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
    const rule = ruleFrom(parsed.values.get('--rule'));
    return withCliCore(io, {}, async (core) => {
      const { buyers, orders } = await callCore<SegmentCount>(core, 'segments.count', { rule });
      if (parsed.flags.has('--json')) writeJson(io, { buyers, orders });
      else io.stdout.write(`买家 ${buyers}，订单 ${orders}\n`);
      return 0;
    });
  }
  if (sub === 'save') {
    const parsed = parseOptions(rest, { '--name': 'value', '--rule': 'value', '--json': 'flag' });
    if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
    const name = parsed.values.get('--name');
    if (!name) return usageError(io, USAGE, '--name is required');
    const rule = ruleFrom(parsed.values.get('--rule'));
    return withCliCore(io, {}, async (core) => {
      const saved = await callCore<SegmentView>(core, 'segments.save', { name, rule });
      if (parsed.flags.has('--json')) writeJson(io, { id: saved.id, name: saved.name, buyers: saved.buyers });
      else io.stdout.write(`已保存人群 ${saved.id}「${saved.name}」：买家 ${saved.buyers}\n`);
      return 0;
    });
  }
  return usageError(io, USAGE, `Unknown subcommand: segment ${sub}`);
};
