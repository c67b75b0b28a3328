// Applies a series' hunks in memory to the tree's files (read through the callback) the way
// reviewers' tools do: GNU patch's offsets and fuzz (hunkPlacement.ts), up to fuzz 3 by default
// (GNU stops at 2; the report says when a hunk needed more), never into another function than
// its header names. Each hunk's place is reported (`applied at fuzz 1, offset 6`); a hunk that
// does not fit is reported with patch, file, header, patch-file line and why, and the patch's
// other hunks still apply (GNU patch's behaviour; git apply would refuse the whole patch).
//
// Refused, as git refuses them, with patch, file and line: a path that leaves the tree (never
// read), a binary patch, a corrupt hunk (longer than its header counts, or empty), a new file
// (`--- /dev/null`) over an existing one, a deletion whose lines are not the file's, a rename
// or copy onto an existing file.
import { ReadTreeFile } from '../types';
import { normalTreePath, treePathProblem } from '../treePath';
import { PlacementBudget, PlacementFile, placeHunk } from './hunkPlacement';
import { sectionFunction } from './patchSites';
import { patchName } from './seriesParse';
import {
  FileDiff,
  HunkFailure,
  HunkPlacement,
  PatchHunk,
  PatchOutcome,
  PatchSeries,
  SeriesMessage,
} from './types';
import { pushAll } from '../../safety/arrays';

/** GNU patch's default maximum fuzz, and ours (RFC series written on a later -rc need 3). */
export const GNU_PATCH_MAX_FUZZ = 2;
export const DEFAULT_MAX_FUZZ = 3;

export interface ApplyOptions {
  maxFuzz?: number;
}

export interface AppliedSeries {
  /** Path → text after the series (null: the series deletes the file). */
  files: Map<string, string | null>;
  /** Per patch: the text of each file it touches before and after it. */
  steps: { patch: SeriesMessage; before: Map<string, string | null>; after: Map<string, string | null> }[];
  failures: HunkFailure[];
  /** Per patch, in series order: its status, where each hunk went and what failed. */
  outcomes: PatchOutcome[];
}

function splitText(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: false };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
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

/** Whether the file's funcname line before `where` names the function (or text) the header's section does. */
function sameSection(hunkSection: string, treeSection: string): boolean {
  const want = hunkSection.trim();
  if (!want) return true;
  const fn = sectionFunction(want);
  if (fn) return sectionFunction(treeSection) === fn;
  const got = treeSection.trim();
  return got.startsWith(want) || want.startsWith(got.slice(0, 60));
}

interface FileResult {
  text: string;
  placed: HunkPlacement[];
  failures: HunkFailure[];
}

