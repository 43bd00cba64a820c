import type { EffectReport } from '../../shared/audiences/contract';
import { AppError } from '../../shared/errors';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';

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
  let id: number | undefined;
  let days: number | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--json') json = true;
    else if (arg === '--days') {
      const v = args[++i];
      if (!v || !/^\d{1,2}$/.test(v) || Number(v) < 1 || Number(v) > 15) return usageError(`--days needs 1–15, got: ${v ?? '(nothing)'}`, io);
      days = Number(v);
    } else if (/^[1-9]\d{0,15}$/.test(arg) && id === undefined) id = Number(arg);
    else return usageError(`Unknown argument: ${arg}`, io);
  }
  if (id === undefined) return usageError('A campaign id is required.', io);
  return withCliCore(io, {}, async (core) => {
    const envelope = await core.dispatch('effect.get', { campaignId: id, ...(days ? { days } : {}) });
    if (!envelope.ok) throw AppError.fromData(envelope.error);
    const e = envelope.result as EffectReport;
    if (json) {
      const { recipients, control, orders, buyers, amount, cost, roi, controlOrders, controlBuyers, controlAmount } = e;
      io.stdout.write(JSON.stringify({ recipients, control, orders, buyers, amount, cost, roi, controlOrders, controlBuyers, controlAmount }) + '\n');
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

function usageError(message: string, io: CliIo): number {
  io.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}
