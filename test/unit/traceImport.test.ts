// Importing real traces: both header styles, each event's fields as 6.1 / 6.12 print them, vmstat and
// KVM stats deltas, bad lines with file:line, files that are not traces, and the memory bound.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseFtraceLine } from '../../src/core/trace/ftraceLine';
import { parseTraceFields, spteChange } from '../../src/core/trace/traceEvents';
import { TraceBuilder } from '../../src/core/trace/traceBuilder';
import { buildImportedResult, tracedRegion } from '../../src/core/trace/traceResult';
import { jsonCounterDeltas, looksLikeVmstat, parseVmstat } from '../../src/core/trace/counterFiles';
import { readTraceFiles, TraceImportError, withCompanions } from '../../src/core/trace/readTraceFiles';
import { runImport } from '../../src/cli/importCommand';

const FIX = join(__dirname, '..', 'fixtures', 'traces');
const fx = (n: string): string => join(FIX, n);
/** A trace the harness recorded on the real 6.1 kernel, committed with its results (oracle/results). */
const ORACLE_TRACE = join(
  __dirname,
  '..',
  '..',
  'oracle',
  'results',
  '6.1.192-3',
  'nb-4k-pinned-spinner.trace.txt',
);

describe('trace import: lines and fields', () => {
  it('reads a tracefs line with flags, a trace-cmd line without, and a record-tgid line', () => {
    const a = parseFtraceLine(
      '       CPU 0/KVM-301     [000] d..1.   100.000100: kvm_exit: vcpu 0 reason npf rip 0x1010',
    );
    assert.equal(a.kind, 'event');
    if (a.kind !== 'event') return;
    assert.deepEqual(
      { task: a.rec.task, pid: a.rec.pid, cpu: a.rec.cpu, ts: a.rec.tsNs, ev: a.rec.event },
      { task: 'CPU 0/KVM', pid: 301, cpu: 0, ts: 100_000_100_000, ev: 'kvm_exit' },
    );
    const b = parseFtraceLine(
      '  qemu-system-x86-12345 [001]   7.123456789: kvm_unmap_hva_range:  mmu notifier',
    );
    assert.ok(b.kind === 'event' && b.rec.task === 'qemu-system-x86' && b.rec.tsNs === 7_123_456_789);
    const c = parseFtraceLine('          <idle>-0       (-------) [001] dNh2.  5.000001: tlb_flush: pages:1');
    assert.ok(c.kind === 'event' && c.rec.pid === 0 && c.rec.cpu === 1 && c.rec.event === 'tlb_flush');
    assert.deepEqual(parseFtraceLine('cpus=2'), { kind: 'header', style: 'trace-cmd' });
    assert.deepEqual(parseFtraceLine('# tracer: nop'), { kind: 'header', style: 'tracefs' });
    assert.equal(parseFtraceLine('hello world').kind, 'malformed');
  });

  it('SPTE changes: present bit 11, leaf at level 1 or with bit 7; REMOVED/FROZEN 0x5a0 is not present', () => {
    assert.equal(spteChange(0x5a0, 0xb77, 1), 'install');
    assert.equal(spteChange(0xb77, 0x5a0, 1), 'zap');
    assert.equal(spteChange(0xbf7, 0x0, 2), 'zap'); // 2 MiB leaf
    assert.equal(spteChange(0x907, 0x5a0, 2), 'nonleaf'); // page-table page
    assert.equal(spteChange(0xb77, 0xb75, 1), 'modify');
  });

  it('mm_migrate_pages as 6.1 and 6.12 print it (6.12 adds nr_split)', () => {
    const v61 =
      'nr_succeeded=3 nr_failed=1 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 mode=MIGRATE_ASYNC reason=numa_misplaced';
    const v612 =
      'nr_succeeded=3 nr_failed=1 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 nr_split=0 mode=MIGRATE_ASYNC reason=numa_misplaced';
    for (const body of [v61, v612])
      assert.deepEqual(parseTraceFields('mm_migrate_pages', body), {
        event: 'mm_migrate_pages',
        succeeded: 3,
        failed: 1,
        thpSucceeded: 0,
        reason: 'numa_misplaced',
      });
    assert.deepEqual(parseTraceFields('tlb_flush', 'pages:-1 reason:remote ipi send (4)'), {
      event: 'tlb_flush',
      pages: -1,
      reason: 'remote ipi send',
    });
    assert.equal(parseTraceFields('sched_switch', 'prev_comm=x'), null);
    assert.throws(() => parseTraceFields('kvm_page_fault', 'garbage'), /kvm_page_fault: expected/);
  });
});

