import { describe, expect, it } from 'vitest';
import { importRenderer } from '../../helpers/renderer-module';

const { sampleOrderValues } = await importRenderer<{ sampleOrderValues: (content: string, samples: Record<string, string>) => Record<string, string> }>(
  'pages/automations/sample-order.ts',
);

// The 自动化 phone preview shows a sample order as the buyer reads it: platform-masked values, no contact details.
describe('automation preview sample order', () => {
  it('masks order number, waybill, nick, receiver and item as the template rules require', () => {
    const values = sampleOrderValues('亲${buyerNick}，订单${tid}的${itemTitle}已由${company}发出，运单号${outSid}，收件人${receiverName}', {
      company: '中通快递',
    });
    expect(values).toEqual({ buyerNick: '小**', tid: '3921**', itemTitle: '商品', company: '中通快递', outSid: '5678', receiverName: '张**' });
  });

  it('leaves phone and address out even when the template has a sample for them, and unknown variables without one', () => {
    const values = sampleOrderValues('${mobile} ${receiverAddress} ${coupon} ${shop}', {
      mobile: '13900000000',
      receiverAddress: '某路 1 号',
      shop: '演示旗舰店',
    });
    expect(values).toEqual({ shop: '演示旗舰店' });
  });
});
