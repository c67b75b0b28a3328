// Unified diffs inside a message body: `diff --git`, `---`/`+++`, `@@ -a,b +c,d @@` hunks.
// One pass, no backtracking. A hunk cut short (truncated mail, a mangled line) is kept with
// complete=false and reported with the patch-file line where it broke.
import { FileDiff, HunkLine, PatchHunk } from './types';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
/** git's extended header lines that change which file a diff reads or writes. */
const EXTENDED_HEADER = /^(rename from|rename to|copy from|copy to|new file mode|deleted file mode) (.*)$/;

export interface DiffParse {
  /** The commit message before the diff (up to the `---` separator). */
  message: string[];
  files: FileDiff[];
  problems: { patchLine: number; message: string }[];
}

function stripPrefix(p: string): string | null {
  const path = p.split('\t')[0].trim();
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

/** Parses `lines` (a message body) whose first line is patch-file line `firstLine`. */
export function parseDiff(lines: readonly string[], firstLine: number): DiffParse {
  const files: FileDiff[] = [];
  const problems: { patchLine: number; message: string }[] = [];
  const message: string[] = [];
  let file: FileDiff | undefined;
  let inDiff = false;
  let messageDone = false;
  const newFile = (oldPath: string | null, newPath: string | null, at: number): FileDiff => {
    const f: FileDiff = {
      path: newPath ?? oldPath ?? '',
      oldPath,
      newPath,
      hunks: [],
      binary: false,
      patchLine: at,
    };
    files.push(f);
    return f;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const at = firstLine + i;
    if (line.startsWith('diff --git ')) {
      inDiff = true;
      const m = /^diff --git (\S+) (\S+)$/.exec(line);
      file = newFile(m ? stripPrefix(m[1]) : null, m ? stripPrefix(m[2]) : null, at);
      continue;
    }
    if (line.startsWith('--- ') && i + 1 < lines.length && lines[i + 1].startsWith('+++ ')) {
      inDiff = true;
      const oldPath = stripPrefix(line.slice(4));
      const newPath = stripPrefix(lines[i + 1].slice(4));
      if (!file || file.hunks.length > 0 || (file.oldPath !== oldPath && file.newPath !== newPath))
        file = newFile(oldPath, newPath, at);
      else {
        file.oldPath = oldPath;
        file.newPath = newPath;
        file.path = newPath ?? oldPath ?? file.path;
      }
      i++;
      continue;
    }
    if (!inDiff) {
      if (line === '---') messageDone = true;
      if (!messageDone) message.push(line);
      continue;
    }
    if (line === '-- ' || line === '--') {
      inDiff = false; // mail signature: the diff is over
      messageDone = true;
      continue;
    }
    if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) {
      if (file) {
        file.binary = true;
        file.patchLine = at;
      }
      continue;
    }
    const header = file && file.hunks.length === 0 ? EXTENDED_HEADER.exec(line) : null;
    if (file && header) {
      const [, what, value] = header;
      const path = value.trim();
      if (what === 'rename from' || what === 'copy from') {
        file.oldPath = path;
        file.renameKind = what === 'rename from' ? 'rename' : 'copy';
      } else if (what === 'rename to' || what === 'copy to') {
        file.newPath = path;
        file.path = path;
      } else if (what === 'new file mode') file.oldPath = null;
      else if (what === 'deleted file mode') {
        file.newPath = null;
        file.path = file.oldPath ?? file.path;
      }
      continue;
    }
    if (!line.startsWith('@@')) {
      // A `+`, `-` or ` ` line after a hunk whose counts are met: git apply says "corrupt patch".
      if (file && file.hunks.length > 0 && !file.corrupt && /^[-+ ]/.test(line) && line !== '-- ') {
        file.corrupt = {
          patchLine: at,
          message: `corrupt patch at line ${at}: '${line.slice(0, 60)}' follows hunk '${file.hunks[file.hunks.length - 1].header}' whose line counts are already met`,
        };
        problems.push({ patchLine: at, message: `${file.path}: ${file.corrupt.message}` });
      }
      continue; // index, mode and similarity lines
    }
    const m = HUNK_HEADER.exec(line);
    if (!file || !m) {
      problems.push({
        patchLine: at,
        message: file ? `malformed hunk header '${line.slice(0, 60)}'` : `hunk header before any file header`,
      });
      continue;
    }
    const hunk: PatchHunk = {
      header: line,
      oldStart: Number(m[1]),
      oldCount: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newCount: m[4] === undefined ? 1 : Number(m[4]),
      section: m[5] ?? '',
      patchLine: at,
      lines: [],
      complete: true,
    };
    file.hunks.push(hunk);
    if (hunk.oldCount === 0 && hunk.newCount === 0 && !file.corrupt) {
      file.corrupt = { patchLine: at, message: `hunk '${line}' at line ${at} has no lines` };
      problems.push({ patchLine: at, message: `${file.path}: ${file.corrupt.message}` });
    }
    let oldLeft = hunk.oldCount;
    let newLeft = hunk.newCount;
    let j = i + 1;
    for (; j < lines.length && (oldLeft > 0 || newLeft > 0); j++) {
      const l = lines[j];
      const c = l.length === 0 ? ' ' : l[0];
      const hl: HunkLine = { kind: ' ', text: l.slice(1), patchLine: firstLine + j };
      if (c === ' ' && oldLeft > 0 && newLeft > 0) {
        oldLeft--;
        newLeft--;
      } else if (c === '-' && oldLeft > 0) {
        hl.kind = '-';
        oldLeft--;
      } else if (c === '+' && newLeft > 0) {
        hl.kind = '+';
        newLeft--;
      } else if (c === '\\') continue;
      else break;
      hunk.lines.push(hl);
    }
    if (oldLeft > 0 || newLeft > 0) {
      hunk.complete = false;
      const where = j < lines.length ? `line ${firstLine + j} does not belong to it` : 'the patch ends';
      problems.push({
        patchLine: at,
        message: `${file.path}: hunk '${line}' is truncated or mangled: ${where} (${oldLeft} old and ${newLeft} new lines missing)`,
      });
    }
    while (j < lines.length && lines[j].startsWith('\\')) j++;
    i = j - 1;
  }
  for (const f of files)
    if (!f.path) problems.push({ patchLine: f.patchLine, message: 'file header without a path' });
  return { message, files, problems };
}
