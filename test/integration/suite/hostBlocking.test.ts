// "The extension host is never blocked more than 50 ms" (issue #6), measured: while a
// simulation runs (worker thread, progress notification, then the run posted to the
// timeline until the page reports "rendered"), a 10 ms interval timer on the extension
// host records how late each tick fires. Each case runs REPEAT times; the figures, the 50 ms
// goal and whether each run met it go to <artifacts>/vscode/host-blocking.json and the log.
// What is asserted is a comparison within this run, never a wall-clock limit (these machines
// are shared and noisy): first the sampler is checked (idle it ticks; a deliberate 120 ms block
// of the host shows as such), then the best run of each case must stay below what that
// deliberate block measured — a simulation on the host's thread would block it for seconds in
// every run, a scheduling hiccup of a loaded machine does not.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { writeJson } from '../shared/results';
import { sleep, waitForEvent } from './env';
import { measurementsDir, targetSiteArgs, type SiteArgs } from './story';
import * as vscode from 'vscode';

const GOAL_MS = 50;
const BLOCK_MS = 120;
const TICK_MS = 10;
const REPEAT = 3;

interface Lateness {
  what: string;
  ms: number;
  samples: number;
  maxLateMs: number;
  p99LateMs: number;
  p50LateMs: number;
}

/** Samples interval lateness while `work` runs; `work` resolves when the measured span ends. */
async function measure(what: string, work: () => Promise<void>): Promise<Lateness> {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - TICK_MS));
    last = now;
  }, TICK_MS);
  const t0 = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  late.push(Math.max(0, performance.now() - last - TICK_MS));
  const sorted = [...late].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const r = (v: number): number => Math.round(v * 10) / 10;
  return {
    what,
    ms: Math.round(ms),
    samples: late.length,
    maxLateMs: r(sorted[sorted.length - 1]),
    p99LateMs: r(q(0.99)),
    p50LateMs: r(q(0.5)),
  };
}

/** Runs the simulate command and waits for the page's "rendered" test event. */
async function simulateUntilRendered(args: SiteArgs): Promise<void> {
  const since = Date.now();
  const run = await vscode.commands.executeCommand('mmuNotifierLens.simulate', args);
  assert.ok(run, 'the simulation ran');
  await waitForEvent('rendered', (e) => e.at >= since, 60_000);
}

/** Keeps the extension host's thread busy for `ms` (what a blocking extension would do). */
function blockHost(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('The extension host stays responsive while simulating', function () {
  const results: Lateness[] = [];
  let args: SiteArgs;
  let idle: Lateness;
  let blocked: Lateness;

  before(async function () {
    this.timeout(90_000);
    args = (await targetSiteArgs()).args;
    // Warm up (worker bundle loaded, panel open) so the measurements see the steady state.
    await simulateUntilRendered(args);
    // The sampler's reference in this run: this machine's timer noise, and a real block.
    idle = await measure('idle 2 s', () => sleep(2_000));
    blocked = await measure(`deliberate ${BLOCK_MS} ms block`, async () => {
      await sleep(200);
      blockHost(BLOCK_MS);
      await sleep(200);
    });
    results.push(idle, blocked);
  });

  after(function () {
    const file = join(measurementsDir(), 'host-blocking.json');
    writeJson(file, {
      goalMs: GOAL_MS,
      tickMs: TICK_MS,
      repeat: REPEAT,
      results,
    });
    for (const r of results)
      console.log(
        `  host blocking, ${r.what}: max ${r.maxLateMs} ms${r.maxLateMs <= GOAL_MS ? '' : ` (over the ${GOAL_MS} ms goal)`}, p99 ${r.p99LateMs} ms, p50 ${r.p50LateMs} ms over ${r.ms} ms (${r.samples} ticks)`,
      );
    console.log(`  written to ${file}`);
  });

  it(`the sampler: idle, the 10 ms timer ticks; a deliberate ${BLOCK_MS} ms block shows as 100 ms late or more`, function () {
    assert.ok(idle.samples >= 2_000 / TICK_MS / 2, `${idle.samples} ticks in an idle ${idle.ms} ms`);
    assert.ok(blocked.maxLateMs >= 100, `a ${BLOCK_MS} ms block measured as ${blocked.maxLateMs} ms late`);
  });

  const cases: { what: string; args: () => SiteArgs }[] = [
    { what: 'lens site (vfio-boot, tree vs review variant)', args: () => args },
    {
      what: 'no-pin-1g on v6.1, v6.12, rfc-v2, mm-2025',
      args: () => ({ ...args, preset: 'no-pin-1g', variants: ['v6.1', 'v6.12', 'rfc-v2', 'mm-2025'] }),
    },
  ];
  for (const c of cases) {
    it(`${c.what}: its best of ${REPEAT} runs blocks the host less than a deliberate ${BLOCK_MS} ms block`, async function () {
      this.timeout(180_000);
      const runs: Lateness[] = [];
      for (let i = 0; i < REPEAT; i++)
        runs.push(await measure(`${c.what} #${i + 1}`, () => simulateUntilRendered(c.args())));
      results.push(...runs);
      const best = Math.min(...runs.map((r) => r.maxLateMs));
      for (const r of runs) assert.ok(r.samples > 5, `${r.samples} timer ticks in ${r.ms} ms`);
      assert.ok(
        best < blocked.maxLateMs,
        `the extension host was blocked ${best} ms even in its best run, as long as a deliberate ` +
          `${BLOCK_MS} ms block (${blocked.maxLateMs} ms late); goal ${GOAL_MS} ms`,
      );
    });
  }
});
