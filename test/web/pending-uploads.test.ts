import { describe, expect, it } from 'vitest';
import { PendingUploads } from '../../src/web/pending-uploads';

describe('uploads waiting for confirmation', () => {
  it('are bounded per user and in all, oldest first, and expire', () => {
    const p = new PendingUploads<string>({ perUser: 2, total: 3, ttlMs: 1000 });
    const a1 = p.put('a', 'a1', 0);
    const a2 = p.put('a', 'a2', 1);
    const a3 = p.put('a', 'a3', 2); // a's third evicts a's oldest
    expect(p.take(a1, 'a', 3)).toBeNull();
    expect(p.size).toBe(2);
    const b1 = p.put('b', 'b1', 4);
    const c1 = p.put('c', 'c1', 5); // the fourth in all evicts the oldest of anyone's
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
});
