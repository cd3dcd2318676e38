/**
 * When the audit and the import take a second thread (core/workers/spawn.ts coreFree): a core must be free now,
 * not a minute ago. The 1-minute average alone kept one thread right after a finished job had loaded the machine.
 */
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { coreFree, freeIn, loadSample, READINGS, type LoadSample } from '../../core/workers/spawn';

describe('freeIn (one reading)', () => {
  it('needs two cores', () => {
    expect(freeIn({ cores: 1, load1: 0, runnable: 1 })).toBe(false);
  });
  it('is free when the average is low (Windows reports 0 and nothing runnable)', () => {
    expect(freeIn({ cores: 2, load1: 0, runnable: null })).toBe(true);
    expect(freeIn({ cores: 2, load1: 1.2, runnable: 2 })).toBe(true);
  });
  it('is free right after a finished job: average still high, only this thread runnable', () => {
    expect(freeIn({ cores: 2, load1: 1.6, runnable: 1 })).toBe(true);
  });
  it('is busy when the average is high and another task is running now', () => {
    expect(freeIn({ cores: 2, load1: 1.6, runnable: 2 })).toBe(false);
    expect(freeIn({ cores: 2, load1: 3, runnable: null })).toBe(false);
    expect(freeIn({ cores: 4, load1: 4, runnable: 4 })).toBe(false);
    expect(freeIn({ cores: 4, load1: 4, runnable: 3 })).toBe(true);
  });
  it("does not count this process's own threads as another program's load (V8's compiler right after a module loads)", () => {
    expect(freeIn({ cores: 2, load1: 1.6, runnable: 2, ownRunnable: 2 })).toBe(true);
    expect(freeIn({ cores: 2, load1: 1.6, runnable: 3, ownRunnable: 2 })).toBe(false);
    expect(freeIn({ cores: 4, load1: 4, runnable: 5, ownRunnable: 3 })).toBe(true);
    expect(freeIn({ cores: 4, load1: 4, runnable: 5, ownRunnable: 2 })).toBe(false);
    // read one after the other, the counts may cross: never below none
    expect(freeIn({ cores: 2, load1: 1.6, runnable: 1, ownRunnable: 3 })).toBe(true);
  });
});

describe('coreFree (up to READINGS readings)', () => {
  const readings = (...xs: LoadSample[]) => {
    const seen: LoadSample[] = [];
    const read = () => {
      const s = xs[Math.min(seen.length, xs.length - 1)];
      seen.push(s);
      return s;
    };
    return { read, seen };
  };
  const busy: LoadSample = { cores: 2, load1: 1.7, runnable: 2, ownRunnable: 1 };
  const idle: LoadSample = { cores: 2, load1: 1.7, runnable: 1, ownRunnable: 1 };
  it('is free when a later reading finds nothing else runnable (a kernel thread runnable for an instant)', () => {
    const r = readings(busy, busy, idle);
    expect(coreFree(r.read)).toBe(true);
    expect(r.seen).toHaveLength(3);
  });
  it('is busy when every reading finds another task runnable (a program keeping a core busy)', () => {
    const r = readings(busy);
    expect(coreFree(r.read)).toBe(false);
    expect(r.seen).toHaveLength(READINGS);
  });
  it('reads once when the first reading decides, or when more cannot change the answer', () => {
    for (const s of [idle, { cores: 1, load1: 0, runnable: 1 }, { cores: 2, load1: 3, runnable: null }]) {
      const r = readings(s);
      coreFree(r.read);
      expect(r.seen).toHaveLength(1);
    }
  });
  it('reads the system: cores, an average, and on Linux a runnable count and its own runnable threads', async () => {
    const s = loadSample();
    expect(s.cores).toBeGreaterThanOrEqual(1);
    expect(s.load1).toBeGreaterThanOrEqual(0);
    if (process.platform !== 'linux') return;
    expect(s.runnable).toBeGreaterThanOrEqual(1);
    expect(s.ownRunnable).toBeGreaterThanOrEqual(1);
    // A thread of this process kept busy is counted among its own.
    const w = new Worker('const t = Date.now(); while (Date.now() - t < 3000);', { eval: true });
    try {
      await new Promise((r) => w.once('online', r));
      let most = 0;
      for (let i = 0; i < 20 && most < 2; i++) {
        most = Math.max(most, loadSample().ownRunnable ?? 0);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(most).toBeGreaterThanOrEqual(2);
    } finally {
      await w.terminate();
    }
  });
});
