// Defaults of every scenario field (the same values the schema documents).
import { DEFAULT_COST } from '../cost/costModel';
import type { OtherVma, Scenario } from './types';

export const DEFAULT_SCENARIO: Scenario = {
  name: 'custom',
  description: '',
  seed: 1,
  duration_s: 600,
  guest: { memory_gib: 64, vcpus: 8, backing: 'anon', thp_fraction: 1 },
  host: {
    numa_nodes: 2,
    vcpu_nodes: [],
    placement: 'local',
    preempt: 'voluntary',
    preempt_dynamic: true,
    resched_ms: 0,
  },
  vmm: { smm: false, lowmem_gib: 0, other_vmas: [] },
  kvm: { nx_huge_pages: 'off', nx_exec_fraction: 0, nx_recovery_ratio: 60, nx_recovery_period_ms: 0 },
  device: {
    kind: 'vfio',
    mdev_pinned_fraction: 0.25,
    mdev_chunk_mib: 64,
    mdev_churn_period_s: 10,
    mdev_churn_fraction: 0.1,
  },
  workload: {
    boot_s: 30,
    boot_touch_fraction: 0.5,
    boot_touch_rate: 200000,
    working_set_fraction: 0.5,
    hot_fraction: 0.2,
    hot_share: 0.8,
    access_rate: 100000,
    active_ms: 50,
    idle_ms: 50,
    boot_idle_ms: 500,
    prefault_node: -1,
    fault_pace: 0,
    nested_exit_ns: 0,
    vcpu_loops: [],
  },
  numa_balancing: {
    scan_delay_ms: 1000,
    enabled_after_s: 0,
    scan_period_min_ms: 1000,
    scan_period_max_ms: 60000,
    scan_size_mb: 256,
  },
  mempolicy: 'default',
  special_pages: [],
  operations: [],
  variants: [],
  cost: { ...DEFAULT_COST },
  calibration: {},
};

export const DEFAULT_SPECIAL = { period_ms: 10, high_ms: 5 };
export const DEFAULT_OTHER_VMA = {
  below_ram: true,
  mapped_pages: 1,
  protectable_pages: 0,
  retouched_pages: 0,
  thread: -1,
  node: 0,
  memslot: false,
  spte_faults: 0,
};
/** A VMM VMA besides guest RAM: the named fields over DEFAULT_OTHER_VMA. */
export const otherVma = (v: Partial<OtherVma> & { name: string }): OtherVma => ({
  ...DEFAULT_OTHER_VMA,
  ...v,
});
export const DEFAULT_OPERATION = {
  at_s: 1,
  gfn: 0,
  pages: 0,
  repeat_s: 0,
  times: 1,
  target_node: 1,
  round_trip: false,
};
