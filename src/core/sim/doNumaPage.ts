// mm/memory.c: do_numa_page() and mm/huge_memory.c: do_huge_pmd_numa_page() — a NUMA hinting fault on a
// PROT_NONE entry, reached from GUP's slow path when KVM faults the page in. numa_hint_faults counts one
// per PTE or PMD, numa_hint_faults_local when the folio is on the faulting CPU's node. A misplaced folio
// goes to migrate_misplaced_folio() (migrateMisplacedFolio.ts); either way the entry is present again,
// and task_numa_fault() accounts the fault to the faulting vCPU's thread (taskNumaFault.ts).
import type { Sim } from './context';
import { count, spend } from './context';
import * as F from './facts';
import { migrateMisplacedFolio } from './migrateMisplacedFolio';
import { FN } from './causes';
import { taskNumaFault } from './taskNumaFault';
import { guestRamKey, vmaSetAccessPidBit } from './vmaNumabState';

const CHAIN = [FN.kvmTdpPageFault, FN.kvmFaultinPfn, FN.hvaToPfn, FN.doNumaPage];
const HUGE_CHAIN = [FN.kvmTdpPageFault, FN.kvmFaultinPfn, FN.hvaToPfn, FN.doHugePmdNumaPage];

/** Hinting faults for the PROT_NONE segment [s, e) touched by a vCPU on `cpuNode`. Counting only. */
export function doNumaPage(
  sim: Sim,
  s: number,
  e: number,
  f: number,
  cpuNode: number,
  t: number,
  lane: `vcpu${number}`,
): void {
  const huge = F.isHuge(f);
  const faults = huge ? F.chunkStarts(s, e) : e - s;
  if (faults === 0) return;
  count(sim, 'numa_balancing', 'numa_hint_faults', faults);
  spend(sim, 'hint_fault', faults * sim.cost.hint_fault_ns);
  sim.rec.guest(
    t,
    lane,
    'hint_fault',
    s,
    e,
    huge ? HUGE_CHAIN : CHAIN,
    faults,
    undefined,
    huge ? F.PMD_PAGES : 1,
  );
  const pages = huge ? faults * F.PMD_PAGES : faults;
  vmaSetAccessPidBit(sim, guestRamKey(sim), sim.currentVcpu);
  if (F.node(f) === cpuNode) {
    count(sim, 'numa_balancing', 'numa_hint_faults_local', faults);
    taskNumaFault(sim, sim.currentVcpu, pages, true, false, t);
    return;
  }
  const failed = migrateMisplacedFolio(sim, s, e, f, cpuNode, t, lane);
  taskNumaFault(sim, sim.currentVcpu, pages, false, failed, t);
}

/** The facts after the hinting fault: present again, on the new node if the folio migrated. */
export function afterNumaFault(sim: Sim, f: number, cpuNode: number, t: number): number {
  let g = F.withPte(f, F.PTE_PRESENT);
  if (F.node(f) !== cpuNode && migrationSucceeds(sim, f, t)) g = F.withNode(g, cpuNode);
  return g;
}

import { migrationMustFail } from './folio';
function migrationSucceeds(sim: Sim, f: number, t: number): boolean {
  return !migrationMustFail(sim, f, t);
}
