// NODE ONLY: the file-system side of the source analysis, for the CLI, the bench and the
// extension host. Everything else in src/core/source is pure and takes text or a
// ReadTreeFile callback; this module is the one place that reads files.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { checkSourceBytes, decodeSource, MAX_SOURCE_BYTES } from './inputChecks';
import { SITE_MARKERS } from './calleeCatalog';
import { scanSourceText } from './scanner';
import { isInsideRoot, treePathProblem } from './treePath';
import { NotifierSite, ReadTreeFile, SourceDiagnostic } from './types';

const SOURCE_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

/** Reads a C file with the bad-input checks (size, binary, UTF-8); never throws. */
export async function readSourceFile(
  path: string,
  shownAs = path,
): Promise<{ text?: string; diagnostics: SourceDiagnostic[] }> {
  let bytes: Buffer;
  try {
    const st = await stat(path);
    if (!st.isFile())
      return {
        diagnostics: [{ file: shownAs, severity: 'error', message: `${shownAs}: not a regular file` }],
      };
    bytes = await readFile(path);
  } catch (e) {
    return {
      diagnostics: [
        {
          file: shownAs,
          severity: 'error',
          message: `${shownAs}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        },
      ],
    };
  }
  const refused = checkSourceBytes(shownAs, bytes);
  if (refused) return { diagnostics: [refused] };
  const { text, diagnostic } = decodeSource(shownAs, bytes);
  return { text, diagnostics: diagnostic ? [diagnostic] : [] };
}

/** Every `.c`/`.h` file under root (sorted, absolute). */
export async function listSourceFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) subdirs.push(join(dir, e.name));
      } else if (e.isFile() && SOURCE_FILE.test(e.name)) out.push(join(dir, e.name));
    }
    await Promise.all(subdirs.map(walk));
  };
  await walk(root);
  return out.sort();
}

/**
 * A ReadTreeFile over a folder (for detect and for applying patches in memory). A path that
 * leaves the folder (`..`, absolute, or through a symlink whose real path is outside it) reads
 * as absent: its content is never read.
 */
export function treeFileReader(root: string): ReadTreeFile {
  let realRoot: Promise<string> | undefined;
  return async (rel) => {
    if (treePathProblem(rel)) return undefined;
    try {
      realRoot ??= realpath(root);
      const [base, full] = await Promise.all([realRoot, realpath(join(root, rel))]);
      if (!isInsideRoot(base, full, sep)) return undefined;
      return await readFile(full, 'utf8');
    } catch {
      return undefined;
    }
  };
}

export interface PathScan {
  /** Files whose bytes were read, and how many of them could hold a site (were lexed). */
  filesRead: number;
  filesLexed: number;
  /** Sites with `file` relative to the scanned folder (or the file's base name). */
  sites: NotifierSite[];
  diagnostics: SourceDiagnostic[];
}

const markerBytes = SITE_MARKERS.map((m) => Buffer.from(m));
const READ_BUFFER_BYTES = 8 << 20;

/** Reads up to the buffer's size of a file into `buf` (a reused buffer: no allocation per file). */
function readInto(path: string, buf: Buffer): { length: number; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    return { length: n, size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Scans a file or a folder. For a folder, every `.c`/`.h` file is read into one reused buffer
 * and only the files holding a marker substring are decoded and lexed (the event loop gets a
 * turn every 256 files).
 */
export async function scanPathSites(path: string, variant?: string): Promise<PathScan> {
  const result: PathScan = { filesRead: 0, filesLexed: 0, sites: [], diagnostics: [] };
  let st;
  try {
    st = await stat(path);
  } catch {
    result.diagnostics.push({ file: path, severity: 'error', message: `${path}: no such file or folder` });
    return result;
  }
  const folder = st.isDirectory();
  const files = folder ? await listSourceFiles(path) : [path];
  const buf = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  for (let idx = 0; idx < files.length; idx++) {
    if (idx % 256 === 255) await new Promise<void>((r) => setImmediate(r));
    const shown = folder
      ? relative(path, files[idx]).split(sep).join('/')
      : (files[idx].split(sep).pop() ?? files[idx]);
    let got: { length: number; size: number };
    try {
      got = readInto(files[idx], buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      result.diagnostics.push({ file: shown, severity: 'error', message: `${shown}: cannot read (${code})` });
      continue;
    }
    result.filesRead++;
    const view = buf.subarray(0, got.length);
    if (folder && !markerBytes.some((m) => view.indexOf(m) >= 0)) continue;
    if (got.size > MAX_SOURCE_BYTES) {
      result.diagnostics.push({
        file: shown,
        severity: 'error',
        message: `${shown}: file is ${got.size} bytes, over the 5 MB limit; not scanned`,
      });
      continue;
    }
    const refused = checkSourceBytes(shown, view);
    if (refused) {
      result.diagnostics.push(refused);
      continue;
    }
    const { text, diagnostic } = decodeSource(shown, view);
    if (diagnostic) result.diagnostics.push(diagnostic);
    result.filesLexed++;
    const scan = scanSourceText(text, shown, variant);
    result.sites.push(...scan.sites);
    result.diagnostics.push(...scan.diagnostics);
  }
  return result;
}
