// `mmu-notifier-lens detect PATH [--json] [--series FILE]`: which kernel variant a tree is,
// with the evidence; with --series, the variant it becomes with the series applied in memory.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { detectTreeVariant, TreeDetection } from '../core/source/detect';
import { readSourceFile, treeFileReader } from '../core/source/node';
import { SourceDiagnostic } from '../core/source';
import { analyzeSeries, type HunkPlacement, GNU_PATCH_MAX_FUZZ, patchName } from '../core/source/patch';
import type { CliIo } from './cliIo';
import { parseCommandArgs, refuseUsage } from './commandArgs';
import { DETECT } from './commandSpecs';
import { siteJson } from './sitesCommand';

/** `mm/mprotect.c @@ -381,7 +381,9 @@: applied at line 380 with fuzz 3 (offset -1 lines)`, as GNU patch says it. */
export function placementText(h: HunkPlacement): string {
  const fuzz =
    h.fuzz > 0
      ? ` with fuzz ${h.fuzz}${h.fuzz > GNU_PATCH_MAX_FUZZ ? ` (GNU patch stops at ${GNU_PATCH_MAX_FUZZ} by default)` : ''}`
      : '';
  const offset = h.offset !== 0 ? ` (offset ${h.offset} line${Math.abs(h.offset) === 1 ? '' : 's'})` : '';
  return `${h.file} ${h.hunk.replace(/ @@.*$/, ' @@')}: applied at line ${h.line}${fuzz}${offset}`;
}

function withoutProbes(d: TreeDetection): Omit<TreeDetection, 'probes'> {
  const { probes: _probes, ...rest } = d;
  return rest;
}

function detectionText(d: TreeDetection): string[] {
  const head =
    d.variant === 'unknown' ? `unknown, ${d.derivation} — simulated as ${d.simulateAs}` : d.variant;
  return [
    `${head}${d.version ? ` (Linux ${d.version})` : ''}: ${d.reason}`,
    ...d.evidence.map((e) => `  ${e.found ? '✓' : '✗'} ${e.probe} — ${e.file}${e.line ? `:${e.line}` : ''}`),
  ];
}

/** A series file, or a folder of them (git format-patch output), as one text. */
async function readSeries(path: string): Promise<{ text?: string; diagnostics: SourceDiagnostic[] }> {
  const st = await stat(path).catch(() => undefined);
  if (!st?.isDirectory()) return readSourceFile(path, basename(path));
  const names = (await readdir(path)).filter((n) => /\.(patch|diff|mbox|mbx|eml)$/i.test(n)).sort();
  if (names.length === 0) {
    return {
      diagnostics: [
        { file: path, severity: 'error', message: `${path}: no .patch/.diff/.mbox/.eml files in the folder` },
      ],
    };
  }
  const parts = await Promise.all(names.map((n) => readSourceFile(join(path, n), n)));
  const diagnostics = parts.flatMap((p) => p.diagnostics);
  if (parts.some((p) => p.text === undefined)) return { diagnostics };
  return { text: parts.map((p) => p.text).join('\n'), diagnostics };
}

export async function runDetect(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(DETECT, argv);
  if (typeof args === 'string') return refuseUsage(io, DETECT, args);
  const [path] = args.operands;
  const st = await stat(path).catch(() => undefined);
  if (!st?.isDirectory())
    return refuseUsage(
      io,
      DETECT,
      `${path}: ${st ? 'not a folder (give the root of a kernel tree)' : 'no such folder'}`,
    );
  const read = treeFileReader(path);
  const json = args.has('json');
  const seriesPath = args.value('series');
  if (seriesPath === undefined) {
    const d = await detectTreeVariant(read);
    io.out(json ? JSON.stringify(withoutProbes(d), null, 2) : detectionText(d).join('\n'));
    return 0;
  }
  const file = await readSeries(seriesPath);
  if (file.text === undefined) {
    for (const d of file.diagnostics) io.err(`${d.severity}: ${d.message}`);
    return 2;
  }
  const a = await analyzeSeries(file.text, basename(seriesPath), read);
  for (const d of [...file.diagnostics, ...a.diagnostics]) io.err(`${d.severity}: ${d.message}`);
  const after = a.treeAfter;
  const before = a.treeBefore;
  if (!after || !before) return 1;
  if (json) {
    io.out(
      JSON.stringify(
        {
          ...withoutProbes(after),
          base: {
            variant: before.variant,
            version: before.version,
            closest: before.closest,
            simulateAs: before.simulateAs,
          },
          simulate: a.simulate,
          intent: a.intent,
          series: {
            cover: a.series.cover?.title,
            patches: a.series.patches.map((p, k) => ({
              name: patchName(p),
              status: a.outcomes[k]?.status,
              files: p.files.map((f) => ({ path: f.path, hunks: f.hunks.length })),
              placed: a.outcomes[k]?.placed ?? [],
              sitesAdded: (a.siteChanges[k]?.added ?? []).map(siteJson),
              sitesRemoved: (a.siteChanges[k]?.removed ?? []).map(siteJson),
              sitesChanged: (a.siteChanges[k]?.changed ?? []).map(siteJson),
            })),
          },
          failures: a.failures,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(`tree: ${detectionText(before)[0]}`);
    io.out(`with ${basename(seriesPath)}${a.series.cover ? ` (${a.series.cover.title})` : ''}:`);
    a.series.patches.forEach((p, k) => {
      const c = a.siteChanges[k];
      const o = a.outcomes[k];
      const n = (xs: unknown[] | undefined): number => xs?.length ?? 0;
      io.out(
        `  ${patchName(p)}: ${o?.status ?? 'not applied'} — ${p.files.map((f) => f.path).join(', ')} — sites +${n(c?.added)} -${n(c?.removed)} ~${n(c?.changed)}`,
      );
      for (const h of o?.placed ?? []) if (h.fuzz > 0 || h.offset !== 0) io.out(`      ${placementText(h)}`);
      for (const f of o?.failures ?? [])
        io.out(`      ✗ ${f.file}: ${f.hunk ? `hunk '${f.hunk}' does not apply: ` : ''}${f.reason}`);
    });
    io.out(`${a.failures.length ? 'with the hunks that apply: ' : ''}${detectionText(after).join('\n')}`);
    for (const p of a.intent.patches)
      for (const h of p.adds)
        io.out(`  + patch ${p.patch} adds: ${h.probe} — ${basename(seriesPath)}:${h.patchLine}`);
    if (a.simulate) {
      io.out(
        `simulate: ${a.simulate.label}${a.simulate.label !== a.simulate.variant ? ` = ${a.simulate.variant}` : ''}`,
      );
      io.out(`  ${a.simulate.summary}`);
      for (const r of a.simulate.fromSeries)
        io.out(`  rule ${r.rule} = ${String(r.value)} from patch ${r.patch}`);
    }
  }
  return a.failures.length ? 1 : 0;
}
