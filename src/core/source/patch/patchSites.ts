// Sites inside a patch file, with their line in the PATCH (for CodeLens in .patch/.diff
// editors): each hunk's post-image (context and `+` lines) and pre-image (`-` lines) is
// scanned as a C fragment inside a synthetic body, so a hunk that starts mid-function still
// yields calls; the enclosing function then comes from the hunk header's section
// (`@@ … @@ static long change_pte_range(…)`).
import { classifySite } from '../operations';
import { scanSites } from '../siteScanner';
import { MAX_SOURCE_BYTES } from '../inputChecks';
import { NotifierSite, SourceDiagnostic } from '../types';
import { parsePatchSeries } from './seriesParse';
import { FileDiff, HunkLine, PatchHunk, PatchSeries } from './types';
import { pushAll } from '../../safety/arrays';

/** The largest patch text the analysis reads (as the CLI's file limit, also for editor buffers). */
export const MAX_PATCH_CHARS = MAX_SOURCE_BYTES;

const SYNTHETIC = '__lens_hunk__';
/** Two lines: a function header and a body opened eight levels deep (a `}` in column 0 closes them all). */
const PREFIX = `${SYNTHETIC}(void)\n{ { { { { { { {\n`;
const PREFIX_LINES = 2;

/** The function named by a hunk header's section, if it names one. */
export function sectionFunction(section: string): string | null {
  let best: string | null = null;
  for (const m of section.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    if (!/^(__attribute__|__printf|__acquires|__releases|__must_hold)$/.test(m[1])) {
      best = m[1];
      break;
    }
  }
  return best;
}

/**
 * `static const struct mmu_notifier_ops kvm_ops = {` → `mmu_notifier_ops` (the struct of an ops
 * initialiser a section names). Linear: one bounded match for the struct, then plain string
 * checks on the rest (a backtracking `[^;(]*=\s*\{?\s*$` took seconds on a long header).
 */
export function opsInitialiserOf(section: string): string | undefined {
  const m = /\bstruct\s+(mmu(?:_interval)?_notifier_ops)\b/.exec(section.slice(0, 400));
  if (!m) return undefined;
  const rest = section.slice(m.index + m[0].length).trimEnd();
  if (/[;(]/.test(rest)) return undefined;
  const tail = rest.endsWith('{') ? rest.slice(0, -1).trimEnd() : rest;
  return tail.endsWith('=') ? m[1] : undefined;
}

function scanFragment(
  lines: HunkLine[],
  diff: FileDiff,
  hunk: PatchHunk,
  patchFile: string,
  variant?: string,
): NotifierSite[] {
  if (lines.length === 0) return [];
  const body = lines.map((l) => l.text).join('\n');
  // A hunk that starts inside a block comment: reopen the comment on the prefix line.
  const close = body.indexOf('*/');
  const open = body.indexOf('/*');
  const inComment = close >= 0 && (open < 0 || close < open);
  // A hunk inside an ops initialiser (git names it in the section): reopen the initialiser.
  const ops = opsInitialiserOf(hunk.section);
  const prefix = ops ? `static const struct ${ops} __lens_ops__ =\n{\n` : PREFIX;
  const text = (inComment ? prefix.slice(0, -1) + ' /*\n' : prefix) + body + '\n';
  const out: NotifierSite[] = [];
  for (const s of scanSites(text, { file: diff.path, variant }).sites) {
    const hl = lines[s.line - 1 - PREFIX_LINES];
    if (!hl) continue;
    const fn = s.function === SYNTHETIC ? sectionFunction(hunk.section) : s.function;
    const op = classifySite({
      file: diff.path,
      function: fn,
      callee: s.callee,
      kind: s.kind,
      event: s.event,
      handler: s.handler,
    });
    out.push({
      ...s,
      file: patchFile,
      sourceFile: diff.path,
      line: hl.patchLine,
      column: s.column + 1,
      endColumn: s.endColumn + 1,
      function: fn,
      operation: op.operation,
      operationLabel: op.label,
      scenario: { ...s.scenario, preset: op.preset, operation: op.operation },
      change: hl.kind === '+' ? 'added' : hl.kind === '-' ? 'removed' : 'context',
    });
  }
  return out;
}

/** Sites of every C hunk of a parsed series. */
export function sitesOfSeries(series: PatchSeries, variant?: string): NotifierSite[] {
  const sites: NotifierSite[] = [];
  for (const patch of series.patches) {
    for (const diff of patch.files) {
      if (!/\.[ch]$/.test(diff.path)) continue;
      for (const hunk of diff.hunks) {
        const post = hunk.lines.filter((l) => l.kind !== '-');
        const pre = hunk.lines.filter((l) => l.kind !== '+');
        pushAll(sites, scanFragment(post, diff, hunk, series.file, variant));
        sites.push(
          ...scanFragment(pre, diff, hunk, series.file, variant).filter((s) => s.change === 'removed'),
        );
      }
    }
  }
  return sites.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Sites in a patch text with their line in the patch file; never throws. */
export function findSitesInPatch(
  text: string,
  fileName = 'patch',
  variant?: string,
): { sites: NotifierSite[]; diagnostics: SourceDiagnostic[]; series: PatchSeries } {
  try {
    if (text.length > MAX_PATCH_CHARS) {
      const message = `${fileName}: patch is ${text.length} characters, over the ${MAX_PATCH_CHARS / (1024 * 1024)} MB limit; not read`;
      return {
        sites: [],
        diagnostics: [{ file: fileName, severity: 'error', message }],
        series: { file: fileName, patches: [], diagnostics: [] },
      };
    }
    const series = parsePatchSeries(text, fileName);
    return { sites: sitesOfSeries(series, variant), diagnostics: series.diagnostics, series };
  } catch (e) {
    const message = `${fileName}: internal patch parser error: ${e instanceof Error ? e.message : String(e)}`;
    return {
      sites: [],
      diagnostics: [{ file: fileName, severity: 'error', message }],
      series: { file: fileName, patches: [], diagnostics: [] },
    };
  }
}
