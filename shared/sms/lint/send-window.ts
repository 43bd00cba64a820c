import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from '../config';
import { FindingList, type Finding } from '../rules';
import { TEMPLATE_TYPE, type TemplateType } from '../types';

/** send-window: §4 no marketing 20:00–08:00 [3P aliyun]; Jushita [NOT FOUND] → config.sendWindow. */
export function checkSendWindow(type: TemplateType | number, at: Date, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): Finding[] {
  const w = config.sendWindow.marketing;
  if (type !== TEMPLATE_TYPE.MARKETING || !w) return [];
  const local = new Date(at.getTime() + config.sendWindow.utcOffsetMinutes * 60_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const inside = w.startHour <= w.endHour ? hour >= w.startHour && hour < w.endHour : hour >= w.startHour || hour < w.endHour;
  if (inside) return [];
  const out = new FindingList(config.severityOverrides);
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  out.add('send-window', {
    message: `推广短信建议只在 ${hh(w.startHour)}–${hh(w.endHour)} 发送（北京时间），现在发送可能被拦截或打扰买家`,
    messageEn: `Send marketing SMS only between ${hh(w.startHour)} and ${hh(w.endHour)} (China time); now it may be blocked or disturb buyers`,
    data: { startHour: w.startHour, endHour: w.endHour },
  });
  return out.items;
}
