import { strict as assert } from 'node:assert';
import { alignColumns, formatSeconds, toTextSummary } from '../../src/core/export';
import { tinyRun } from '../../bench/webview/tinyRun';

describe('export: plain-text summary for an email reply', () => {
  it('names the run, lists non-zero counters per variant with deltas', () => {
    const run = tinyRun();
    run.site = {
      file: 'mm/mprotect.c',
      line: 449,
      fn: 'change_pud_range',
      callee: 'mmu_notifier_invalidate_range_start',
    };
    const text = toTextSummary(run);
    const lines = text.split('\n');
    assert.equal(lines[0], 'MMU Notifier Lens: tiny run');
    assert.ok(
      text.includes(
        'Call site: mm/mprotect.c:449 change_pud_range() -> mmu_notifier_invalidate_range_start()',
      ),
    );
    assert.ok(text.includes('Simulated: 1 us, guest 4 MiB, 2 vCPUs, seed 7'));
    const head = lines.findIndex((l) => l.startsWith('counter'));
    assert.match(lines[head], /^counter\s+v-a\s+v-b\s+delta v-b$/);
    assert.match(lines[head + 1], /^-+$/);
    assert.ok(lines.includes('remote_tlb_flush    2    1   -1 (-50%)'), text);
    assert.ok(lines.includes('ept_violations      2    0  -2 (-100%)'), text);
    assert.ok(!text.includes('numa_pte_updates'), 'all-zero counters are left out');
    assert.ok(text.endsWith('Contract violations: none\n'));
    assert.ok(
      lines.every((l) => !/\t/.test(l)),
      'no tabs',
    );
  });

  it('lists contract violations', () => {
    const run = tinyRun();
    run.results[1].violations.push({
      rule: 'spte_present_over_prot_none',
      t: 2_500_000,
      gfnStart: 5,
      gfnEnd: 6,
      event: 'spte_install',
      message: 'SPTE installed for gfn 0x5 while its PTE is PROT_NONE',
    });
    assert.ok(
      toTextSummary(run).includes(
        'Contract violations: 1\n  [v-b] spte_present_over_prot_none at 2.5 ms: SPTE installed for gfn 0x5 while its PTE is PROT_NONE',
      ),
    );
  });

  it('aligns columns and formats times', () => {
    assert.deepEqual(
      alignColumns([
        ['a', '1'],
        ['bbb', '22'],
      ]),
      ['a     1', 'bbb  22'],
    );
    assert.equal(formatSeconds(1.5e9), '1.5 s');
    assert.equal(formatSeconds(250), '250 ns');
  });
});