function applyFile(
  text: string,
  diff: FileDiff,
  name: string,
  maxFuzz: number,
  budget: PlacementBudget,
): FileResult {
  const split = splitText(text);
  const lines = split.lines;
  // A file the patch creates ends with a newline, as git writes it.
  const finalNewline = split.finalNewline || text === '';
  const file = new PlacementFile(lines);
  const out: string[] = [];
  const placed: HunkPlacement[] = [];
  const failures: HunkFailure[] = [];
  let frozen = 0; // lines [0, frozen) are copied to `out` or removed
  let inOffset = 0;
  const copyTill = (to: number): void => {
    for (; frozen < to; frozen++) out.push(lines[frozen]);
  };
  for (const hunk of diff.hunks) {
    const old = hunk.lines.filter((l) => l.kind !== '+').map((l) => l.text);
    const headerStart = hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1;
    const firstGuess = Math.max(0, headerStart + inOffset);
    const fail = (reason: string): void => {
      failures.push({
        patch: name,
        file: diff.path,
        hunk: hunk.header,
        patchLine: hunk.patchLine,
        expectedLine: firstGuess + 1,
        reason,
      });
    };
    if (!hunk.complete) {
      fail('the hunk is truncated or mangled in the patch file (corrupt patch)');
      continue;
    }
    let prefix = 0;
    while (prefix < hunk.lines.length && hunk.lines[prefix].kind === ' ') prefix++;
    let suffix = 0;
    while (suffix < hunk.lines.length - prefix && hunk.lines[hunk.lines.length - 1 - suffix].kind === ' ')
      suffix++;
    const got = placeHunk(
      file,
      {
        old,
        prefixContext: prefix,
        suffixContext: suffix,
        firstGuess,
        atFileStart: hunk.oldStart <= 1,
      },
      frozen,
      maxFuzz,
      (where) => sameSection(hunk.section, file.sectionBefore(where)),
      budget,
    );
    if (got === null) {
      const inFile = firstGuess < frozen ? 'after the previous hunk' : `at line ${firstGuess + 1}`;
      fail(
        `its context and removed lines are nowhere in the file, even with fuzz ${Math.min(maxFuzz, Math.max(prefix, suffix))} (${inFile}: ${firstMismatch(lines, old, Math.max(firstGuess, frozen))})`,
      );
      continue;
    }
    if ('budget' in got) {
      fail('the file and the hunk repeat the same lines so often that placing it exceeds the work budget');
      continue;
    }
    if ('misplaced' in got) {
      const here = got.misplaced.section.trim().slice(0, 60) || 'the top of the file';
      fail(
        `it fits only at line ${got.misplaced.where + 1}, under '${here}', not in '${hunk.section.trim().slice(0, 60)}' as its header says: rejected, not misapplied`,
      );
      continue;
    }
    const { where, fuzz } = got;
    let pos = where;
    for (const l of hunk.lines) {
      if (l.kind === ' ') pos++;
      else if (l.kind === '-') {
        copyTill(pos);
        frozen = ++pos;
      } else {
        copyTill(pos);
        out.push(l.text);
      }
    }
    copyTill(Math.max(frozen, pos));
    inOffset = where - headerStart;
    placed.push({
      patch: name,
      file: diff.path,
      hunk: hunk.header,
      patchLine: hunk.patchLine,
      line: hunk.newStart + inOffset,
      newCount: hunk.newCount,
      offset: inOffset,
      fuzz,
    });
  }
  copyTill(lines.length);
  const joined = out.join('\n');
  return { text: out.length && finalNewline ? joined + '\n' : joined, placed, failures };
}

function outcomeOf(
  name: string,
  hunks: number,
  placed: HunkPlacement[],
  failures: HunkFailure[],
): PatchOutcome {
  let status: PatchOutcome['status'];
  if (failures.length === 0)
    status = placed.some((p) => p.fuzz > 0)
      ? 'applied with fuzz'
      : placed.some((p) => p.offset !== 0)
        ? 'applied with offset'
        : 'applied';
  else status = placed.length > 0 ? 'partly applied' : 'failed';
  return { patch: name, status, hunks, placed, failures };
}

