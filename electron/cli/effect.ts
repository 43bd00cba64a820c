import type { EffectReport } from '../../shared/audiences/contract';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { callCore, isHelp, parseOptions, usageError, writeJson } from './options';

const USAGE = `Usage:
  jst-sms effect <campaignId> [--days N] [--json]

Orders the send brought: orders its recipients created within N days after it (default 3, 1–15; the end included),
attributed by buyer_open_uid, each order to the latest send before it only; against the control group when the send
had one. amount = paid amount (yuan); cost = its billed segments × price (see jst-sms spend); roi = amount / cost.
A phone-list campaign cannot be attributed (its recipients have no buyer id).
--json prints {recipients, control, orders, buyers, amount, cost, roi, controlOrders, controlBuyers, controlAmount}.

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE.
`;

export const run: CliCommand = async (args, io: CliIo) => {
  if (args.some(isHelp)) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseOptions(args, { '--days': 'value', '--json': 'flag' }, { positionals: true });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const daysText = parsed.values.get('--days');
  if (daysText !== undefined && (!/^\d{1,2}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 15))
    return usageError(io, USAGE, `--days needs 1–15, got: ${daysText}`);
  const days = daysText === undefined ? undefined : Number(daysText);
  const [idText, ...extra] = parsed.rest;
  if (idText === undefined) return usageError(io, USAGE, 'A campaign id is required.');
  if (!/^[1-9]\d{0,15}$/.test(idText)) return usageError(io, USAGE, `Unknown argument: ${idText}`);
  if (extra.length) return usageError(io, USAGE, `Unknown argument: ${extra[0]}`);
  const id = Number(idText);
  return withCliCore(io, {}, async (core) => {
    const e = await callCore<EffectReport>(core, 'effect.get', { campaignId: id, ...(days ? { days } : {}) });
    if (parsed.flags.has('--json')) {
      const { recipients, control, orders, buyers, amount, cost, roi, controlOrders, controlBuyers, controlAmount } = e;
      writeJson(io, { recipients, control, orders, buyers, amount, cost, roi, controlOrders, controlBuyers, controlAmount });
      return 0;
    }
    if (!e.attributable) io.stdout.write(`#${e.campaignId} ${e.name}：按手机号发送的群发无法归因到订单（没有买家 ID）。\n`);
    else {
      io.stdout.write(`#${e.campaignId} ${e.name}（发送后 ${e.days} 天内）\n`);
      io.stdout.write(
        `  发送 ${e.recipients} 位：${e.orders} 笔订单，${e.buyers} 位买家，付款 ${e.amount.toFixed(2)} 元；费用 ${e.cost.toFixed(2)} 元，ROI ${e.roi ?? '-'}\n`,
      );
      if (e.control) io.stdout.write(`  对照组 ${e.control} 位：${e.controlOrders} 笔订单，${e.controlBuyers} 位买家，付款 ${e.controlAmount.toFixed(2)} 元\n`);
      io.stdout.write('  一笔订单只归到它之前最近的一次发送。\n');
    }
    return 0;
  });
};
