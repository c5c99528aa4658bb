import { describe, expect, it } from 'vitest';
import { createHostMonotonicClock } from '../../src-main/common/hostMonotonicClock';

describe('createHostMonotonicClock', () => {
  it('reads performance.now(), which never decreases', () => {
    const clock = createHostMonotonicClock();
    expect(clock).toBeDefined();
    const a = clock!.nowMs();
    const b = clock!.nowMs();
    expect(typeof a).toBe('number');
    expect(b).toBeGreaterThanOrEqual(a);
  });
});
