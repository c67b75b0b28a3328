// The shapes of a parsed patch series (git format-patch, `b4 am` mbox, .eml, plain diff).
import { NotifierSite, SourceDiagnostic } from '../types';

export interface HunkLine {
  kind: ' ' | '+' | '-';
  text: string;
  /** 1-based line in the patch file. */
  patchLine: number;
}

export interface PatchHunk {
  /** The `@@ -a,b +c,d @@ section` line as written. */
  header: string;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The function context git printed after the second `@@` (may be empty). */
  section: string;
  patchLine: number;
  lines: HunkLine[];
  /** False when the patch ended (or was mangled) before the hunk's line counts were met. */
  complete: boolean;
}

export interface FileDiff {
  /** Path relative to the tree root (the `b/` side, or the `a/` side for a deletion). */
  path: string;
  oldPath: string | null;
  newPath: string | null;
  hunks: PatchHunk[];
  binary: boolean;
  patchLine: number;
  /** `rename from`/`copy from` headers: the old file is moved (or copied) to `newPath`. */
  renameKind?: 'rename' | 'copy';
  /** A defect that makes git refuse the file (a hunk longer than its header says, an empty hunk). */
  corrupt?: { patchLine: number; message: string };
}

export interface SeriesMessage {
  /** `[RFC PATCH v2 3/5]` → index 3, total 5; undefined for a lone patch or a plain diff. */
  index?: number;
  total?: number;
  version?: number;
  /** The full Subject header, and the subject without its bracketed prefix. */
  subject: string;
  title: string;
  from?: string;
  date?: string;
  messageId?: string;
  /** The commit message / cover text (before the `---` line and the diff). */
  body: string;
  files: FileDiff[];
  /** 1-based line where the message starts in the patch file. */
  patchLine: number;
}

export interface PatchSeries {
  file: string;
  cover?: SeriesMessage;
  patches: SeriesMessage[];
  diagnostics: SourceDiagnostic[];
}

/** A hunk (or a whole file diff, `hunk` '') that does not apply to the tree, said with where. */
export interface HunkFailure {
  /** e.g. "3/5 mm/mmu_notifier: add callback .numa_protect". */
  patch: string;
  file: string;
  hunk: string;
  /** Hunk header line in the patch file, and where in the tree file it was expected. */
  patchLine: number;
  expectedLine: number;
  reason: string;
}

export interface PatchSiteChanges {
  patch: string;
  added: NotifierSite[];
  removed: NotifierSite[];
  /** Sites present before and after whose lines a hunk touches. */
  changed: NotifierSite[];
}

/** Where and how one hunk went onto the tree (GNU patch's `Hunk #2 succeeded at 400 with fuzz 1 (offset 6 lines)`). */
export interface HunkPlacement {
  patch: string;
  file: string;
  hunk: string;
  patchLine: number;
  /** 1-based line in the file (as the previous patches left it) where the hunk's first line went. */
  line: number;
  /** Lines the hunk leaves in the file from `line` on (its header's new count). */
  newCount: number;
  offset: number;
  fuzz: number;
}

/** Per patch: applied (exactly), applied with offset/fuzz, partly applied, or failed, with why. */
export interface PatchOutcome {
  patch: string;
  status: 'applied' | 'applied with fuzz' | 'applied with offset' | 'partly applied' | 'failed';
  hunks: number;
  placed: HunkPlacement[];
  failures: HunkFailure[];
}
