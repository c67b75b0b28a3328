// The "oracle" tier of `npm test`: one boot per kernel running the quick cases (oracle/cases/quick),
// then relations that hold on any run of the real kernels, one test each. Writes a TierResult to
// .artifacts/oracle.json; results and the console go to .artifacts/oracle/.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OracleResult } from '../../src/core/oracle';
import { errorText, type TestRecord, tierResult, writeJson } from '../../test/integration/shared/results';
import { ORACLE_DIR, REPO_DIR } from './caseFiles';

const ART = join(REPO_DIR, '.artifacts');
const OUT = join(ART, 'oracle');
const QUICK = join(ORACLE_DIR, 'cases', 'quick');
const t0 = Date.now();
const tests: TestRecord[] = [];

function check(title: string, f: () => void): void {
  const t = Date.now();
  try {
    f();
    tests.push({ title, state: 'passed', ms: Date.now() - t });
    console.log(`  ✓ ${title}`);
  } catch (e) {
    tests.push({ title, state: 'failed', ms: Date.now() - t, error: errorText(e) });
    console.log(`  ✗ ${title}: ${errorText(e)}`);
  }
}

function must(ok: boolean, msg: string): void {
  if (!ok) throw new Error(msg);
}

const cases = readdirSync(QUICK)
  .filter((f) => f.endsWith('.json'))
  .sort();
const run = spawnSync(
  'npx',
  [
    'tsx',
    join(ORACLE_DIR, 'driver', 'main.ts'),
    '--out',
    join(OUT, 'results'),
    ...cases.flatMap((f) => ['--case', join(QUICK, f)]),
  ],
  { stdio: 'inherit', cwd: REPO_DIR },
);
check('npm run oracle runs the quick cases on 6.1 and 6.12', () =>
  must(run.status === 0, `the driver exited ${run.status ?? run.signal} (see its output above)`),
);

let index: { kernels: { series: string; dir: string }[] } = { kernels: [] };
try {
  index = JSON.parse(readFileSync(join(OUT, 'results', 'index.json'), 'utf8')) as typeof index;
} catch {
  /* no index: every relation below fails with the reason */
}
const load = (series: string, name: string): OracleResult => {
  const k = index.kernels.find((e) => e.series === series);
  if (!k) throw new Error(`no results for ${series} (results/index.json)`);
  const r = JSON.parse(readFileSync(join(OUT, 'results', k.dir, `${name}.json`), 'utf8')) as OracleResult;
  must(r.status === 'ok', `${series} ${name}: ${r.error ?? 'status ' + r.status}`);
  return r;
};
const d = (r: OracleResult, k: string): number => r.vmstat[k]?.delta ?? 0;
/** kvm_unmap_hva_range ranges of ≥ 2 MiB inside the region (a scan's notifier covers up to a PUD's span). */
const regionZaps = (r: OracleResult): number =>
  (r.unmap_ranges ?? []).filter(
    (u) => r.region && u.start < r.region.end && u.end > r.region.start && u.end - u.start >= 2 << 20,
  ).length;

for (const series of ['6.1', '6.12']) {
  check(`${series}: every quick case ran its scan passes`, () => {
    for (const f of cases) {
      const r = load(series, f.replace(/\.json$/, ''));
      must(r.window.scan_passes >= 1, `${r.case_name}: ${r.window.scan_passes} scan passes`);
      must(r.kernel.preempt !== 'unknown', `${r.case_name}: preemption mode not read`);
    }
  });
  check(`${series}: unpinned 4K pages migrate to the toucher's node (numa_pages_migrated > 0)`, () => {
    const r = load(series, 'quick-4k-unpinned');
    must(d(r, 'numa_pages_migrated') > 0, `numa_pages_migrated = ${d(r, 'numa_pages_migrated')}`);
    must((r.placement?.end?.node0 ?? 0) > (r.placement?.start?.node0 ?? 0), 'no page moved to node 0');
  });
  check(
    `${series}: pinned 4K: numa_pte_updates ≈ 0, no region page moves, yet every scan pass still zaps the region in KVM`,
    () => {
      const r = load(series, 'quick-4k-pinned');
      const pages = (r.case.memory_mib * 1024) / 4;
      must(
        d(r, 'numa_pte_updates') < pages / 100,
        `numa_pte_updates = ${d(r, 'numa_pte_updates')} (region: ${pages} pages)`,
      );
      // numa_pages_migrated also counts the VMM's other pages (stack, code): the region's own stay put
      must(r.placement?.end?.node0 === 0, `${r.placement?.end?.node0} region pages moved to node 0`);
      must(
        regionZaps(r) >= r.window.scan_passes,
        `${regionZaps(r)} scan-sized kvm_unmap_hva_range in the region for ${r.window.scan_passes} scan passes`,
      );
    },
  );
  check(`${series}: pinned THP: the hinting faults try to migrate and fail (thp_migration_fail > 0)`, () => {
    const r = load(series, 'quick-thp-pinned');
    must(d(r, 'thp_migration_fail') > 0, `thp_migration_fail = ${d(r, 'thp_migration_fail')}`);
    must(d(r, 'thp_migration_success') === 0, `thp_migration_success = ${d(r, 'thp_migration_success')}`);
  });
}

const result = tierResult('oracle', tests, (Date.now() - t0) / 1000);
writeJson(join(ART, 'oracle.json'), result);
console.log(
  `oracle tier: ${result.passed} passed, ${result.failed} failed in ${result.seconds.toFixed(0)} s`,
);
