// What a series means to do, read from its hunks alone (#12 item 2): the feature probes run on
// each hunk's post-image and pre-image (as C fragments inside the function its `@@` header
// names); a probe found after but not before is a feature the patch adds, the other way round
// one it removes. Then the rules of a tree plus the series' rules: `v6.12 + series rules`,
// with the patch each rule came from.
import { PROBES, type ProbeId, rulesOver, type TreeRules } from '../detect';
import { rulesFromProbes, type RuleValue } from '../detect/ruleEvidence';
import { functionBodies, FunctionBody } from '../functionBodies';
import type { RuleName } from '../../variants/rules';
import { opsInitialiserOf, sectionFunction } from './patchSites';
import { patchName } from './seriesParse';
import type { HunkLine, PatchHunk, PatchSeries } from './types';

export interface ProbeHit {
  id: ProbeId;
  probe: string;
  patch: string;
  file: string;
  /** The patch-file line of the added (or removed) line that shows it. */
  patchLine: number;
}

export interface SeriesIntent {
  patches: { patch: string; adds: ProbeHit[]; removes: ProbeHit[] }[];
  /** Rules the series sets by itself (from its added lines), each with the patch and line. */
  rules: Partial<Record<RuleName, RuleValue & { patch: string }>>;
}

const PREFIX_LINES = 2;

/** A hunk side as C text inside the function (or ops initialiser) its header names. */
function fragment(lines: readonly HunkLine[], hunk: PatchHunk): string {
  const body = lines.map((l) => l.text).join('\n');
  const ops = opsInitialiserOf(hunk.section);
  const fn = sectionFunction(hunk.section) ?? '__lens_hunk__';
  const prefix = ops
    ? `static const struct ${ops} __lens_ops__ =\n{\n`
    : `void ${fn}(void)\n{ { { { { { { {\n`;
  const close = body.indexOf('*/');
  const open = body.indexOf('/*');
  const inComment = close >= 0 && (open < 0 || close < open);
  return (inComment ? prefix.slice(0, -1) + ' /*\n' : prefix) + body + '\n';
}

function runProbe(id: ProbeId, text: string): number | undefined {
  const p = PROBES.find((x) => x.id === id);
  if (!p) return undefined;
  let bodies: Map<string, FunctionBody> | undefined;
  try {
    return p.run(text, () => (bodies ??= functionBodies(text)));
  } catch {
    return undefined;
  }
}

/** The probes each patch's hunks add or remove (no tree needed). */
export function seriesIntent(series: PatchSeries): SeriesIntent {
  const patches: SeriesIntent['patches'] = [];
  const added = new Map<ProbeId, ProbeHit>();
  for (const patch of series.patches) {
    const name = patchName(patch);
    const adds: ProbeHit[] = [];
    const removes: ProbeHit[] = [];
    for (const diff of patch.files) {
      const probes = PROBES.filter((p) => p.file === diff.path);
      if (probes.length === 0) continue;
      for (const hunk of diff.hunks) {
        const post = hunk.lines.filter((l) => l.kind !== '-');
        const pre = hunk.lines.filter((l) => l.kind !== '+');
        const postText = fragment(post, hunk);
        const preText = fragment(pre, hunk);
        for (const p of probes) {
          const after = runProbe(p.id, postText);
          const before = runProbe(p.id, preText);
          if ((after === undefined) === (before === undefined)) continue;
          const side = after !== undefined ? post : pre;
          const at = side[(after ?? before ?? 0) - 1 - PREFIX_LINES]?.patchLine ?? hunk.patchLine;
          const hit: ProbeHit = { id: p.id, probe: p.probe, patch: name, file: diff.path, patchLine: at };
          if (after !== undefined) {
            adds.push(hit);
            if (!added.has(p.id)) added.set(p.id, hit);
          } else removes.push(hit);
        }
      }
    }
    patches.push({ patch: name, adds, removes });
  }
  const rules: SeriesIntent['rules'] = {};
  const shown = rulesFromProbes((id) => {
    const hit = added.get(id);
    return { found: hit !== undefined, known: false, where: hit && `${series.file}:${hit.patchLine}` };
  });
  for (const [rule, v] of Object.entries(shown) as [RuleName, RuleValue][]) {
    const first = v.evidence.match(/^(\w+) at/)?.[1] as ProbeId | undefined;
    rules[rule] = { ...v, patch: (first && added.get(first)?.patch) ?? '' };
  }
  return { patches, rules };
}

/** A tree's probe sightings plus what the series adds and removes: the rules, over `base`. */
export function treePlusSeriesRules(
  treeFound: (id: ProbeId) => { found: boolean; known: boolean; where?: string },
  intent: SeriesIntent,
  base: string,
  file: string,
): TreeRules & { fromSeries: { rule: RuleName; value: RuleValue['value']; patch: string }[] } {
  const added = new Map<ProbeId, ProbeHit>();
  const removed = new Set<ProbeId>();
  for (const p of intent.patches) {
    for (const h of p.removes) {
      removed.add(h.id);
      added.delete(h.id);
    }
    for (const h of p.adds) {
      added.set(h.id, h);
      removed.delete(h.id);
    }
  }
  const shown = rulesFromProbes((id) => {
    const hit = added.get(id);
    if (hit) return { found: true, known: true, where: `${file}:${hit.patchLine} (patch ${hit.patch})` };
    const t = treeFound(id);
    return removed.has(id) ? { found: false, known: true } : t;
  });
  const tree = rulesOver(base, shown, 'the tree and the series');
  const fromSeries: { rule: RuleName; value: RuleValue['value']; patch: string }[] = [];
  for (const [rule, v] of Object.entries(tree.rules) as [RuleName, RuleValue][]) {
    const hit = [...added].find(([id]) => v.evidence.includes(`${id} at ${file}:`));
    if (hit) fromSeries.push({ rule, value: v.value, patch: hit[1].patch });
  }
  return { ...tree, fromSeries };
}
