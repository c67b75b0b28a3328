// A synthetic imported trace for the timeline bench: ftrace lines generated in memory and fed
// through the core's importer (the same TraceBuilder the extension's worker uses), so the page
// gets what an import of a real trace gives it: notifier spans, 4K SPTE zaps and installs, faults
// on four vCPUs, migrations and host flushes, each event with its raw line. DOM-free.
import type { TimelineRun } from '../../src/protocol/messages';
import { TraceBuilder, buildImportedResult } from '../../src/core/trace';

export function importedRun(events: number): TimelineRun {
  const b = new TraceBuilder({ maxEvents: events });
  b.startFile('bench.trace.txt');
  let ns = 5_000_000_000;
  let lineNo = 0;
  const ts = (): string => `${Math.floor(ns / 1e9)}.${String(Math.floor((ns % 1e9) / 1e3)).padStart(6, '0')}`;
  const feed = (s: string): void => b.line(s, ++lineNo);
  const base = 0x10000;
  const pages = 262_144;
  for (let scan = 0; b.events.length < events; scan++) {
    const from = (scan * 8192) % pages;
    ns += 2000;
    feed(
      `       CPU 0/KVM-301     [000] .....   ${ts()}: kvm_unmap_hva_range: mmu notifier unmap range: 0x${(0x7f0000000000 + from * 4096).toString(16)} -- 0x${(0x7f0000000000 + (from + 8192) * 4096).toString(16)}`,
    );
    for (let i = 0; i < 2048 && b.events.length < events; i++) {
      ns += 300;
      feed(
        `       CPU 0/KVM-301     [000] .....   ${ts()}: kvm_tdp_mmu_spte_changed: as id 0 gfn ${(base + from + i * 4).toString(16)} level 1 old_spte 60000001234b77 new_spte 5a0`,
      );
    }
    feed(`       CPU 0/KVM-301     [000] d.h1.   ${ts()}: tlb_flush: pages:-1 reason:remote shootdown (1)`);
    for (let i = 0; i < 1024 && b.events.length < events; i++) {
      const v = 1 + (i % 3);
      const g = base + ((from + i * 8) % pages);
      ns += 700;
      feed(
        `       CPU ${v}/KVM-30${v + 1}     [00${v}] .....   ${ts()}: kvm_page_fault: vcpu ${v} rip 0x1010 address 0x${(g * 4096).toString(16)} error_code 0x6`,
      );
      feed(
        `       CPU ${v}/KVM-30${v + 1}     [00${v}] .....   ${ts()}: kvm_tdp_mmu_spte_changed: as id 0 gfn ${g.toString(16)} level 1 old_spte 5a0 new_spte 60000001234b77`,
      );
      if (i % 64 === 0)
        feed(
          `       CPU ${v}/KVM-30${v + 1}     [00${v}] .....   ${ts()}: mm_migrate_pages: nr_succeeded=1 nr_failed=0 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 mode=MIGRATE_ASYNC reason=numa_misplaced`,
        );
    }
  }
  const real = buildImportedResult(b, [], [], [], { variant: 'real bench', scenario: 'bench' });
  return { title: 'real bench · imported trace', scenario: 'bench', results: [real] };
}
