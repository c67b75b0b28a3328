// Trace import bench: generates an ftrace text file at bench time (default 1 GiB; not committed),
// imports it the way the extension's worker does (streamed, readTraceFiles) and prints MB/s,
// lines/s, events/s and the peak memory (RSS and V8 heap, sampled every 50 ms). A second, 10x
// smaller file shows that memory stops growing with the file once the kept-events cap is reached.
// Numbers only; never pass/fail. Run alone: npx tsx bench/traceImport.ts [MB]
import { createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTraceFiles } from '../src/core/trace/node';

const MB = 1 << 20;

/** A deterministic trace in the tracefs format: scans (unmap + 4K/2M zaps), faults and installs per vCPU, migrations, exits, noise. */
export async function writeSyntheticTrace(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 4 * MB });
  const header =
    '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:4\n#\n#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n#              | |         |   |||||     |         |\n';
  let written = header.length;
  let lines = 0;
  let ns = 5_000_000_000;
  const ts = (): string => `${Math.floor(ns / 1e9)}.${String(Math.floor((ns % 1e9) / 1e3)).padStart(6, '0')}`;
  const hex = (n: number): string => n.toString(16);
  const buf: string[] = [header];
  let pending = header.length;
  const flush = async (): Promise<void> => {
    const chunk = buf.join('');
    buf.length = 0;
    pending = 0;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const line = async (s: string): Promise<void> => {
    buf.push(s);
    pending += s.length;
    written += s.length;
    lines++;
    if (pending > 4 * MB) await flush();
  };
  const base = 0x10000;
  const pages = 262_144; // 1 GiB region
  let scan = 0;
  while (written < bytes) {
    // One NUMA scan step: an unmap of 256 MiB by vCPU 0's thread, its zaps (4K), one 2M leaf.
    const from = (scan * 65_536) % pages;
    ns += 1000;
    await line(
      `       CPU 0/KVM-301     [000] .....   ${ts()}: kvm_unmap_hva_range: mmu notifier unmap range: 0x${hex(0x7f0000000000 + from * 4096).padStart(14, '0')} -- 0x${hex(0x7f0000000000 + (from + 65_536) * 4096).padStart(14, '0')}\n`,
    );
    for (let i = 0; i < 2048 && written < bytes; i++) {
      ns += 150;
      await line(
        `       CPU 0/KVM-301     [000] .....   ${ts()}: kvm_tdp_mmu_spte_changed: as id 0 gfn ${hex(base + from + i * 32)} level 1 old_spte 6000000${hex(0x123456 + i)}b77 new_spte 5a0\n`,
      );
    }
    await line(
      `       CPU 0/KVM-301     [000] d.h1.   ${ts()}: tlb_flush: pages:-1 reason:remote shootdown (1)\n`,
    );
    // Re-faults on vCPU 1: exit, fault, install; a migration every 64.
    for (let i = 0; i < 512 && written < bytes; i++) {
      const g = base + from + i * 128;
      ns += 400;
      await line(
        `       CPU 1/KVM-302     [001] d..1.   ${ts()}: kvm_exit: vcpu 1 reason npf rip 0x1010 info1 0x0000000000000006 info2 0x${hex(g * 4096).padStart(16, '0')} intr_info 0x00000000 error_code 0x00000000\n`,
      );
      await line(
        `       CPU 1/KVM-302     [001] .....   ${ts()}: kvm_page_fault: vcpu 1 rip 0x1010 address 0x${hex(g * 4096).padStart(16, '0')} error_code 0x6\n`,
      );
      await line(
        `       CPU 1/KVM-302     [001] .....   ${ts()}: kvm_tdp_mmu_spte_changed: as id 0 gfn ${hex(g)} level 1 old_spte 5a0 new_spte 6000000${hex(0x223456 + i)}b77\n`,
      );
      if (i % 64 === 0)
        await line(
          `       CPU 1/KVM-302     [001] .....   ${ts()}: mm_migrate_pages: nr_succeeded=1 nr_failed=0 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 mode=MIGRATE_ASYNC reason=numa_misplaced\n`,
        );
      if (i % 128 === 0)
        await line(
          `          numakvm-300     [002] .....   ${ts()}: sched_switch: prev_comm=numakvm prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/2 next_pid=0 next_prio=120\n`,
        );
    }
    scan++;
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return lines;
}

interface Measured {
  mb: number;
  seconds: number;
  lines: number;
  events: number;
  peakRssMb: number;
  peakHeapMb: number;
  kept: number;
  drawn: number;
  /** Heap the imported run keeps after a full GC (MB). */
  retainedMb: number;
}

async function importOnce(path: string, lines: number): Promise<Measured> {
  const size = (await stat(path)).size;
  (global as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let peakRss = rss0;
  let peakHeap = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const t0 = process.hrtime.bigint();
  const r = await readTraceFiles([path]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  // What the imported run holds once garbage is collected (run with --expose-gc; else 0).
  const gc = (global as { gc?: () => void }).gc;
  gc?.();
  const retainedMb = gc ? (process.memoryUsage().heapUsed - heap0) / MB : 0;
  const events = Object.values(r.imported?.eventCounts ?? {}).reduce((s, n) => s + n, 0);
  return {
    mb: size / MB,
    seconds,
    lines,
    events,
    peakRssMb: peakRss / MB,
    peakHeapMb: peakHeap / MB,
    kept: r.imported?.keptEvents ?? 0,
    drawn: r.timeline.events.length,
    retainedMb,
  };
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

export async function benchTraceImport(
  sizeMb = Number(process.env.MMU_LENS_TRACE_BENCH_MB ?? 1024),
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [tag, mb] of [
    ['small', Math.max(1, Math.round(sizeMb / 10))],
    ['large', sizeMb],
  ] as const) {
    const path = join(tmpdir(), `mmu-lens-bench-${process.pid}-${tag}.trace.txt`);
    try {
      const tw = Date.now();
      const lines = await writeSyntheticTrace(path, mb * MB);
      const wrote = (Date.now() - tw) / 1000;
      const m = await importOnce(path, lines);
      console.log(
        `trace import ${r1(m.mb)} MB (${m.lines.toLocaleString('en-US')} lines, generated in ${r1(wrote)} s): ` +
          `${r1(m.seconds)} s, ${r1(m.mb / m.seconds)} MB/s, ${Math.round(m.events / m.seconds).toLocaleString('en-US')} events/s; ` +
          `peak RSS ${r1(m.peakRssMb)} MB, peak heap ${r1(m.peakHeapMb)} MB, the run holds ${r1(m.retainedMb)} MB; ${m.kept.toLocaleString('en-US')} events kept one by one, ` +
          `${m.drawn.toLocaleString('en-US')} drawn`,
      );
      Object.assign(out, {
        [`trace_import_${tag}_mb`]: r1(m.mb),
        [`trace_import_${tag}_mb_per_s`]: r1(m.mb / m.seconds),
        [`trace_import_${tag}_events_per_s`]: Math.round(m.events / m.seconds),
        [`trace_import_${tag}_events`]: m.events,
        [`trace_import_${tag}_peak_rss_mb`]: r1(m.peakRssMb),
        [`trace_import_${tag}_peak_heap_mb`]: r1(m.peakHeapMb),
        [`trace_import_${tag}_retained_mb`]: r1(m.retainedMb),
        [`trace_import_${tag}_drawn_events`]: m.drawn,
      });
    } finally {
      await unlink(path).catch(() => undefined);
    }
  }
  return out;
}

if (require.main === module && /traceImport\.[jt]s$/.test(process.argv[1] ?? '')) {
  const mb = process.argv[2] ? Number(process.argv[2]) : undefined;
  benchTraceImport(mb).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
