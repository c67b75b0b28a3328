// Benchmark of the simulation core (issue #4): vfio-boot for 10 simulated minutes at 64 GiB and 1 TiB,
// against the per-page reference at 64 GiB. Prints numbers; never fails on time.
import { execFileSync } from 'node:child_process';
import { applySet, loadPreset, simulate, type Scenario } from '../src/core/sim';
import { runRangeModel, runReference } from '../src/core/reference';

const RUNS = 5;

export function benchScenario(gib: number): Scenario {
  let sc = loadPreset('vfio-boot');
  for (const s of [`guest.memory_gib=${gib}`, 'duration_s=600']) sc = applySet(sc, s);
  return sc;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(f: () => void, runs = RUNS): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return Math.round(median(ts) * 10) / 10;
}

const CHILD_FLAG = 'MMULENS_BENCH_CORE_CHILD';

// In the child: simulate 1 TiB once, report RSS and result size, exit (runs before anything else).
if (process.env[CHILD_FLAG]) {
  const r = simulate(benchScenario(1024), 'v6.1');
  process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, bytes: JSON.stringify(r).length }));
  process.exit(0);
}

/** RSS of a fresh process (this same script, flagged) simulating 1 TiB once, in MB; -1 if it failed. */
function childRssMb(): number {
  try {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]], {
      encoding: 'utf8',
      env: { ...process.env, [CHILD_FLAG]: '1' },
    });
    return Math.round((JSON.parse(out) as { rss: number }).rss / 1e6);
  } catch {
    return -1;
  }
}

export async function benchCore(): Promise<Record<string, number | boolean>> {
  const s64 = benchScenario(64);
  const s1t = benchScenario(1024);
  for (let i = 0; i < 3; i++) simulate(s64, 'v6.1'); // warm-up (JIT tiers)
  const core64 = timeMs(() => simulate(s64, 'v6.1'));
  const core1t = timeMs(() => simulate(s1t, 'v6.1'));
  const resultMb = Math.round(JSON.stringify(simulate(s1t, 'v6.1')).length / 1e5) / 10;
  // The per-page reference takes minutes at 64 GiB: one run, timed and compared.
  const t0 = performance.now();
  const b = runReference(s64, 'v6.1');
  const refMs = Math.round(performance.now() - t0);
  const a = runRangeModel(s64, 'v6.1');
  const identical =
    JSON.stringify(a.counters) === JSON.stringify(b.counters) &&
    JSON.stringify(a.finalState) === JSON.stringify(b.finalState);
  const rss = childRssMb();
  const speedup = Math.round((refMs / core64) * 10) / 10;
  console.log(
    `core: vfio-boot 10 min, 64 GiB: ${core64} ms; 1 TiB: ${core1t} ms (${(core1t / core64).toFixed(2)}x), RSS ${rss} MB, result ${resultMb} MB`,
  );
  console.log(
    `core: per-page reference 64 GiB: ${refMs} ms -> ${speedup}x faster, counters+final state identical: ${identical}`,
  );
  return {
    core_64gib_ms: core64,
    core_1tib_ms: core1t,
    core_1tib_rss_mb: rss,
    core_1tib_result_mb: resultMb,
    reference_64gib_ms: refMs,
    speedup_vs_reference: speedup,
    counters_identical: identical,
  };
}