/** Applies every patch of `series` in order, over the files `read` returns. Never throws. */
export async function applySeries(
  series: PatchSeries,
  read: ReadTreeFile,
  options: ApplyOptions = {},
): Promise<AppliedSeries> {
  const maxFuzz = options.maxFuzz ?? DEFAULT_MAX_FUZZ;
  const budget = new PlacementBudget();
  const files = new Map<string, string | null>();
  const steps: AppliedSeries['steps'] = [];
  const failures: HunkFailure[] = [];
  const outcomes: PatchOutcome[] = [];
  const readTree = async (path: string): Promise<string | undefined> => {
    if (treePathProblem(path)) return undefined;
    try {
      return await read(path);
    } catch {
      return undefined;
    }
  };
  const current = async (path: string): Promise<string | null | undefined> =>
    files.has(path) ? files.get(path) : readTree(path);
  const exists = async (path: string): Promise<boolean> => {
    const t = await current(path);
    return t !== undefined && t !== null;
  };
  /** `diff -u linux-6.1/mm/x.c …` paths: how many leading folders to drop for the tree to have the file. */
  const stripCount = async (path: string): Promise<number> => {
    if (await exists(path)) return 0;
    const parts = path.split('/');
    for (let k = 1; k < parts.length; k++) if (await exists(parts.slice(k).join('/'))) return k;
    return 0;
  };
  const strip = (path: string | null, k: number): string | null =>
    path === null ? null : path.split('/').slice(k).join('/');
  for (const patch of series.patches) {
    const name = patchName(patch);
    const before = new Map<string, string | null>();
    const after = new Map<string, string | null>();
    const placed: HunkPlacement[] = [];
    const patchFailures: HunkFailure[] = [];
    let hunks = 0;
    for (const diff of patch.files) {
      hunks += diff.hunks.length;
      const refuse = (reason: string, h?: PatchHunk): void => {
        patchFailures.push({
          patch: name,
          file: diff.path,
          hunk: h?.header ?? '',
          patchLine: h?.patchLine ?? diff.patchLine,
          expectedLine: h?.oldStart ?? 0,
          reason,
        });
      };
      const badPath = [diff.oldPath, diff.newPath]
        .filter((p): p is string => p !== null)
        .map(treePathProblem)
        .find((x) => x !== undefined);
      if (badPath) {
        refuse(`${badPath}: refused, nothing read`);
        continue;
      }
      if (diff.oldPath !== null) diff.oldPath = normalTreePath(diff.oldPath);
      if (diff.newPath !== null) diff.newPath = normalTreePath(diff.newPath);
      diff.path = diff.newPath ?? diff.oldPath ?? diff.path;
      if (diff.binary) {
        refuse('GIT binary patch: binary files are not applied (the analysis reads text only)');
        continue;
      }
      if (diff.corrupt) {
        refuse(`${diff.corrupt.message}: the file is not patched`);
        continue;
      }
      const moves = diff.renameKind !== undefined && diff.oldPath !== diff.newPath;
      const creates = diff.oldPath === null;
      const deletes = diff.newPath === null;
      if (diff.hunks.length === 0 && !moves && !creates && !deletes) continue; // mode change only
      const k = creates ? 0 : await stripCount(diff.oldPath ?? '');
      if (k > 0) {
        diff.oldPath = strip(diff.oldPath, k);
        diff.newPath = strip(diff.newPath, k);
        diff.path = diff.newPath ?? diff.oldPath ?? diff.path;
      }
      if (creates && (await exists(diff.path))) {
        refuse(`--- /dev/null creates ${diff.path}, but it already exists in the tree`, diff.hunks[0]);
        continue;
      }
      if (moves && diff.newPath !== null && (await exists(diff.newPath))) {
        refuse(`${diff.renameKind} to ${diff.newPath}, which already exists in the tree`);
        continue;
      }
      const src = creates ? '' : await current(diff.oldPath ?? '');
      if (src === undefined || src === null) {
        refuse(`${diff.oldPath ?? diff.path} is not in the tree`, diff.hunks[0]);
        continue;
      }
      const result = applyFile(src, diff, name, maxFuzz, budget);
      pushAll(placed, result.placed);
      pushAll(patchFailures, result.failures);
      if (result.failures.length > 0 && (creates || deletes)) continue; // all or nothing
      if (deletes && result.text !== '') {
        refuse(
          `deletes ${diff.path}, but the file has ${splitText(result.text).lines.length} line(s) the patch does not remove: not deleted`,
          diff.hunks[0],
        );
        continue;
      }
      const out = deletes ? null : result.text;
      before.set(diff.path, creates ? null : src);
      if (diff.renameKind === 'rename' && diff.oldPath !== null && moves) files.set(diff.oldPath, null);
      files.set(diff.path, out);
      after.set(diff.path, out);
    }
    pushAll(failures, patchFailures);
    outcomes.push(outcomeOf(name, hunks, placed, patchFailures));
    steps.push({ patch, before, after });
  }
  return { files, steps, failures, outcomes };
}
