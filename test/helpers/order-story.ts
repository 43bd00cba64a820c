import type { TopGateway } from '../../electron/sim/top-gateway';

/**
 * Three orders in the simulator: a whole story (paid, shipped, signed, completed, rated), one refunded after payment,
 * and one closed unpaid by Taobao. Returns their tids in that order.
 */
export function orderStory(top: TopGateway): string[] {
  const t = top.trades;
  const a = t.create({ tid: '4123456789012345678', buyerNick: '碎花小裙子', items: [{ title: '碎花连衣裙', price: '129.00', num: 1 }] });
  t.pay(a.tid);
  t.ship(a.tid, { companyName: '中通快递', outSid: '75123456789' });
  t.sign(a.tid);
  t.succeed(a.tid);
  t.rate(a.tid);
  const b = t.create({ tid: '4123456789012345679' });
  t.pay(b.tid);
  t.refund(b.tid, 'created', { refundFee: '10.00' });
  t.refund(b.tid, 'agreed');
  t.refund(b.tid, 'success');
  const c = t.create({ tid: '4123456789012345680' });
  t.close(c.tid);
  return [a.tid, b.tid, c.tid];
}
