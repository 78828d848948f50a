// The windows of the rate limit: expired ones are dropped one by one as time passes, never all
// at once, so a flood of new keys cannot reset the count of a key in its window.
import { describe, expect, it } from 'vitest';
import { WindowCounter } from '../src/rate-limit.ts';

describe('WindowCounter', () => {
  it('keeps a live window while thousands of others come and expire', () => {
    const counter = new WindowCounter(2);
    counter.count('admin', 0, 'limited');
    counter.count('admin', 0, 'limited');
    for (let n = 0; n < 20_000; n++) counter.count(`address-${n}`, n, 'limited');
    expect(() => counter.count('admin', 30_000, 'limited')).toThrow(/limited; retry after/);
    // Only the windows of the last minute remain.
    counter.count('late', 90_000, 'limited');
    expect(counter.size).toBeLessThanOrEqual(2);
  });
});
