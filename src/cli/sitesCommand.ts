// `mmu-notifier-lens sites PATH [--json]`: the notifier sites of a C file, a folder (a kernel
// tree) or a patch file, as a summary by file and operation or as JSON.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectTreeVariant } from '../core/source/detect';
import { readSourceFile, scanPathSites, treeFileReader, bundledPrefilterWorkers } from '../core/source/node';
import { findSitesInPatch } from '../core/source/patch';
import { NotifierSite, SourceDiagnostic } from '../core/source';
import type { CliIo } from './cliIo';
import { parseCommandArgs, refuseUsage } from './commandArgs';
import { SITES } from './commandSpecs';
import { pushAll } from '../core/safety';

const PATCH_FILE = /\.(patch|diff|mbox|mbx|eml)$/i;

export interface SiteJson {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  callee: string;
  kind: string;
  function: string | null;
  event: string;
  operation: string;
  preset: string;
}

export function siteJson(s: NotifierSite): SiteJson {
  return {
    file: s.file,
    line: s.line,
    column: s.column,
    endColumn: s.endColumn,
    callee: s.callee,
    kind: s.kind,
    function: s.function,
    event: s.event,
    operation: s.operation,
    preset: s.scenario.preset,
  };
}

function countBy<T>(xs: T[], key: (x: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function sitesSummary(sites: NotifierSite[]): string[] {
  const lines: string[] = [];
  const files = [...new Set(sites.map((s) => s.file))];
  for (const f of files) {
    const mine = sites.filter((s) => s.file === f);
    const ops = countBy(mine, (s) => s.operation)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(`${f}: ${mine.length} site${mine.length === 1 ? '' : 's'} (${ops})`);
  }
  const kinds = countBy(sites, (s) => s.kind)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  lines.push('', `${sites.length} sites in ${files.length} files${sites.length ? ` (${kinds})` : ''}`);
  if (sites.length)
    lines.push(
      `by operation: ${countBy(sites, (s) => s.operation)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
  return lines;
}

export async function runSites(argv: string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs(SITES, argv);
  if (typeof args === 'string') return refuseUsage(io, SITES, args);
  const [path] = args.operands;
  const st = await stat(path).catch(() => undefined);
  if (!st) return refuseUsage(io, SITES, `${path}: no such file or folder`);
  let sites: NotifierSite[];
  let diagnostics: SourceDiagnostic[];
  if (st.isDirectory()) {
    const detection = await detectTreeVariant(treeFileReader(path));
    const variant = detection.variant !== 'unknown' ? detection.variant : detection.closest;
    // Bundled, the CLI reads a folder's files on several threads (dist/sitePrefilterWorker.js).
    const prefilter = bundledPrefilterWorkers(__dirname);
    ({ sites, diagnostics } = await scanPathSites(path, variant, { prefilter }));
  } else if (PATCH_FILE.test(path)) {
    const read = await readSourceFile(path, basename(path));
    diagnostics = read.diagnostics;
    const found = read.text === undefined ? undefined : findSitesInPatch(read.text, basename(path));
    sites = found?.sites ?? [];
    pushAll(diagnostics, found?.diagnostics ?? []);
  } else {
    ({ sites, diagnostics } = await scanPathSites(path));
  }
  for (const d of diagnostics) io.err(`${d.severity}: ${d.message}`);
  if (args.has('json')) io.out(JSON.stringify(sites.map(siteJson), null, 2));
  else io.out(sitesSummary(sites).join('\n'));
  const refused = !st.isDirectory() && diagnostics.some((d) => d.severity === 'error');
  return refused ? 1 : 0;
}
