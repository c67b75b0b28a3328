// Counter files beside a trace: /proc/vmstat snapshots ("name value" lines, as mm/vmstat.c's
// vmstat_show() prints them; one file per snapshot, or a series in one file with a timestamp line
// before each snapshot) and KVM binary stats as the oracle harness writes them (JSON). Both give
// counter deltas under the kernel's own names. Pure: text in, numbers out.
import type { ImportProblem } from '../../protocol/traceImport';

const VMSTAT_LINE = /^([a-z][a-z0-9_]*) (-?\d+)$/;
/** A line that starts a snapshot in a series: "12.345", "# 12.345", "--- t=12.345 s", "timestamp 12.345". */
const SNAPSHOT_MARK =
  /^(?:#|-{2,}|={2,}|@)?\s*(?:t\s*=\s*|time(?:stamp)?[:=]?\s*|uptime[:=]?\s*)?(\d+(?:\.\d+)?)\s*s?\s*(?:-{2,}|={2,})?$/;
/** Names every /proc/vmstat has (mm/vmstat.c vmstat_text); one of them must appear. */
const VMSTAT_ANCHORS = ['nr_free_pages', 'pgfault', 'numa_hit', 'pgpgin', 'nr_anon_pages'];

/** The vmstat counters the simulator keeps (protocol COUNTER_NAMES that come from /proc/vmstat). */
export const VMSTAT_COUNTERS = [
  'numa_pte_updates',
  'numa_huge_pte_updates',
  'numa_hint_faults',
  'numa_hint_faults_local',
  'numa_pages_migrated',
  'pgmigrate_fail',
] as const;

/** The KVM stats the simulator keeps (include/linux/kvm_host.h KVM_GENERIC_VM_STATS). */
export const KVM_STAT_COUNTERS = ['remote_tlb_flush', 'remote_tlb_flush_requests'] as const;

export interface VmstatSnapshot {
  /** Seconds, when the series gave a timestamp. */
  t?: number;
  values: Map<string, number>;
}

/** Is this text a /proc/vmstat snapshot (or a series of them)? Looks at the first 60 lines. */
export function looksLikeVmstat(text: string): boolean {
  const lines = text.split('\n', 60).filter((l) => l.trim() !== '');
  let ok = 0;
  let anchor = false;
  for (const l of lines) {
    const m = VMSTAT_LINE.exec(l.trim());
    if (m) {
      ok++;
      if (VMSTAT_ANCHORS.includes(m[1])) anchor = true;
    } else if (SNAPSHOT_MARK.test(l.trim())) ok++;
  }
  return anchor && ok >= lines.length * 0.9;
}

export function parseVmstat(text: string, file: string, problems: ImportProblem[]): VmstatSnapshot[] {
  const snaps: VmstatSnapshot[] = [];
  let cur: VmstatSnapshot | null = null;
  text.split('\n').forEach((raw, i) => {
    const l = raw.trim();
    if (l === '') return;
    const m = VMSTAT_LINE.exec(l);
    if (m) {
      if (!cur || cur.values.has(m[1])) snaps.push((cur = { values: new Map() }));
      cur.values.set(m[1], Number(m[2]));
      return;
    }
    const mark = SNAPSHOT_MARK.exec(l);
    if (mark) {
      snaps.push((cur = { t: Number(mark[1]), values: new Map() }));
      return;
    }
    problems.push({
      file,
      line: i + 1,
      message: 'not a "name value" vmstat line; skipped',
      text: l.slice(0, 160),
    });
  });
  return snaps.filter((s) => s.values.size > 0);
}

/** after - before for every name in both (zero deltas included). */
export function counterDeltas(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of after) {
    const b = before.get(k);
    if (b !== undefined) out[k] = v - b;
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function numericFields(o: { [k: string]: Json }): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v)) m.set(k, v);
  return m;
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{before, after, delta}` of one counter, as the oracle's result JSON writes each (oracle/result.schema.json). */
function isCounterTriple(v: Json): v is { before: number; after: number; delta: number } {
  return (
    isObject(v) && typeof v.before === 'number' && typeof v.after === 'number' && typeof v.delta === 'number'
  );
}

export interface JsonCounterGroup {
  /** The top-level key the counters sit under ("vmstat", "kvm_vm", "kvm_vcpus", "tracepoints", …). */
  section: string;
  deltas: Record<string, number>;
}

/**
 * Counter deltas from a results JSON, grouped by top-level key: objects of `{before, after, delta}`
 * per counter (the oracle's vmstat, kvm_vm, kvm_vcpus[].stats), `{"before": {...}, "after": {...}}`
 * pairs of counter objects (after − before), and flat objects of numbers under a key that names
 * stats, deltas, counters or tracepoints (null values, events a kernel lacks, are skipped). The same
 * name twice in one section adds up (per-vCPU stats). Returns the groups and the JSON paths used.
 */
export function jsonCounterDeltas(json: Json): { groups: JsonCounterGroup[]; paths: string[] } {
  const groups = new Map<string, Record<string, number>>();
  const paths: string[] = [];
  const add = (section: string, d: Record<string, number>, path: string): void => {
    const g = groups.get(section) ?? {};
    let any = false;
    for (const [k, v] of Object.entries(d)) {
      g[k] = (g[k] ?? 0) + v;
      any = true;
    }
    if (any) {
      groups.set(section, g);
      paths.push(path);
    }
  };
  const walk = (v: Json, path: string, section: string, key: string, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, section, key, depth + 1));
      return;
    }
    if (!isObject(v)) return;
    const entries = Object.entries(v);
    if (isObject(v.before) && isObject(v.after)) {
      add(section, counterDeltas(numericFields(v.before), numericFields(v.after)), path);
      return;
    }
    if (entries.length > 0 && entries.every(([, x]) => isCounterTriple(x))) {
      const d: Record<string, number> = {};
      for (const [k, x] of entries) if (isCounterTriple(x)) d[k] = x.delta;
      add(section, d, path);
      return;
    }
    const nums = numericFields(v);
    if (
      nums.size > 0 &&
      entries.every(([, x]) => typeof x === 'number' || x === null) &&
      /stat|delta|counter|tracepoint/i.test(key)
    ) {
      add(section, Object.fromEntries(nums), path);
      return;
    }
    for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k, section || k, k, depth + 1);
  };
  walk(json, '', '', '', 0);
  return { groups: [...groups].map(([section, deltas]) => ({ section, deltas })), paths };
}
