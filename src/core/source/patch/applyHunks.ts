// Applies a series' hunks in memory to the tree's files (read through the callback), like
// `git apply` without fuzz: a hunk's old lines must match exactly, at its stated line or the
// nearest offset. A hunk that does not apply is reported with patch, file, hunk header and
// where it was expected; the rest of that file's hunks in that patch are skipped.
import { ReadTreeFile } from '../types';
import { patchName } from './seriesParse';
import { FileDiff, HunkFailure, PatchHunk, PatchSeries, SeriesMessage } from './types';

export interface AppliedSeries {
  /** Path → text after the series (null: the series deletes the file). */
  files: Map<string, string | null>;
  /** Per patch: the text of each file it touches before and after it. */
  steps: { patch: SeriesMessage; before: Map<string, string | null>; after: Map<string, string | null> }[];
  failures: HunkFailure[];
}

function findOld(lines: readonly string[], old: readonly string[], expected: number): number {
  const fits = (at: number): boolean => {
    if (at < 0 || at + old.length > lines.length) return false;
    for (let k = 0; k < old.length; k++) if (lines[at + k] !== old[k]) return false;
    return true;
  };
  if (fits(expected)) return expected;
  for (let d = 1; d <= lines.length; d++) {
    if (fits(expected - d)) return expected - d;
    if (fits(expected + d)) return expected + d;
    if (expected - d < 0 && expected + d > lines.length) break;
  }
  return -1;
}

function firstMismatch(lines: readonly string[], old: readonly string[], at: number): string {
  for (let k = 0; k < old.length; k++) {
    if (lines[at + k] !== old[k]) {
      const got = lines[at + k];
      return `line ${at + k + 1} is '${(got ?? '<end of file>').slice(0, 60)}', the hunk expects '${old[k].slice(0, 60)}'`;
    }
  }
  return 'context differs';
}

function applyFile(text: string, diff: FileDiff, name: string, failures: HunkFailure[]): string {
  const lines = text === '' ? [] : text.split('\n');
  let offset = 0;
  for (const hunk of diff.hunks) {
    const old = hunk.lines.filter((l) => l.kind !== '+').map((l) => l.text);
    const neu = hunk.lines.filter((l) => l.kind !== '-').map((l) => l.text);
    const expected = Math.max(0, (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset);
    const fail = (reason: string): void => {
      failures.push({
        patch: name,
        file: diff.path,
        hunk: hunk.header,
        patchLine: hunk.patchLine,
        expectedLine: expected + 1,
        reason,
      });
    };
    if (!hunk.complete) {
      fail('the hunk is truncated or mangled in the patch file');
      return lines.join('\n');
    }
    const at = findOld(lines, old, expected);
    if (at < 0) {
      fail(
        `its context and removed lines are nowhere in the file (at the expected place: ${firstMismatch(lines, old, expected)})`,
      );
      return lines.join('\n');
    }
    lines.splice(at, old.length, ...neu);
    offset += at - expected + (neu.length - old.length);
  }
  return lines.join('\n');
}

function hunkLines(h: PatchHunk): number {
  return h.lines.length;
}

/** Applies every patch of `series` in order, over the files `read` returns. Never throws. */
export async function applySeries(series: PatchSeries, read: ReadTreeFile): Promise<AppliedSeries> {
  const files = new Map<string, string | null>();
  const steps: AppliedSeries['steps'] = [];
  const failures: HunkFailure[] = [];
  const readTree = async (path: string): Promise<string | undefined> => {
    try {
      return await read(path);
    } catch {
      return undefined;
    }
  };
  const current = async (path: string): Promise<string | null | undefined> =>
    files.has(path) ? files.get(path) : readTree(path);
  /** `diff -u linux-6.1/mm/x.c …` paths: how many leading folders to drop for the tree to have the file. */
  const stripCount = async (path: string): Promise<number> => {
    const parts = path.split('/');
    for (let k = 0; k < parts.length; k++) {
      const p = parts.slice(k).join('/');
      if (files.has(p) || (await readTree(p)) !== undefined) return k;
    }
    return 0;
  };
  const strip = (path: string | null, k: number): string | null =>
    path === null ? null : path.split('/').slice(k).join('/');
  for (const patch of series.patches) {
    const name = patchName(patch);
    const before = new Map<string, string | null>();
    const after = new Map<string, string | null>();
    for (const diff of patch.files) {
      if (diff.binary || diff.hunks.every((h) => hunkLines(h) === 0)) continue;
      const k = diff.oldPath === null ? 0 : await stripCount(diff.oldPath);
      if (k > 0) {
        diff.oldPath = strip(diff.oldPath, k);
        diff.newPath = strip(diff.newPath, k);
        diff.path = diff.newPath ?? diff.oldPath ?? diff.path;
      }
      const src = diff.oldPath === null ? '' : await current(diff.oldPath);
      if (src === undefined || src === null) {
        const h = diff.hunks[0];
        failures.push({
          patch: name,
          file: diff.path,
          hunk: h.header,
          patchLine: h.patchLine,
          expectedLine: h.oldStart,
          reason: 'the file is not in the tree',
        });
        continue;
      }
      before.set(diff.path, diff.oldPath === null ? null : src);
      const out = diff.newPath === null ? null : applyFile(src, diff, name, failures);
      if (diff.oldPath && diff.newPath && diff.oldPath !== diff.newPath) files.set(diff.oldPath, null);
      files.set(diff.path, out);
      after.set(diff.path, out);
    }
    steps.push({ patch, before, after });
  }
  return { files, steps, failures };
}
