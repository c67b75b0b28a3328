// `mmu-notifier-lens simulate --case oracle/cases/NAME.json [--variant ID]...`: run a real-kernel oracle
// case on the simulator (default variants v6.1 and v6.12), print the counters table, and, when the
// case's real results are committed (oracle/results/<version>/NAME.json), real | simulated | ratio for
// every counter both sides have (the simulated side is the variant standing for that kernel).
import { dirname, join, resolve } from 'node:path';
import { simulate, type Scenario, prepareSimulationRequest, type PreparedRequest } from '../core/sim';
import { loadCaseFile, loadNamedScenario, loadResults } from '../core/oracle/node';
import { formatComparisons, compareRun, VARIANT_OF_SERIES } from '../core/oracle';
import type { SimulationResult } from '../protocol/simulation';
import type { CliIo } from './cliIo';
import { refuse } from './commandArgs';
import { messageOf } from './scenarioRequest';
import { SIMULATE } from './commandSpecs';
import { formatTable } from './simulateTable';

/** The repository root a case file belongs to: `<root>/oracle/cases/NAME.json`, else the working directory. */
export function caseRoot(caseFile: string): string {
  const dir = resolve(dirname(caseFile));
  return dir.endsWith(join('oracle', 'cases')) ? resolve(dir, '..', '..') : process.cwd();
}

/** The case file (and the scenario file it names) as the core's request, checked before any work. */
function prepareCase(
  caseFile: string,
  root: string,
  variants: string[],
  sets: string[],
): { name: string; prepared: PreparedRequest } {
  const c = loadCaseFile(caseFile);
  const named = loadNamedScenario(c, root) ?? undefined;
  const prepared = prepareSimulationRequest({ oracleCase: c.name, variants, sets }, () => ({
    oracleCase: c,
    named,
  }));
  return { name: c.name, prepared };
}

export async function runSimulateCase(
  caseFile: string,
  variants: string[],
  sets: string[],
  json: boolean,
  io: CliIo,
): Promise<number> {
  const root = caseRoot(caseFile);
  let name: string;
  let prepared: PreparedRequest;
  let runs: { sc: Scenario; v: string }[];
  try {
    ({ name, prepared } = prepareCase(caseFile, root, variants, sets));
    runs = variants.map((v) => ({ sc: prepared.scenarioFor(v), v }));
  } catch (e) {
    return refuse(io, SIMULATE, messageOf(e));
  }
  const results: SimulationResult[] = runs.map(({ sc, v }) => simulate(sc, v));
  const real = loadResults(root).filter((r) => r.case_name === name && r.status === 'ok');
  const comparisons = real.flatMap((r) => {
    const variant = VARIANT_OF_SERIES[r.kernel.series];
    const i = variants.indexOf(variant);
    const sim = i >= 0 ? results[i] : simulate(prepared.scenarioFor(variant), variant);
    return compareRun(r, sim);
  });
  if (json) {
    const body = {
      case: name,
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
  io.out(`case ${name} (${caseFile})`);
  io.out(formatTable(runs[0].sc, results));
  io.out('');
  io.out(
    comparisons.length
      ? formatComparisons(comparisons)
      : `no real results for ${name} under ${join(root, 'oracle', 'results')} yet (npm run oracle)`,
  );
  return 0;
}
