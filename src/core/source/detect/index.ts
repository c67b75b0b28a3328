// detect: which kernel variant a tree is (kernel-model.md §5), from the top Makefile and the
// feature probes, with the evidence for the status bar and the CLI.
import { ReadTreeFile } from '../types';
import { readMakefileVersion } from './makefileVersion';
import { runProbes, type ProbeResult } from './probes';
import { decideVariant } from './variantRules';
import { treeRules, TreeRules } from './treeRules';

/** What a tree nothing places is derived from (the newest modelled baseline). */
const FALLBACK_BASE = 'v6.12';

export interface DetectEvidence {
  probe: string;
  file: string;
  line?: number;
  found: boolean;
}

export interface TreeDetection {
  /** A variant id (`v6.1`, `v6.12`, `rfc-v2`, `rfc-v2:p1+p2`, `mm-2025`, …) or `unknown`. */
  variant: string;
  /** From the top Makefile, e.g. "6.1.192"; undefined when there is none. */
  version?: string;
  /** The variant whose behaviour is nearest (for `unknown`, what to simulate). */
  closest?: string;
  /** RFC v2 patch numbers (1–5) the probes found. */
  rfcPatches: number[];
  reason: string;
  evidence: DetectEvidence[];
  /** Every rule with its value and what shows it (probe file:line, or inherited from `closest`). */
  rules: TreeRules['rules'];
  /** The variant id to simulate the tree as: `variant` itself, or `closest` plus the rules that differ. */
  simulateAs: string;
  /** e.g. "v6.12", or "derived from v6.12: 1 rule differs (cowSkip)". */
  derivation: string;
  /** The raw probe results by id (for combining with a series' own hunks). */
  probes: ProbeResult[];
}

/** Detects the variant of the tree `read` reads (paths relative to its root). Never throws. */
export async function detectTreeVariant(read: ReadTreeFile): Promise<TreeDetection> {
  let makefileProblem: string | undefined;
  const makefile = await read('Makefile').catch((e: unknown) => {
    makefileProblem = e instanceof Error ? e.message : String(e);
    return undefined;
  });
  const read0 = makefile === undefined ? {} : readMakefileVersion(makefile);
  const version = read0.version;
  makefileProblem ??= read0.problem;
  const results = await runProbes(read);
  const verdict = decideVariant(results, version);
  const evidence: DetectEvidence[] = [
    {
      probe: version
        ? `top Makefile: VERSION ${version.major}, PATCHLEVEL ${version.minor}, SUBLEVEL ${version.sublevel}`
        : `top Makefile VERSION/PATCHLEVEL${makefileProblem ? ` [${makefileProblem}]` : ''}`,
      file: 'Makefile',
      line: version?.line,
      found: version !== undefined,
    },
    ...results.map((r) => ({ probe: r.probe, file: r.file, line: r.line, found: r.found })),
  ];
  const base = verdict.variant !== 'unknown' ? verdict.variant : (verdict.closest ?? FALLBACK_BASE);
  const rules = treeRules(results, base);
  return {
    variant: verdict.variant,
    version: version?.text,
    closest: verdict.closest,
    rfcPatches: verdict.rfcPatches,
    reason: verdict.reason,
    evidence,
    ...rules,
    probes: results,
  };
}

/** A reader that sees `overlay` files (patched text) over `base`. */
export function overlayReader(base: ReadTreeFile, overlay: ReadonlyMap<string, string>): ReadTreeFile {
  return async (p) => (overlay.has(p) ? overlay.get(p) : base(p));
}

export { parseMakefileVersion } from './makefileVersion';
export type { KernelVersion } from './makefileVersion';
export { PROBES } from './probes';
export type { ProbeId, ProbeResult } from './probes';
export { rulesOver, treeRules, type TreeRules } from './treeRules';
export { RULE_PROBES, rulesFromProbes, type RuleValue, type ProbeSighting } from './ruleEvidence';
