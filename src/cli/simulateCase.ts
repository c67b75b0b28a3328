// `mmu-notifier-lens simulate --case oracle/cases/NAME.json [--variant ID]...`: run a real-kernel oracle
// case on the simulator (default variants v6.1 and v6.12), print the counters table, and, when the
// case's real results are committed (oracle/results/<version>/NAME.json), real | simulated | ratio for
// every counter both sides have (the simulated side is the variant standing for that kernel).
import { dirname, join, resolve } from 'node:path';
import { applySet, parseVariantId, type Scenario } from '../core/sim';
import { loadCaseFile, loadNamedScenario, loadResults } from '../core/oracle/oracleFiles';
import { scenarioForCase } from '../core/oracle/runCase';
import { formatComparisons } from '../core/oracle/formatComparisons';
import { compareRun } from '../core/oracle/compare';
import { VARIANT_OF_SERIES } from '../core/oracle/types';
import type { OracleCase } from '../core/oracle/oracleCase';
import { simulateWith } from '../core/sim/simulate';
import type { SimulationResult } from '../protocol/simulation';
import { formatTable, type Args } from './simulateCommand';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The repository root a case file belongs to: `<root>/oracle/cases/NAME.json`, else the working directory. */
export function caseRoot(caseFile: string): string {
  const dir = resolve(dirname(caseFile));
  return dir.endsWith(join('oracle', 'cases')) ? resolve(dir, '..', '..') : process.cwd();
}

function scenarioFor(c: OracleCase, variant: string, named: Scenario | null, a: Args): Scenario {
  let sc = scenarioForCase(c, variant, named ?? undefined);
  for (const s of a.sets) sc = applySet(sc, s);
  if (a.seed !== null) sc = applySet(sc, `seed=${a.seed}`);
  return sc;
}

export async function runSimulateCase(
  a: Args,
  caseFile: string,
  variants: string[],
  io: Io,
): Promise<number> {
  let c: OracleCase;
  let named: Scenario | null;
  const root = caseRoot(caseFile);
  try {
    c = loadCaseFile(caseFile);
    named = loadNamedScenario(c, root);
    for (const v of variants) parseVariantId(v);
  } catch (e) {
    io.err(`simulate: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const runs = variants.map((v) => ({ sc: scenarioFor(c, v, named, a), v }));
  const results: SimulationResult[] = runs.map(({ sc, v }) => simulateWith(sc, v));
  const real = loadResults(root).filter((r) => r.case_name === c.name && r.status === 'ok');
  const comparisons = real.flatMap((r) => {
    const variant = VARIANT_OF_SERIES[r.kernel.series];
    const i = variants.indexOf(variant);
    const sim = i >= 0 ? results[i] : simulateWith(scenarioFor(c, variant, named, a), variant);
    return compareRun(r, sim);
  });
  if (a.json) {
    const body = {
      case: c.name,
      seed: runs[0].sc.seed,
      results: results.map((r, i) => ({
        variant: r.variant,
        duration_s: runs[i].sc.duration_s,
        counters: r.counters,
        by_cause: r.by_cause,
        cost_ns: r.cost_ns,
        violations: r.violations,
      })),
      real: comparisons.map((x) => ({
        kernel: x.series,
        package_version: x.packageVersion,
        variant: x.variant,
        real_counter: `${x.mapping.source}:${x.mapping.real}`,
        counter: x.mapping.sim,
        real: x.real,
        simulated: x.sim,
        ratio: Number.isFinite(x.ratio) ? x.ratio : null,
        band: x.band,
      })),
    };
    io.out(JSON.stringify(body, null, 2));
    return 0;
  }
  io.out(`case ${c.name} (${caseFile})`);
  io.out(formatTable(runs[0].sc, results));
  io.out('');
  io.out(
    comparisons.length
      ? formatComparisons(comparisons)
      : `no real results for ${c.name} under ${join(root, 'oracle', 'results')} yet (npm run oracle)`,
  );
  return 0;
}