describe('trace import: files', () => {
  it('the tracefs fixture with vmstat and KVM stats: counters under the kernel names, with their sources', async () => {
    const r = await readTraceFiles([
      fx('handmade.trace.txt'),
      fx('handmade.vmstat-before.txt'),
      fx('handmade.vmstat-after.txt'),
      fx('handmade.json'),
    ]);
    const info = r.imported;
    assert.ok(info);
    assert.equal(info.files[0].headerStyle, 'tracefs');
    // Hand count: 2 leaf 4K zaps (gfn 10000, 10001), one 2M leaf (10200), one non-leaf ignored.
    assert.equal(r.counters.sptes_zapped_4k, 2);
    assert.equal(r.counters.sptes_zapped_2m, 1);
    assert.equal(r.counters.kvm_unmap_hva_range, 1);
    assert.equal(r.counters.ept_violations, 4);
    // vmstat wins over the trace's mm_migrate_pages sums: 612-100, 6-5, 2-1.
    assert.equal(r.counters.numa_pte_updates, 512);
    assert.equal(r.counters.numa_pages_migrated, 1);
    assert.equal(r.counters.pgmigrate_fail, 1);
    assert.equal(info.measured.numa_pte_updates, 'vmstat');
    assert.equal(r.counters.remote_tlb_flush, 1);
    assert.equal(r.counters.remote_tlb_flush_requests, 9);
    assert.equal(info.measured.remote_tlb_flush_requests, 'kvm_stats');
    assert.equal(info.measured.invalidate_range_end, undefined);
    assert.deepEqual(info.unknownEvents, { sched_switch: 1 });
    assert.equal(info.kernelCounters['kvm_exit reason=npf'], 1);
    assert.equal(info.kernelCounters.pgfault, 100); // from the vmstat files; the JSON's vmstat is the same window
    assert.equal(info.kernelCounters.pf_taken, 4);
    assert.equal(info.kernelCounters['tracepoint kvm:kvm_unmap_hva_range'], 1);
    // Region: gfns 0x10000.. → base 0x10000, two 2 MiB chunks; t 0 at the first event (any event).
    assert.equal(info.gfnBase, 0x10000);
    assert.equal(r.timeline.guestPages, 1024);
    assert.equal(r.timeline.events[0].t, 10_000); // kvm_exit at t 0 is counted, not drawn
    assert.equal(r.durationNs, 400_000_000);
    // The notifier span covers the zaps that followed it on the same thread, with the raw line.
    const span = r.timeline.events.find((e) => e.kind === 'invalidate_span');
    assert.ok(span);
    assert.deepEqual([span.gfnStart, span.gfnEnd, span.dur], [0, 1024, 30_000]);
    assert.match(span.detail ?? '', /handmade\.trace\.txt:18: .*kvm_unmap_hva_range/);
    const lanes = new Set(r.timeline.events.map((e) => e.lane));
    assert.ok(lanes.has('vcpu0') && lanes.has('vcpu1') && lanes.has('scanner'));
    assert.equal(r.timeline.vcpus, 2);
  });

  it('a trace the harness recorded on the real 6.1 kernel: exact tracepoint hits win, a partial trace is flagged', async () => {
    const r = await readTraceFiles(await withCompanions([ORACLE_TRACE]));
    const info = r.imported;
    assert.ok(info);
    assert.equal(info.files.length, 4);
    assert.equal(r.variant, 'real 6.1.192-3');
    assert.equal(info.oracleCase?.name, 'nb-4k-pinned-spinner');
    // The results JSON's hist-trigger hits, not the 11 / 378 events the ring buffer kept.
    assert.deepEqual([r.counters.kvm_unmap_hva_range, info.measured.kvm_unmap_hva_range], [37, 'tracepoint']);
    assert.deepEqual([r.counters.ept_violations, info.measured.ept_violations], [36_842, 'tracepoint']);
    assert.deepEqual(
      [r.counters.remote_tlb_flush_requests, info.measured.remote_tlb_flush_requests],
      [38, 'kvm_stats'],
    );
    assert.deepEqual([r.counters.numa_hint_faults, info.measured.numa_hint_faults], [43, 'vmstat']);
    assert.equal(info.eventCounts.kvm_unmap_hva_range, 11);
    assert.equal(info.warnings.length, 1);
    assert.match(info.warnings[0], /11 of 37 kvm:kvm_unmap_hva_range/);
    assert.equal(info.problemCount, 0);
    assert.deepEqual(info.unknownEvents, { tracing_mark_write: 1 });
    // Real SPTE values (0x…e67 present, 0 after the zap): every zap is a 4K leaf here.
    assert.equal(r.counters.sptes_zapped_4k, 997);
    assert.equal(info.gfnBase, 0x10000);
  });

  it('the trace-cmd fixture reads the same way (header style trace-cmd)', async () => {
    const r = await readTraceFiles([fx('handmade-tracecmd.trace.txt')]);
    assert.equal(r.imported?.files[0].headerStyle, 'trace-cmd');
    assert.equal(r.counters.sptes_zapped_4k, 1);
    assert.equal(r.counters.numa_pages_migrated, 1);
    assert.equal(r.imported?.measured.numa_pages_migrated, 'trace');
    assert.equal(r.imported?.eventCounts.sched_swap_numa, 1);
    assert.equal(r.timeline.events.filter((e) => e.kind === 'numa_placement').length, 1);
  });

  it('malformed lines: a problem each with file:line, skipped; the rest imports', async () => {
    const r = await readTraceFiles([fx('bad-lines.trace.txt')]);
    const info = r.imported;
    assert.ok(info);
    assert.equal(info.problemCount, 2);
    assert.deepEqual(
      info.problems.map((p) => [p.file.endsWith('bad-lines.trace.txt'), p.line]),
      [
        [true, 4],
        [true, 5],
      ],
    );
    assert.match(info.problems[0].message, /not an ftrace event line/);
    assert.match(info.problems[1].message, /kvm_tdp_mmu_spte_changed: expected/);
    assert.equal(r.counters.ept_violations, 2);
  });

  it('refuses a file that is not a trace, with the reason', async () => {
    await assert.rejects(readTraceFiles([fx('not-a-trace.txt')]), (e: Error) => {
      assert.ok(e instanceof TraceImportError);
      assert.match(e.message, /not-a-trace\.txt: not ftrace text: no "# tracer:" header/);
      return true;
    });
    await assert.rejects(readTraceFiles([fx('handmade.vmstat-before.txt')]), /one \/proc\/vmstat snapshot/);
  });

  it('vmstat: a series with timestamp lines; JSON: before/after pairs and stats objects', () => {
    const text =
      '--- 1.5\nnr_free_pages 10\nnuma_hint_faults 4\n--- 2.5\nnr_free_pages 8\nnuma_hint_faults 9\n';
    assert.ok(looksLikeVmstat(text));
    const s = parseVmstat(text, 'x', []);
    assert.deepEqual(
      s.map((x) => [x.t, x.values.get('numa_hint_faults')]),
      [
        [1.5, 4],
        [2.5, 9],
      ],
    );
    const j = jsonCounterDeltas({
      vcpus: [{ stats: { pf_taken: 3 } }, { stats: { pf_taken: 4 } }],
      vm: { before: { remote_tlb_flush: 1 }, after: { remote_tlb_flush: 5 } },
    });
    assert.deepEqual(j.groups, [
      { section: 'vcpus', deltas: { pf_taken: 7 } },
      { section: 'vm', deltas: { remote_tlb_flush: 4 } },
    ]);
    // The oracle's result shape (oracle/result.schema.json): {NAME: {before, after, delta}} per section.
    const o = jsonCounterDeltas({
      vmstat: { numa_hint_faults: { before: 1, after: 4, delta: 3 } },
      kvm_vm: { remote_tlb_flush_requests: { before: 0, after: 9, delta: 9 } },
      kvm_vcpus: [{ role: 'toucher', stats: { pf_taken: { before: 0, after: 2, delta: 2 } } }],
      tracepoints: { 'kvm:kvm_unmap_hva_range': 35, 'kvm:kvm_set_spte_hva': null },
    });
    assert.deepEqual(o.groups, [
      { section: 'vmstat', deltas: { numa_hint_faults: 3 } },
      { section: 'kvm_vm', deltas: { remote_tlb_flush_requests: 9 } },
      { section: 'kvm_vcpus', deltas: { pf_taken: 2 } },
      { section: 'tracepoints', deltas: { 'kvm:kvm_unmap_hva_range': 35 } },
    ]);
  });
});

