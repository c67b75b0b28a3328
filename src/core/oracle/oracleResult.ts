// The shape of a real-kernel oracle result (oracle/result.schema.json; written by oracle/driver).
import type { OracleCase } from './oracleCase';

/** One counter read at the window's start and end. */
export interface OracleCounter {
  before: number;
  after: number;
  delta: number;
}
export type OracleCounters = Record<string, OracleCounter>;
export interface OraclePlacement {
  node0: number;
  node1: number;
  other: number;
}

/** The kernel a result was measured on: Debian's package, uname, and the boot's preemption mode. */
export interface KernelFacts {
  series: '6.1' | '6.12';
  package: string;
  package_version: string;
  uname_r: string;
  preempt: string;
  preempt_modes?: string;
  cmdline?: string;
  kvm_params?: Record<string, string>;
  numa_balancing_params?: Record<string, string>;
}

export interface OracleResult {
  case_name: string;
  case: OracleCase;
  kernel: KernelFacts;
  qemu_version: string;
  date: string;
  status: 'ok' | 'error';
  error?: string;
  region?: { start: number; end: number };
  window: {
    elapsed_s: number;
    timed_out: boolean;
    scan_passes: number;
    toucher_passes: number;
    contender_passes?: number;
    operation_calls: number;
    operation_errors?: string[];
    operation_detail?: Record<string, number>;
    pin?: string;
  };
  placement?: { start?: OraclePlacement; end?: OraclePlacement };
  vmstat: OracleCounters;
  ksm?: OracleCounters;
  kvm_vm: OracleCounters;
  kvm_vcpus: { role: 'toucher' | 'spinner' | 'contender'; stats: OracleCounters }[];
  /** Hits per 'system:event'; null when the event does not exist on that kernel. */
  tracepoints: Record<string, number | null>;
  unmap_ranges?: { t_us: number; start: number; end: number }[];
  unmap_ranges_lost?: number;
  raw_files?: string[];
  wall_s?: number;
}

/** oracle/results/index.json: which results folder holds which kernel series. */
export interface OracleResultsIndex {
  kernels: { series: '6.1' | '6.12'; package: string; package_version: string; dir: string }[];
}
