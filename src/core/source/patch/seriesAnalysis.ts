// analyzeSeries(): what a series does to a tree. Applies it in memory over the tree's files
// (ReadTreeFile), lists the sites each patch adds, removes or changes (whole-file scans before
// and after each patch), and detects the variant the tree becomes.
import { detectTreeVariant, overlayReader, TreeDetection, treeRules } from '../detect';
import { scanSites } from '../siteScanner';
import { NotifierSite, ReadTreeFile, SourceDiagnostic } from '../types';
import { applySeries } from './applyHunks';
import { findSitesInPatch } from './patchSites';
import { patchName } from './seriesParse';
import { seriesIntent, SeriesIntent, treePlusSeriesRules } from './seriesIntent';
import { HunkFailure, PatchOutcome, PatchSeries, PatchSiteChanges } from './types';
import type { RuleName } from '../../variants/rules';
import type { RuleValue } from '../detect';
import { pushAll } from '../../safety/arrays';

/** What the lenses of a series simulate on a tree, and why. */
export interface SeriesSimulation {
  /** A variant id: the tree's variant after the series, or the tree's plus the series' rules. */
  variant: string;
  /** Shown to the user: `rfc-v2`, or `v6.12 + series rules`. */
  label: string;
  /** 'applied': the series applies and the patched tree is a known variant; 'series rules': it does not. */
  basis: 'applied' | 'series rules';
  /** Every rule with its value and evidence (tree file:line, or series patch and line). */
  rules: Partial<Record<RuleName, RuleValue>>;
  /** The rules the series sets, with the patch each came from. */
  fromSeries: { rule: RuleName; value: RuleValue['value']; patch: string }[];
  /** One line for the user: "3 hunks do not apply to this 6.12 tree; the series itself introduces …". */
  summary: string;
}

export interface SeriesAnalysis {
  series: PatchSeries;
  /** Sites in the patch file (line = patch-file line). */
  patchSites: NotifierSite[];
  siteChanges: PatchSiteChanges[];
  failures: HunkFailure[];
  /** Per patch (with a tree): applied / applied with offset / applied with fuzz / partly applied / failed, and each hunk's place. */
  outcomes: PatchOutcome[];
  /** The tree as it is, and as it would be with the series applied (when a tree is given). */
  treeBefore?: TreeDetection;
  treeAfter?: TreeDetection;
  /** The probes each patch's own hunks add or remove, and the rules they set (no tree needed). */
  intent: SeriesIntent;
  /** With a tree: the variant the lenses simulate. */
  simulate?: SeriesSimulation;
  diagnostics: SourceDiagnostic[];
}

const siteKey = (s: NotifierSite): string =>
  `${s.kind}|${s.callee}|${s.function}|${s.event}|${s.handler ?? ''}`;

function diffSites(
  before: NotifierSite[],
  after: NotifierSite[],
  touched: (line: number) => boolean,
): Omit<PatchSiteChanges, 'patch'> {
  const count = new Map<string, number>();
  for (const s of before) count.set(siteKey(s), (count.get(siteKey(s)) ?? 0) + 1);
  const added: NotifierSite[] = [];
  const changed: NotifierSite[] = [];
  for (const s of after) {
    const k = siteKey(s);
    const n = count.get(k) ?? 0;
    if (n > 0) {
      count.set(k, n - 1);
      if (touched(s.line)) changed.push(s);
    } else added.push(s);
  }
  const removed: NotifierSite[] = [];
  for (const s of before) {
    const n = count.get(siteKey(s)) ?? 0;
    if (n > 0) {
      count.set(siteKey(s), n - 1);
      removed.push(s);
    }
  }
  return { added, removed, changed };
}

/** `file:line: patch 1/5 …: mm/mprotect.c: hunk '@@ …' does not apply at line 380: why` (or, for a whole file, `: why`). */
export function failureMessage(file: string, f: HunkFailure): string {
  const where = f.hunk ? `hunk '${f.hunk}' does not apply at line ${f.expectedLine}: ` : '';
  return `${file}:${f.patchLine}: patch ${f.patch}: ${f.file}: ${where}${f.reason}`;
}

