// The real-kernel harness VMM's own memory besides guest RAM (oracle/vmm/), as scenario vmm.other_vmas:
// task_numa_work() walks these VMAs in every pass too (sim/otherVmas.ts). Read from the harness's source
// and its static binary's layout; the traced notifier ranges of the committed results (unmap_ranges)
// show the same VMAs, one notifier each per pass. Which pages a loop writes is read from the C source,
// page by page, not fitted to any count.
//   skipped by task_numa_work(): the binary's text and rodata (read-only file mappings), vvar
//   (VM_PFNMAP, !vma_migratable()), the PROT_NONE rest of the region's reservation and the stacks'
//   guard pages (!vma_is_accessible()).
import { otherVma as VMA } from '../scenario/defaults';
import type { OtherVma } from '../scenario/types';

/**
 * The harness VMM's VMAs for a case with these vCPU loops ('sweep' = toucher/contender, 'spin' =
 * spinner), in address order. main.c pins the main thread to CPU 0 (node 0) before it maps anything, so
 * every page it or KVM_CREATE_VCPU allocates is on node 0.
 */
export function harnessVmas(loops: { kind: 'sweep' | 'spin' }[]): OtherVma[] {
  const vmas: OtherVma[] = [
    // the static binary's writable segment (.data + .bss, 114 pages): the statics main() fills before the
    // window — vmstat, KSM and KVM stats "before" (struct stats: a names page or two each and the values)
    // and stdout's FILE — about 12 pages; in the window main's poll loop writes `deadline`/`timed_out` and
    // libc's stdio list lock (fopen()/fclose() of /proc/self/sched every 20 ms): 2 pages
    VMA({ name: 'oraclevmm .data/.bss', mapped_pages: 114, protectable_pages: 12, retouched_pages: 2 }),
    // brk heap (34 pages): stdout's line buffer and the FILE + read buffer each numa_scan_seq() mallocs
    // and frees (the same chunks again every poll)
    VMA({ name: 'heap', mapped_pages: 34, protectable_pages: 2, retouched_pages: 2 }),
  ];
  // vm_add_vcpu(): each vCPU's kvm_run (KVM_GET_VCPU_MMAP_SIZE, 3 pages, MAP_SHARED of the vCPU fd) and
  // vm_start(): its thread's 8 MiB stack (glibc's struct pthread/TLS at the top, vcpu_thread()'s frame).
  // A sweeping vCPU exits to userspace once per pass (out port) and reads kvm_run->exit_reason on its
  // stack frame; a spinner never exits. Mapped after the region, so below it (mmap grows down).
  loops.forEach((l, i) => {
    const exits = l.kind === 'sweep' ? 1 : 0;
    vmas.push(
      VMA({
        name: `vCPU ${i} stack`,
        mapped_pages: 2,
        protectable_pages: 2,
        retouched_pages: exits,
        thread: i,
      }),
      VMA({
        name: `vCPU ${i} kvm_run`,
        mapped_pages: 1,
        protectable_pages: 1,
        retouched_pages: exits,
        thread: i,
      }),
    );
  });
  // vm_create(): memslot 0, 64 KiB of anonymous memory with the guest code (page 0: the three loops) and
  // the loop parameters (page 1), both written by main(). Every vCPU executes page 0; a sweep reads page 1
  // each pass. After the zap the first vCPU to fault takes the hinting fault through GUP (hva_to_pfn()).
  const sweeps = loops.filter((l) => l.kind === 'sweep').length;
  const first = loops.findIndex((l) => l.kind === 'sweep');
  vmas.push(
    VMA({
      name: 'guest code memslot',
      mapped_pages: 2,
      protectable_pages: 2,
      retouched_pages: sweeps > 0 ? 2 : 1,
      thread: first >= 0 ? first : 0,
      memslot: true,
      spte_faults: loops.length + sweeps,
    }),
    // above guest RAM: the main thread's stack (main()'s frame with the vm struct, the poll loop's callees;
    // argv/env/auxv on the top page) and the vdso (2 pages, shared by every process: change_pte_range()
    // skips COW-shared pages, but the PMD is populated, so the notifier is sent)
    VMA({ name: 'main stack', below_ram: false, mapped_pages: 3, protectable_pages: 3, retouched_pages: 2 }),
    VMA({ name: 'vdso', below_ram: false, mapped_pages: 2 }),
  );
  // the pages are on node 0, where main() allocated them; a vCPU thread pinned to another node would
  // fault on them remotely and migrate them (not modelled: in the NUMA cases only vCPU 0, on node 0,
  // touches its pages again)
  return vmas;
}
