import { extractVariables, maskValueFor, privacyRuleFor } from '../../../../shared/sms';

// The phone preview's sample order. Values the platform masks (订单号, 运单号, 昵称, 收件人, 商品) are shown masked, as
// the buyer will read them; contact details never appear; any other variable takes the template's own sample value.
const SAMPLE_BY_PRIVACY_KIND: Record<string, string> = {
  'order-id': '3921846079123456789',
  waybill: 'YT7712345678',
  nick: '小麦麦的店',
  name: '张小明',
  item: '夏季纯棉短袖T恤',
};

export function sampleOrderValues(content: string, templateSamples: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of extractVariables(content)) {
    const rule = privacyRuleFor(name);
    const sample = rule ? SAMPLE_BY_PRIVACY_KIND[rule.kind] : undefined;
    if (rule && sample === undefined) continue; // phone / address: left as ${name}, the preview shows it missing
    const value = sample ?? (Object.hasOwn(templateSamples, name) ? templateSamples[name] : undefined);
    if (value === undefined || value === '') continue;
    values[name] = maskValueFor(name, value) ?? value;
  }
  return values;
}
