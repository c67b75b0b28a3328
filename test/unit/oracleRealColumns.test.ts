// The "real 6.1" / "real 6.12" columns: the counters table rows, the text summary and the Perfetto
// metadata carry a run's real-kernel counters; a request for an oracle case builds each variant's
// scenario. The real counters here come from the synthetic fixture (test/fixtures/oracle), never ground truth.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadResults } from '../../src/core/oracle/oracleFiles';
import { buildOracleIndex, realKernelCounters } from '../../src/core/oracle/oracleIndex';
import { simulateCase } from '../../src/core/oracle/runCase';
import { compareRows } from '../../src/webview/model/counters';
import { toTextSummary } from '../../src/core/export/textSummary';
import { toTraceFile } from '../../src/core/export/perfetto';
import { runSimulationRequest } from '../../src/core/sim/request';
import { bundledCases } from '../../src/core/oracle/bundledIndex';
import { caseToScenario } from '../../src/core/oracle/caseToScenario';
import type { TimelineRun } from '../../src/protocol/messages';

const FIXTURES = join(__dirname, '..', 'fixtures');

function fixtureRun(): TimelineRun {
  const [result] = loadResults(FIXTURES);
  const results = simulateCase(result.case, ['v6.1', 'v6.12']);
  return { title: 't', scenario: result.case_name, results, real: [realKernelCounters(result)] };
}

describe('oracle: real-kernel columns', () => {
  it('maps a result to simulator counter names, first mapping wins', () => {
    const [result] = loadResults(FIXTURES);
    const rc = realKernelCounters(result);
    assert.equal(rc.label, 'real 6.1');
    assert.equal(rc.variant, 'v6.1');
    assert.equal(rc.counters.ept_violations, 50000, 'kvm:kvm_page_fault');
    assert.equal(rc.counters.remote_tlb_flush_requests, 30);
    assert.equal(rc.counters.numa_pages_migrated, undefined, 'not in the result');
    const index = buildOracleIndex([result.case], [result, { ...result, status: 'error' }]);
    assert.equal(index.real[result.case_name].length, 1, 'error results are left out');
  });

  it('counters table rows: real values and simulated − real for the variant of that kernel', () => {
    const run = fixtureRun();
    const rows = compareRows(run.results, run.real);
    const req = rows.find((r) => r.name === 'remote_tlb_flush_requests');
    assert.ok(req);
    assert.deepEqual(req.real?.values, [30]);
    assert.deepEqual(req.real?.deltas, [run.results[0].counters.remote_tlb_flush_requests - 30]);
    const migrated = compareRows(run.results, run.real).find((r) => r.name === 'numa_pages_migrated');
    assert.equal(migrated, undefined, 'zero everywhere, not measured: no row');
    const fixed = rows.find((r) => r.name === 'sptes_zapped_4k');
    assert.deepEqual(fixed?.real?.values, [null], 'not measured');
    assert.ok(compareRows(run.results).every((r) => r.real === undefined));
  });

  it('text summary and Perfetto metadata carry the real columns', () => {
    const run = fixtureRun();
    const text = toTextSummary(run);
    assert.match(text, /Real kernels .*real 6\.1 = 0\.0-synthetic/);
    assert.match(text, /counter\s+v6\.1\s+v6\.12\s+real 6\.1\s+delta v6\.12\s+delta real 6\.1/);
    assert.match(text, /remote_tlb_flush_requests\s+[\d,]+\s+[\d,]+\s+30\s/);
    assert.deepEqual(toTraceFile(run).metadata.real, run.real);
    assert.equal(toTraceFile({ ...run, real: undefined }).metadata.real, undefined);
  });

  it('a request for a bundled oracle case simulates each variant on its own scenario', () => {
    const cases = bundledCases();
    assert.ok(cases.length >= 10, 'the cases are bundled');
    const nb = cases.find((c) => c.operation.kind === 'numa_balancing' && c.memory_mib <= 64);
    assert.ok(nb);
    const out = runSimulationRequest({ oracleCase: nb.name, variants: ['v6.1', 'v6.12'] }, () => {});
    assert.equal(out.scenario, `oracle case ${nb.name}`);
    // one notifier per pass for guest RAM and for each of the harness VMM's own mapped VMAs; 6.12 skips,
    // after the first two passes, the VMAs the scanning thread has not faulted in (vma_is_accessed()) and
    // scans them in forced runs of one VMA each, so its count is near that, not equal
    const perPass = 1 + caseToScenario(nb).vmm.other_vmas.filter((v) => v.mapped_pages > 0).length;
    const expected = (nb.window.scan_passes ?? 0) * perPass;
    const [v61, v612] = out.results.map((r) => r.counters.kvm_unmap_hva_range);
    assert.equal(v61, expected);
    assert.ok(v612 > 2 * perPass && v612 <= 1.25 * expected, `v6.12: ${v612} of ${expected}`);
    assert.throws(
      () => runSimulationRequest({ oracleCase: 'nope', variants: ['v6.1'] }, () => {}),
      /unknown oracle case 'nope'/,
    );
  });
});