describe('trace import: bounds and CLI', () => {
  it('beyond maxEvents events merge into slots; counts stay exact; slots stay under maxSlots', () => {
    const b = new TraceBuilder({ maxEvents: 100, maxSlots: 50 });
    b.startFile('gen');
    for (let i = 0; i < 10_000; i++) {
      const ts = (1000 + i * 0.0001).toFixed(6);
      b.line(
        `  CPU 0/KVM-9 [000] ..... ${ts}: kvm_page_fault: vcpu 0 rip 0x1 address 0x${(0x10000000 + (i % 4096) * 4096).toString(16)} error_code 0x6`,
        i + 1,
      );
    }
    const r = buildImportedResult(b, [], [], [], { variant: 'real', scenario: 'gen' });
    assert.equal(r.counters.ept_violations, 10_000);
    assert.equal(r.imported?.keptEvents, 100);
    assert.ok(r.timeline.aggregated);
    assert.ok(r.timeline.events.length <= 150, `${r.timeline.events.length} events`);
    const total = r.timeline.events.reduce((s, e) => s + (e.count ?? 1), 0);
    assert.equal(total, 10_000);
  });

  it('tracedRegion picks the busiest run of 2 MiB chunks (a code slot at gfn 0 is left out)', () => {
    const hits = new Map([
      [0, 3],
      [128, 500],
      [129, 400],
      [131, 10],
    ]);
    assert.deepEqual(tracedRegion(hits), { gfnBase: 128 * 512, pages: 4 * 512 });
  });

  it('CLI import prints counters with sources and deltas of simulated variants; refusals exit 1', async () => {
    let out = '';
    let err = '';
    const io = {
      out: (s: string): void => void (out += s + '\n'),
      err: (s: string): void => void (err += s + '\n'),
    };
    const code = await runImport(
      [
        fx('handmade.trace.txt'),
        fx('handmade.vmstat-before.txt'),
        fx('handmade.vmstat-after.txt'),
        '--preset',
        'op-munmap',
        '--variant',
        'v6.1',
        '--set',
        'duration_s=1',
      ],
      io,
    );
    assert.equal(code, 0, err);
    assert.match(out, /sptes_zapped_4k\s+2 \(trace\)\s+[\d,]+  [+-][\d,]+ \(/);
    assert.match(out, /numa_pte_updates\s+512 \(vmstat\)/);
    assert.match(out, /unknown events \(counted, not drawn\):\n {2}sched_switch/);
    out = '';
    const j = await runImport([fx('handmade.trace.txt'), '--json'], io);
    assert.equal(j, 0);
    // Given the trace alone, the CLI reads its companions (vmstat before/after, results JSON) too.
    const body = JSON.parse(out) as { real: { counters: Record<string, number>; files: unknown[] } };
    assert.equal(body.real.counters.sptes_zapped_4k, 2);
    assert.equal(body.real.counters.numa_pte_updates, 512);
    assert.equal(body.real.files.length, 4);
    out = '';
    assert.equal(await runImport([fx('handmade-tracecmd.trace.txt'), '--json'], io), 0);
    const alone = JSON.parse(out) as { real: { counters: Record<string, number> } };
    assert.equal(alone.real.counters.numa_pte_updates, undefined, 'not measured: no vmstat beside it');
    err = '';
    assert.equal(await runImport([fx('not-a-trace.txt')], io), 1);
    assert.match(err, /not ftrace text/);
  });
});