/** Parses and analyzes a series; with `read`, against that tree. Never throws. */
export async function analyzeSeries(
  text: string,
  file: string,
  read?: ReadTreeFile,
  variant?: string,
): Promise<SeriesAnalysis> {
  const { series, sites, diagnostics } = findSitesInPatch(text, file, variant);
  const result: SeriesAnalysis = {
    series,
    patchSites: sites,
    siteChanges: [],
    failures: [],
    outcomes: [],
    intent: seriesIntent(series),
    diagnostics: [...diagnostics],
  };
  if (!read) {
    for (const p of series.patches) {
      const mine = sites.filter(
        (s) =>
          s.line >= p.patchLine &&
          p.files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.patchLine === s.line))),
      );
      result.siteChanges.push({
        patch: patchName(p),
        added: mine.filter((s) => s.change === 'added'),
        removed: mine.filter((s) => s.change === 'removed'),
        changed: [],
      });
    }
    return result;
  }
  const applied = await applySeries(series, read);
  result.failures = applied.failures;
  result.outcomes = applied.outcomes;
  for (const f of applied.failures) {
    result.diagnostics.push({
      file,
      severity: 'error',
      line: f.patchLine,
      message: failureMessage(file, f),
    });
  }
  applied.steps.forEach((step, k) => {
    const changes: PatchSiteChanges = { patch: patchName(step.patch), added: [], removed: [], changed: [] };
    for (const [path, after] of step.after) {
      if (!/\.[ch]$/.test(path)) continue;
      const before = step.before.get(path);
      const beforeSites = before ? scanSites(before, { file: path, variant }).sites : [];
      const afterSites = after ? scanSites(after, { file: path, variant }).sites : [];
      const placed = applied.outcomes[k].placed.filter((p) => p.file === path);
      const touched = (line: number): boolean =>
        placed.some((p) => line >= p.line && line < p.line + p.newCount);
      const d = diffSites(beforeSites, afterSites, touched);
      pushAll(changes.added, d.added);
      pushAll(changes.removed, d.removed);
      pushAll(changes.changed, d.changed);
    }
    result.siteChanges.push(changes);
  });
  result.treeBefore = await detectTreeVariant(read);
  const overlay = new Map<string, string>();
  for (const [p, t] of applied.files) if (t !== null) overlay.set(p, t);
  const deleted = new Set([...applied.files].filter(([, t]) => t === null).map(([p]) => p));
  const base: ReadTreeFile = async (p) => (deleted.has(p) ? undefined : read(p));
  result.treeAfter = await detectTreeVariant(overlayReader(base, overlay));
  result.simulate = seriesSimulation(result, file);
  return result;
}

const INTENT_NAMES: Partial<Record<string, string>> = {
  range_numa_flag: 'MMU_NOTIFIER_RANGE_NUMA',
  range_numa_flag_set: 'MMU_NOTIFIER_RANGE_NUMA',
  kvm_start_handler_numa: "a NUMA check in KVM's start handler",
  numa_protect_op: '.numa_protect',
  numa_protect_called: 'mmu_notifier_numa_protect() calls',
  kvm_numa_protect_handler: "KVM's .numa_protect handler",
  pmd_skip_pinned: 'a pinned-THP skip in change_huge_pmd()',
  pte_skip_pinned_anon_exclusive: 'a pinned-page skip in change_pte_range()',
};

function seriesSimulation(a: SeriesAnalysis, file: string): SeriesSimulation | undefined {
  const before = a.treeBefore;
  const after = a.treeAfter;
  if (!before || !after) return undefined;
  const base = before.variant !== 'unknown' ? before.variant : (before.closest ?? 'v6.12');
  const byId = new Map(before.probes.map((r) => [r.id, r]));
  const combined = treePlusSeriesRules(
    (id) => {
      const r = byId.get(id);
      return {
        found: r?.found ?? false,
        known: r !== undefined && !r.probe.endsWith(']'),
        where: r?.line ? `${r.file}:${r.line}` : r?.file,
      };
    },
    a.intent,
    base,
    file,
  );
  const failed = new Set(a.failures.map((f) => `${f.patch}|${f.file}|${f.hunk}`)).size;
  if (failed === 0) {
    // The patched tree is a named variant exactly (6.1 + RFC v2 → rfc-v2), or the tree's variant
    // with the rules the patched tree shows (6.12 + patch 4 alone → v6.12+callNumaProtect).
    const named = after.variant !== 'unknown' && after.derivation === after.variant;
    const own = named ? undefined : treeRules(after.probes, base);
    const variant = own ? own.simulateAs : after.simulateAs;
    const label = own ? (variant === base ? base : `${base} + series rules`) : variant;
    return {
      variant,
      label,
      basis: 'applied',
      rules: own ? own.rules : after.rules,
      fromSeries: combined.fromSeries,
      summary: `the series applies to this ${base} tree${a.outcomes.some((o) => o.status === 'applied with fuzz') ? ' (with fuzz)' : ''}; the tree becomes ${named ? variant : own?.derivation}`,
    };
  }
  const introduced = [
    ...new Set(a.intent.patches.flatMap((p) => p.adds.map((h) => INTENT_NAMES[h.id] ?? h.id))),
  ];
  const label = combined.simulateAs === base ? base : `${base} + series rules`;
  return {
    variant: combined.simulateAs,
    label,
    basis: 'series rules',
    rules: combined.rules,
    fromSeries: combined.fromSeries,
    summary: `${failed} hunk${failed === 1 ? '' : 's'} do${failed === 1 ? 'es' : ''} not apply to this ${base} tree; the series itself introduces ${introduced.join(', ') || 'no modelled feature'}; simulating ${label}`,
  };
}
