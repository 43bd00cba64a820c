import { afterEach, describe, expect, it } from 'vitest';
import { ordersHandlers } from '../../../electron/core/features/orders';
import { createOrdersModule } from '../../../electron/core/orders';
import { AppError } from '../../../shared/errors';
import { OrdersListInput, OrdersSettingsInput } from '../../../shared/orders/contract';
import { createTestContext, type TestContext } from '../mq/helpers';

let t: TestContext | null = null;
const noTop = () => {
  throw new AppError('NOT_CONFIGURED', '尚未填写 App Key。');
};
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('orders handlers', () => {
  it('settings: the seller nick is per shop, other fields keep their values, bad input is refused by the contract', async () => {
    t = await createTestContext();
    const h = ordersHandlers(t.ctx, createOrdersModule(t.ctx, { client: noTop }), { sendsForOrder: () => [] });
    expect(await h['orders.settings.get']({})).toMatchObject({
      sellerNick: '',
      firstImportDays: 7,
      oaidMaxAgeHours: 24,
      oaidOrderMaxAgeDays: 90,
      syncOnStart: true,
    });
    const saved = await h['orders.settings.save'](OrdersSettingsInput.parse({ sellerNick: ' 张三男装淘宝店 ', firstImportDays: 30 }));
    expect(saved).toMatchObject({ sellerNick: '张三男装淘宝店', firstImportDays: 30, backfillOverlapMinutes: 10 });
    expect(t.ctx.settings.get().orders.sellerNicks).toEqual({ '1': '张三男装淘宝店' });
    expect(OrdersSettingsInput.safeParse({ firstImportDays: 91 }).success).toBe(false);
    expect(OrdersListInput.safeParse({ tid: '12a' }).success).toBe(false);
    expect(OrdersListInput.safeParse({ status: ['PAID'] }).success).toBe(false);
  });

  it('an empty shop lists nothing, has no job, and its overview shows no gap', async () => {
    t = await createTestContext();
    const h = ordersHandlers(t.ctx, createOrdersModule(t.ctx, { client: noTop }), { sendsForOrder: () => [] });
    expect(await h['orders.list'](OrdersListInput.parse({}))).toEqual({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 50 });
    expect(await h['orders.sync.status']({})).toBeNull();
    expect(await h['orders.syncState']({})).toMatchObject({ job: null, gap: null, blocked: null, orders: 0, lastEventAt: null });
  });
});
