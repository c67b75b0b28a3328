// The cost model: nanoseconds per kernel event. The same numbers drive simulated time (how long a zap
// holds mmu_lock, how fast a retrying vCPU comes back) and the cost_ns report. docs/cost-model.md gives
// each default its source and rationale; a scenario overrides any of them under "cost".

export interface CostModel {
  /** tdp_mmu_zap_leafs(): clearing one 4 KiB leaf SPTE (atomic xchg + handle_changed_spte), ns. */
  spte_zap_4k_ns: number;
  /** tdp_mmu_zap_leafs(): clearing one 2 MiB leaf SPTE, ns. */
  spte_zap_2m_ns: number;
  /** The TDP iterator stepping over a 2 MiB region with nothing mapped, ns. */
  spte_walk_empty_2m_ns: number;
  /** kvm_flush_remote_tlbs(): making the request to every vCPU and waiting for the kicks, ns. */
  remote_tlb_flush_ns: number;
  /** One IPI to a vCPU in guest mode: exit, flush, re-entry on that CPU, ns. */
  ipi_ns: number;
  /** One EPT violation: VM exit + re-entry, ns. */
  vm_exit_ns: number;
  /** kvm_tdp_page_fault() body under mmu_lock (read): faultin + SPTE install, ns. */
  fault_service_ns: number;
  /** A stale fault's cycle: drop mmu_lock, re-enter guest, fault again, reach mmu_lock, ns. */
  retry_cycle_ns: number;
  /** do_numa_page(): one NUMA hinting fault (GUP slow path + restore), ns. */
  hint_fault_ns: number;
  /** migrate_misplaced_folio(): moving one 4 KiB page, ns (a 2 MiB folio costs 512x). */
  migrate_4k_ns: number;
  /** A failed migration attempt (isolate, refcount check, putback), ns. */
  migrate_fail_ns: number;
  /** change_pte_range()/change_huge_pmd(): examining one entry, ns. */
  pte_walk_ns: number;
  /** Making one entry PROT_NONE (incl. its share of the host TLB flush), ns. */
  pte_update_ns: number;
  /** One invalidate_range_start/end pair through the notifier chain (SRCU, callbacks), ns. */
  notifier_ns: number;
  /** flush_tlb_mm_range() on the VMM's mm that IPIs other CPUs: send and wait for the acks, ns (each IPI'd vCPU also costs ipi_ns). */
  host_tlb_flush_ns: number;
}

export const DEFAULT_COST: CostModel = {
  spte_zap_4k_ns: 265,
  spte_zap_2m_ns: 300,
  spte_walk_empty_2m_ns: 20,
  remote_tlb_flush_ns: 2500,
  ipi_ns: 1500,
  vm_exit_ns: 1200,
  fault_service_ns: 800,
  retry_cycle_ns: 1400,
  hint_fault_ns: 2000,
  migrate_4k_ns: 10000,
  migrate_fail_ns: 3000,
  pte_walk_ns: 5,
  pte_update_ns: 20,
  notifier_ns: 300,
  host_tlb_flush_ns: 2500,
};

/** Every cost parameter must be a whole number of ns so both models do exact integer time arithmetic. */
export function normalizeCost(c: CostModel): CostModel {
  const out = { ...c };
  for (const k of Object.keys(out) as (keyof CostModel)[]) out[k] = Math.max(1, Math.round(out[k]));
  return out;
}
