import { describe, expect, it } from 'vitest';
import { PendingUploads } from '../../src/web/pending-uploads';

describe('uploads waiting for confirmation', () => {
  it('are bounded per user and in all, oldest first, and expire', () => {
    const p = new PendingUploads<string>({ perUser: 2, total: 3, totalBytes: 1000, ttlMs: 1000 });
    const a1 = p.put('a', 'a1', 1, 0);
    const a2 = p.put('a', 'a2', 1, 1);
    const a3 = p.put('a', 'a3', 1, 2); // a's third evicts a's oldest
    expect(p.take(a1, 'a', 3)).toBeNull();
    expect(p.size).toBe(2);
    const b1 = p.put('b', 'b1', 1, 4);
    const c1 = p.put('c', 'c1', 1, 5); // the fourth in all evicts the oldest of anyone's
    expect(p.size).toBe(3);
    expect(p.take(a2, 'a', 6)).toBeNull();
    // Only the owner may confirm, once.
    expect(p.take(a3, 'b', 6)).toBeNull();
    expect(p.take(a3, 'a', 6)).toBe('a3');
    expect(p.take(a3, 'a', 6)).toBeNull();
    // After the TTL, gone.
    expect(p.take(b1, 'b', 4 + 1000)).toBeNull();
    expect(p.take(c1, 'c', 5 + 999)).toBe('c1');
  });

  it('are bounded in bytes in all, oldest evicted first', () => {
    const p = new PendingUploads<string>({ perUser: 10, total: 10, totalBytes: 100, ttlMs: 1000 });
    const a = p.put('a', 'a', 40, 0);
    const b = p.put('b', 'b', 40, 1);
    expect(p.bytes).toBe(80);
    const c = p.put('c', 'c', 30, 2); // 110 > 100: a, the oldest, goes
    expect(p.bytes).toBe(70);
    expect(p.take(a, 'a', 3)).toBeNull();
    expect(p.take(b, 'b', 3)).toBe('b');
    expect(p.bytes).toBe(30);
    // One upload over the whole budget is still held, alone.
    const big = p.put('d', 'd', 500, 4);
    expect(p.size).toBe(1);
    expect(p.take(c, 'c', 5)).toBeNull();
    expect(p.take(big, 'd', 5)).toBe('d');
    expect(p.bytes).toBe(0);
    // Expiry gives the bytes back too.
    p.put('e', 'e', 60, 10);
    p.put('f', 'f', 10, 2000);
    expect(p.bytes).toBe(10);
  });
});
