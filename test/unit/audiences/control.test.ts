import { describe, expect, it } from 'vitest';
import { drawControl } from '../../../electron/core/audiences/send';

const members = Array.from({ length: 50 }, (_, i) => ({ buyerOpenUid: `B${i}`, tid: String(1000 + i) }));

describe('control group draw', () => {
  it('holds back exactly the count asked, disjoint from the rest, everyone once', () => {
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const [held, sent] = drawControl(members, 5, random);
    expect(held).toHaveLength(5);
    expect(sent).toHaveLength(45);
    expect(new Set([...held, ...sent].map((m) => m.buyerOpenUid)).size).toBe(50);
  });

  it('follows the clock’s random (a fixed draw is repeatable) and is not simply the first buyers', () => {
    const fixed = (values: number[]) => {
      let i = 0;
      return () => values[i++ % values.length]!;
    };
    const a = drawControl(members, 3, fixed([0.99, 0.5, 0.01]))[0].map((m) => m.buyerOpenUid);
    expect(a).toEqual(drawControl(members, 3, fixed([0.99, 0.5, 0.01]))[0].map((m) => m.buyerOpenUid));
    expect(a).toEqual(['B49', 'B25', 'B2']);
    expect(drawControl(members, 0, Math.random)[0]).toEqual([]);
    expect(drawControl(members, 80, Math.random)[0]).toHaveLength(50);
  });
});
