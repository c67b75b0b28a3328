// The site scanner on small C fixtures written for it (test/fixtures/c): exact sites,
// enclosing functions, events and operations, through macros, comments, strings, #ifdefs
// and half-typed edits.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS } from '../../src/core/source/operations';
import { scanSourceText } from '../../src/core/source/scanner';
import { NotifierSite } from '../../src/core/source/types';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'c', name), 'utf8');
const brief = (s: NotifierSite): string =>
  `${s.line}:${s.column}-${s.endColumn} ${s.kind} ${s.callee} @${s.function} ${s.event} ${s.operation}`;

describe('site scanner on C fixtures', () => {
  it('follows each range variable to its mmu_notifier_range_init in the same function', () => {
    const r = scanSourceText(fixture('range_events.c'), 'mm/range_events.c');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.sites.map(brief), [
      '12:2-25 call mmu_notifier_range_init @change_pmd_range MMU_NOTIFY_PROTECTION_VMA numa_balancing',
      '14:2-37 call mmu_notifier_invalidate_range_start @change_pmd_range MMU_NOTIFY_PROTECTION_VMA numa_balancing',
      '17:2-35 call mmu_notifier_invalidate_range_end @change_pmd_range MMU_NOTIFY_PROTECTION_VMA numa_balancing',
      '25:1-24 call mmu_notifier_range_init @two_ranges MMU_NOTIFY_UNMAP munmap',
      '26:1-30 call mmu_notifier_range_init_owner @two_ranges MMU_NOTIFY_CLEAR|MMU_NOTIFY_MIGRATE unknown',
      '27:1-36 call mmu_notifier_invalidate_range_start @two_ranges MMU_NOTIFY_UNMAP munmap',
      '28:1-45 call mmu_notifier_invalidate_range_start_nonblock @two_ranges MMU_NOTIFY_CLEAR|MMU_NOTIFY_MIGRATE unknown',
      '29:1-39 call mmu_notifier_invalidate_range_only_end @two_ranges MMU_NOTIFY_CLEAR|MMU_NOTIFY_MIGRATE unknown',
      '30:1-34 call mmu_notifier_invalidate_range_end @two_ranges MMU_NOTIFY_UNMAP munmap',
      '35:1-24 call mmu_notifier_range_init @wp_pre MMU_NOTIFY_PROTECTION_PAGE unknown',
      '36:1-36 call mmu_notifier_invalidate_range_start @wp_pre MMU_NOTIFY_PROTECTION_PAGE unknown',
      // The range was set up in another function: the event cannot be known here.
      '41:1-34 call mmu_notifier_invalidate_range_end @wp_post unknown unknown',
      '46:5-28 call mmu_notifier_test_young @young none page_aging',
      '47:2-26 call mmu_notifier_clear_young @young none page_aging',
    ]);
    assert.equal(r.sites[0].rangeExpr, 'range');
    assert.equal(r.sites[11].rangeExpr, 'wpwalk->range');
  });

  it('NUMA balancing sites run the vfio-boot preset; others op-<operation>', () => {
    const r = scanSourceText(fixture('range_events.c'), 'mm/range_events.c', 'v6.1');
    assert.deepEqual(r.sites[1].scenario, {
      preset: 'vfio-boot',
      operation: 'numa_balancing',
      variant: 'v6.1',
    });
    assert.equal(r.sites[1].operationLabel, 'mprotect / NUMA balancing');
    assert.deepEqual(r.sites[3].scenario, { preset: 'op-munmap', operation: 'munmap', variant: 'v6.1' });
  });

  it('ignores comments, strings, prototypes; reads #define bodies, #ifdef branches, SYSCALL_DEFINE', () => {
    const r = scanSourceText(fixture('preprocessor_noise.c'), 'mm/preprocessor_noise.c');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.sites.map(brief), [
      '13:15-45 call mmu_notifier_clear_flush_young @notify_young none page_aging',
      '28:2-22 call mmu_notifier_release @foo_setup none release',
      '37:1-24 call mmu_notifier_range_init @sys_fixture_unmap MMU_NOTIFY_UNMAP munmap',
      '38:1-36 call mmu_notifier_invalidate_range_start @sys_fixture_unmap MMU_NOTIFY_UNMAP munmap',
      '39:1-34 call mmu_notifier_invalidate_range_end @sys_fixture_unmap MMU_NOTIFY_UNMAP munmap',
    ]);
  });

  it('finds ops initialiser fields and the handlers defined in the same file', () => {
    const r = scanSourceText(fixture('ops_subscriber.c'), 'drivers/misc/ops_subscriber.c');
    assert.deepEqual(
      r.sites.map(
        (s) => `${s.line}:${s.column} ${s.kind} ${s.callee} ${s.handler ?? '-'} ${s.scenario.preset}`,
      ),
      [
        '5:11 handler mmu_notifier_ops.invalidate_range_start fixture_invalidate_range_start vfio-boot',
        '11:12 handler mmu_notifier_ops.release fixture_release op-release',
        '16:1 ops_field mmu_notifier_ops.invalidate_range_start fixture_invalidate_range_start vfio-boot',
        '17:1 ops_field mmu_notifier_ops.release fixture_release op-release',
        // Named handler not defined in this file: the field is a site, no handler site.
        '18:1 ops_field mmu_notifier_ops.free_notifier fixture_free_elsewhere op-release',
        '19:1 ops_field mmu_notifier_ops.clear_young - op-reclaim',
        '22:12 handler mmu_interval_notifier_ops.invalidate fixture_interval_invalidate vfio-boot',
        '30:1 ops_field mmu_interval_notifier_ops.invalidate fixture_interval_invalidate vfio-boot',
        // `struct other_ops` is not a notifier ops struct: nothing at line 34.
        '41:1 call mmu_interval_notifier_insert - vfio-boot',
        '42:7 call mmu_interval_read_begin - vfio-boot',
        '43:5 call mmu_interval_read_retry - vfio-boot',
        '45:8 call mmu_notifier_register - vfio-boot',
      ],
    );
    assert.ok(r.sites.every((s) => s.operation === 'device_subscriber'));
    const kvm = scanSourceText(fixture('ops_subscriber.c'), 'virt/kvm/ops_subscriber.c');
    assert.ok(kvm.sites.every((s) => s.operation === 'kvm_subscriber'));
  });

  it('keeps sites and functions through a half-typed edit and says what is unbalanced', () => {
    const r = scanSourceText(fixture('half_typed.c'), 'mm/half_typed.c');
    assert.deepEqual(r.sites.map(brief), [
      '7:1-24 call mmu_notifier_range_init @being_edited MMU_NOTIFY_CLEAR unknown',
      '9:2-37 call mmu_notifier_invalidate_range_start @being_edited MMU_NOTIFY_CLEAR unknown',
      '14:1-21 call mmu_notifier_release @untouched none release',
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      ["mm/half_typed.c:10: unbalanced braces: 1 '{' left open in being_edited()"],
    );
  });

  it('does not count the braces of an #if 0 block', () => {
    const r = scanSourceText(fixture('if_zero.c'), 'mm/if_zero.c');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      r.sites.map((s) => `${s.line} ${s.function}`),
      ['11 kept', '18 other'],
    );
  });

  it('reports an unterminated comment and a stray brace without throwing', () => {
    const r = scanSourceText(
      '}\nvoid f(void)\n{\n\tmmu_notifier_release(mm);\n}\n/* mmu_notifier_release(',
      'x.c',
    );
    assert.deepEqual(r.sites.map(brief), ['4:1-21 call mmu_notifier_release @f none release']);
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      [
        'x.c:6: comment not closed before end of file',
        "x.c:1: unbalanced braces: '}' without a matching '{'",
      ],
    );
  });

  it('refuses binary and oversized text with a message naming the file', () => {
    assert.match(scanSourceText('int a;\0\0', 'blob.c').diagnostics[0].message, /^blob\.c: binary content/);
    const big = 'x'.repeat(5 * 1024 * 1024 + 1);
    assert.match(scanSourceText(big, 'big.c').diagnostics[0].message, /^big\.c: .*over the 5 MB limit/);
  });

  it('every preset the operations table names is a preset file of the simulator (presets/)', () => {
    const presets = new Set(
      readdirSync(join(__dirname, '..', '..', 'presets')).map((f) => f.replace(/\.mmulens\.json$/, '')),
    );
    const missing = Object.entries(OPERATIONS)
      .filter(([, info]) => !presets.has(info.preset))
      .map(([op, info]) => `${op} → ${info.preset}`);
    assert.deepEqual(missing, []);
  });
});
