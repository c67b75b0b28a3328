// The simulator held to the committed real-kernel results (oracle/results/): every counter both sides have
// must be within its declared tolerance (src/core/oracle/counterMap.ts; known mismatches, each still
// checked for the side the simulator errs on, in src/core/oracle/knownMismatches.ts). A failure names the
// case, the kernel, the counter, the real and the simulated value. The explanations: docs/validation.md.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadNamedScenario, loadResults } from '../../src/core/oracle/oracleFiles';
import { simulateCase } from '../../src/core/oracle/runCase';
import { compareRun } from '../../src/core/oracle/compare';
import { realLabel } from '../../src/core/oracle/counterMap';
import { KNOWN_MISMATCHES, knownMismatchKey } from '../../src/core/oracle/knownMismatches';
import { VARIANT_OF_SERIES } from '../../src/core/oracle/types';

const ROOT = join(__dirname, '..', '..');
const results = loadResults(ROOT).filter((r) => r.status === 'ok');

describe('oracle fidelity: the simulator against the committed real results', () => {
  const used = new Set<string>();
  for (const real of results)
    it(`${real.case_name} on ${real.kernel.series} (${real.kernel.package_version}) vs ${VARIANT_OF_SERIES[real.kernel.series]}`, () => {
      const [sim] = simulateCase(
        real.case,
        [VARIANT_OF_SERIES[real.kernel.series]],
        loadNamedScenario(real.case, ROOT) ?? undefined,
      );
      const rows = compareRun(real, sim);
      for (const c of rows) used.add(knownMismatchKey(c.caseName, c.series, c.mapping));
      const failures = rows
        .filter((c) => c.failure !== null)
        .map(
          (c) =>
            `${c.caseName} / ${c.series} / ${realLabel(c.mapping)} → ${c.mapping.sim}: real ${c.real}, simulated ${c.sim} (${c.variant}): ${c.failure}`,
        );
      assert.deepEqual(failures, [], failures.join('\n'));
    });

  if (results.length)
    it('every known mismatch still names a comparison that exists', () => {
      // Entries for a kernel whose results are not committed yet are declared ahead; the rest must match.
      const measured = new Set(results.map((r) => `${r.case_name}/${r.kernel.series}/`));
      const stale = Object.keys(KNOWN_MISMATCHES).filter(
        (k) => !used.has(k) && [...measured].some((m) => k.startsWith(m)),
      );
      assert.deepEqual(stale, [], 'remove these from src/core/oracle/knownMismatches.ts');
    });
});
