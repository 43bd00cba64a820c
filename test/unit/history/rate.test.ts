import { describe, expect, it } from 'vitest';
import { deliveryRate } from '../../../shared/history/rate';

// Issue 16: "0.0%" was shown for 0 delivered, 0 failed, 2 pending. One definition, the overview's.
describe('送达率', () => {
  it('is delivered ÷ (delivered + failed), and absent (—) while nothing is decided', () => {
    expect(deliveryRate({ delivered: 0, failed: 0 })).toBeNull();
    expect(deliveryRate({ delivered: 0, failed: 2 })).toBe(0);
    expect(deliveryRate({ delivered: 3, failed: 1 })).toBe(0.75);
  });
});
