import { describe, expect, it } from 'vitest';
import { threadCpu } from './thread-cpu.mjs';

describe('threadCpu', () => {
  it('puts the task whose id is the pid on the main thread and sums the others', () => {
    const stats = { 4100: '2500000 90000 310\n', 4101: '700000 1000 12\n', 4107: '300000 50 3\n' };
    const split = threadCpu(4100, () => Object.keys(stats), (_pid, task) => stats[task]);
    expect(split).toEqual({ mainNs: 2_500_000, otherNs: 1_000_000 });
  });

  it('skips a thread that exited between listing and reading', () => {
    const split = threadCpu(7, () => ['7', '8'], (_pid, task) => {
      if (task === '8') throw new Error('ENOENT');
      return '42 0 0\n';
    });
    expect(split).toEqual({ mainNs: 42, otherNs: 0 });
  });

  it('reads this process from /proc', () => {
    const split = threadCpu(process.pid);
    expect(split.mainNs).toBeGreaterThan(0);
  });
});
