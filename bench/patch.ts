// Benchmarks of patch-series handling (printed, never pass/fail), on issue #14's shapes:
// - a 13-patch series of about 3 MB (thousands of hunks over real Linux 6.1 files, each patch
//   re-editing the same files), applied in memory with offsets: the former search took 266 s;
// - a 960 KB hunk-header section through the ops-initialiser check (was 52 s);
// - the same file and hunk of one repeated line (the worst case of the line index).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySeries, findSitesInPatch, parsePatchSeries, opsInitialiserOf } from '../src/core/source/patch';
import { kernelTree } from '../test/unit/kernelTrees';

const round = (x: number): number => Number(x.toPrecision(3));
const FILES = [
  'mm/mprotect.c',
  'mm/huge_memory.c',
  'virt/kvm/kvm_main.c',
  'mm/memory.c',
  'mm/mmap.c',
  'mm/migrate.c',
  'mm/rmap.c',
  'arch/x86/kvm/mmu/mmu.c',
];

/** Patch k of the series: every 40th line of each file (from 10 + 3k) gets a comment line before it. */
function seriesText(texts: Map<string, string[]>, patches: number): string {
  const out: string[] = [];
  for (let k = 0; k < patches; k++) {
    out.push(`From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001`);
    out.push(`Subject: [PATCH ${k + 1}/${patches}] bench edit ${k + 1}`, '', 'bench', '---');
    for (const [path, lines] of texts) {
      out.push(`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`);
      let added = 0;
      for (let at = 10 + 3 * k; at + 4 < lines.length; at += 40) {
        // Header lines as in the unpatched file: every hunk needs the offset the patches before made.
        out.push(`@@ -${at - 2},6 +${at - 2 + added},7 @@`);
        for (let i = at - 3; i < at; i++) out.push(` ${lines[i]}`);
        out.push(`+\t/* bench ${k}:${at} */`);
        for (let i = at; i < at + 3; i++) out.push(` ${lines[i]}`);
        added++;
      }
    }
    out.push('-- ', '2.39.5', '');
  }
  return out.join('\n');
}

export async function benchPatch(): Promise<Record<string, number>> {
  const root = kernelTree('6.1');
  const out: Record<string, number> = {};
  if (root) {
    const texts = new Map(FILES.map((f) => [f, readFileSync(join(root, f), 'utf8').split('\n')]));
    const text = seriesText(texts, 13);
    let t = performance.now();
    const series = parsePatchSeries(text, 'bench.mbox');
    const parseMs = performance.now() - t;
    const hunks = series.patches.reduce((n, p) => n + p.files.reduce((m, f) => m + f.hunks.length, 0), 0);
    t = performance.now();
    const a = await applySeries(series, async (p) =>
      texts.has(p) ? (texts.get(p) ?? []).join('\n') : undefined,
    );
    const applyMs = performance.now() - t;
    t = performance.now();
    findSitesInPatch(text, 'bench.mbox');
    const sitesMs = performance.now() - t;
    console.log(
      `patch apply: ${(text.length / 1e6).toFixed(2)} MB, 13 patches, ${hunks} hunks: parse ${round(parseMs)} ms, apply ${round(applyMs)} ms (${a.failures.length} failed), sites ${round(sitesMs)} ms`,
    );
    Object.assign(out, {
      patch_series_mb: round(text.length / 1e6),
      patch_series_hunks: hunks,
      patch_parse_ms: round(parseMs),
      patch_apply_ms: round(applyMs),
      patch_apply_failures: a.failures.length,
      patch_sites_ms: round(sitesMs),
    });
  } else
    console.log(
      'patch bench: Linux 6.1 tree not unpacked (bash scripts/kernel-trees.sh); series part skipped',
    );
  const long = `static const struct mmu_notifier_ops ops ${'= '.repeat(480_000)}x`;
  let t = performance.now();
  opsInitialiserOf(long);
  const headerMs = performance.now() - t;
  const same = 'x\n'.repeat(200_000);
  const hunks = Array.from(
    { length: 2000 },
    (_, k) => `@@ -${k * 100 + 1},3 +${k * 100 + 1},3 @@\n x\n-x\n+y\n x\n`,
  );
  t = performance.now();
  await applySeries(
    parsePatchSeries(`--- a/a.c\n+++ b/a.c\n${hunks.join('')}`, 'same.diff'),
    async () => same,
  );
  const sameMs = performance.now() - t;
  console.log(
    `patch apply: 960 KB hunk section ${round(headerMs)} ms; 2,000 hunks of one repeated line over 200,000 such lines ${round(sameMs)} ms`,
  );
  return { ...out, patch_long_section_ms: round(headerMs), patch_repeated_lines_ms: round(sameMs) };
}
