import { Month, type SpendReport } from '../../shared/costs/contract';
import { AppError } from '../../shared/errors';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';

const USAGE = `Usage:
  jst-sms spend [--month yyyy-MM] [--json]

Spend computed from the app's own ledger (Jushita has no cost API): billed segments (条) of numbers the platform
accepted × the price per segment entered in 费用 (default 0.05 元/条 until you enter yours), for one Beijing month or,
without --month, all time. Whether failed deliveries count is the 费用 setting "countFailedDeliveries".
--json prints {segments, yuan, byTemplate:[{template, segments, yuan}]} (template = template code; yuan, 2 decimals).

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE.
`;

export const run: CliCommand = async (args, io: CliIo) => {
  let month: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--json') json = true;
    else if (arg === '--month') {
      const value = args[++i];
      const parsed = Month.safeParse(value);
      if (!parsed.success) return usageError(`--month needs yyyy-MM, got: ${value ?? '(nothing)'}`, io);
      month = parsed.data;
    } else return usageError(`Unknown option: ${arg}`, io);
  }
  return withCliCore(io, {}, async (core) => {
    const envelope = await core.dispatch('costs.spend', month ? { month } : {});
    if (!envelope.ok) throw AppError.fromData(envelope.error);
    const report = envelope.result as SpendReport;
    if (json) {
      const byTemplate = report.byTemplate.map((t) => ({ template: t.template, segments: t.segments, yuan: t.yuan }));
      io.stdout.write(JSON.stringify({ segments: report.segments, yuan: report.yuan, byTemplate }) + '\n');
    } else {
      io.stdout.write(
        `${report.month ?? '全部'}：${report.segments} 条，${report.yuan.toFixed(2)} 元${report.countFailedDeliveries ? '' : '（不含发送失败的号码）'}\n`,
      );
      for (const t of report.byTemplate) io.stdout.write(`  ${t.template}\t${t.templateName}\t${t.segments} 条\t${t.yuan.toFixed(2)} 元\n`);
    }
    return 0;
  });
};

function usageError(message: string, io: CliIo): number {
  io.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}
