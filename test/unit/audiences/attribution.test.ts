import { describe, expect, it } from 'vitest';
import { attribute, type AttributableOrder, type Touch } from '../../../electron/core/audiences/effect';

const DAY = 86_400_000;
const T = Date.UTC(2026, 11, 1, 2, 0, 0);
const order = (buyer: string, tid: string, created: number, paymentFen = 1000, paid = true): AttributableOrder => ({ buyer, tid, created, paid, paymentFen });
const sent = (buyer: string, campaignId: number, at: number): Touch => ({ buyer, campaignId, control: false, at });
const held = (buyer: string, campaignId: number, at: number): Touch => ({ buyer, campaignId, control: true, at });

describe('attribution of orders to sends', () => {
  it('window edges: after the send (not at it), up to exactly N days later (included)', () => {
    const touches = [sent('A', 1, T)];
    const at = (created: number) => attribute(touches, [order('A', 'x', created)], 1, 3).orders;
    expect(at(T - 1)).toBe(0);
    expect(at(T)).toBe(0);
    expect(at(T + 1)).toBe(1);
    expect(at(T + 3 * DAY)).toBe(1);
    expect(at(T + 3 * DAY + 1)).toBe(0);
    expect(attribute(touches, [order('A', 'x', T + 3 * DAY + 1)], 1, 4).orders).toBe(1);
  });

  it('one order goes to the latest send before it only; the earlier send does not count it', () => {
    const touches = [sent('A', 1, T), sent('A', 2, T + DAY)];
    const orders = [order('A', 'early', T + DAY / 2, 500), order('A', 'late', T + 2 * DAY, 700)];
    expect(attribute(touches, orders, 1, 3)).toMatchObject({ orders: 1, buyers: 1, amountFen: 500 });
    expect(attribute(touches, orders, 2, 3)).toMatchObject({ orders: 1, buyers: 1, amountFen: 700 });
    // Summed over both sends: each order once.
    expect(attribute(touches, orders, 1, 3).orders + attribute(touches, orders, 2, 3).orders).toBe(2);
  });

  it('control buyers: their orders count as control, never as the send; a later real send takes over', () => {
    const touches = [sent('A', 1, T), held('B', 1, T), held('C', 1, T), sent('C', 2, T + DAY)];
    const orders = [
      order('A', 'a1', T + 1000, 1200),
      order('A', 'a2', T + 2000, 800, false), // not paid: an order, no amount
      order('B', 'b1', T + DAY, 3000),
      order('C', 'c1', T + 2 * DAY, 999), // after campaign 2 reached C
      order('D', 'd1', T + 1000, 5000), // never touched
    ];
    expect(attribute(touches, orders, 1, 3)).toEqual({ orders: 2, buyers: 1, amountFen: 1200, controlOrders: 1, controlBuyers: 1, controlAmountFen: 3000 });
    expect(attribute(touches, orders, 2, 3)).toMatchObject({ orders: 1, buyers: 1, amountFen: 999, controlOrders: 0 });
  });
});
