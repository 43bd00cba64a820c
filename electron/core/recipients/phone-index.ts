/**
 * Phone → first row number, for deduplicating up to millions of rows without a Map's per-entry objects
 * (1M entries: ~24 MB of typed arrays instead of ~60 MB of heap and GC work). Open addressing, linear probing.
 * Keys are the 11-digit numbers as doubles (exact below 2^53); 0 marks an empty slot.
 */
export class PhoneIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1 << 16) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity <<= 1;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The row stored for this phone, or -1. */
  get(phone: number): number {
    for (let i = slot(phone, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === phone) return this.values[i]!;
      if (k === 0) return -1;
    }
  }

  /** Stores row for phone unless present; returns the row already stored, or -1 when added. */
  addIfAbsent(phone: number, row: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    for (let i = slot(phone, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === phone) return this.values[i]!;
      if (k === 0) {
        this.keys[i] = phone;
        this.values[i] = row;
        this.count++;
        return -1;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.addIfAbsent(keys[i]!, values[i]!);
  }
}

function slot(phone: number, mask: number): number {
  // 11-digit numbers: mix the high and low halves (multiplicative hashing on 32-bit words).
  const lo = (phone % 4294967296) | 0;
  const hi = (phone / 4294967296) | 0;
  return (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
}
