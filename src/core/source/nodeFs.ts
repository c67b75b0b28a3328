// NODE ONLY: the file-system side of the source analysis, for the CLI, the bench and the
// extension host. Everything else in src/core/source is pure and takes text or a
// ReadTreeFile callback; this module is the one place that reads files.
import { readdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { checkSourceBytes, decodeSource, MAX_SOURCE_BYTES } from './inputChecks';
import { scanSourceText } from './scanner';
import { isInsideRoot, treePathProblem } from './treePath';
import { NotifierSite, ReadTreeFile, SourceDiagnostic } from './types';
import { readRegularFile, readRegularPrefixSync } from './regularFile';
import { pushAll } from '../safety/arrays';
import { PREFILTER_READ_BYTES, unreadableWhy } from './sitePrefilter';
import { prefilterTree, type PrefilterWorkers } from './sitePrefilterPool';

const SOURCE_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

/** Reads a C file with the bad-input checks (regular file, size, binary, UTF-8); never throws. */
export async function readSourceFile(
  path: string,
  shownAs = path,
): Promise<{ text?: string; diagnostics: SourceDiagnostic[] }> {
  const got = await readRegularFile(path, MAX_SOURCE_BYTES);
  if (got.refused !== undefined) {
    const tail = got.why === 'error' ? '' : '; not scanned';
    return {
      diagnostics: [{ file: shownAs, severity: 'error', message: `${shownAs}: ${got.refused}${tail}` }],
    };
  }
  const refused = checkSourceBytes(shownAs, got.bytes);
  if (refused) return { diagnostics: [refused] };
  const { text, diagnostic } = decodeSource(shownAs, got.bytes);
  return { text, diagnostics: diagnostic ? [diagnostic] : [] };
}

/**
 * Every regular `.c`/`.h` file under root (sorted, absolute). What is not followed or cannot be
 * read is reported in `diagnostics` (paths relative to root): symbolic links to `.c`/`.h` files
 * (one warning listing them), other non-regular `.c`/`.h` entries, folders that cannot be read.
 */
export async function listSourceFiles(root: string, report: SourceDiagnostic[] = []): Promise<string[]> {
  const out: string[] = [];
  const diagnostics: SourceDiagnostic[] = [];
  const links: string[] = [];
  const shown = (p: string): string => relative(root, p).split(sep).join('/') || '.';
  // Folders are read synchronously, depth first, with a turn for the event loop every 64 of them:
  // on a kernel tree (4,000+ folders) this is 2-3x faster than one readdir promise per folder.
  const pending = [root];
  for (let n = 0; pending.length; n++) {
    if (n % 64 === 63) await new Promise<void>((r) => setImmediate(r));
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      const name = shown(dir);
      diagnostics.push({
        file: name,
        severity: 'warning',
        message: `${name}/: cannot read folder (${code}); not scanned`,
      });
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) pending.push(join(dir, e.name));
      } else if (!SOURCE_FILE.test(e.name)) continue;
      else if (e.isFile()) out.push(join(dir, e.name));
      else if (e.isSymbolicLink()) links.push(shown(join(dir, e.name)));
      else {
        const name = shown(join(dir, e.name));
        diagnostics.push({
          file: name,
          severity: 'warning',
          message: `${name}: not a regular file; not scanned`,
        });
      }
    }
  }
  if (links.length) {
    links.sort();
    const listed = links.slice(0, 5).join(', ') + (links.length > 5 ? `, … (${links.length - 5} more)` : '');
    diagnostics.push({
      file: links[0],
      severity: 'warning',
      message: `${links.length} symbolic link${links.length === 1 ? '' : 's'} to .c/.h files not followed: ${listed}; scan a link's target directly`,
    });
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  pushAll(report, diagnostics);
  return out.sort();
}

/**
 * A ReadTreeFile over a folder (for detect and for applying patches in memory). A path that
 * leaves the folder (`..`, absolute, or through a symlink whose real path is outside it) reads
 * as absent: its content is never read. A file that is not regular, is over the 5 MB limit or
 * cannot be read makes the read reject with the reason (detect reports it as the probe's
 * evidence).
 */
export function treeFileReader(root: string): ReadTreeFile {
  let realRoot: Promise<string> | undefined;
  return async (rel) => {
    if (treePathProblem(rel)) return undefined;
    let full: string;
    try {
      realRoot ??= realpath(root);
      const [base, real] = await Promise.all([realRoot, realpath(join(root, rel))]);
      if (!isInsideRoot(base, real, sep)) return undefined;
      full = real;
    } catch {
      return undefined;
    }
    const got = await readRegularFile(full, MAX_SOURCE_BYTES);
    if (got.refused === undefined) return got.bytes.toString('utf8');
    if (got.why === 'error' && /\((ENOENT|ENOTDIR)\)$/.test(got.refused)) return undefined;
    throw new Error(`${rel}: ${got.refused}; not read`);
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

/** Options of a scan: the prefilter workers (a folder's files are then read on several threads). */
export interface ScanOptions {
  prefilter?: PrefilterWorkers;
}

/**
 * Scans a file or a folder. For a folder, every `.c`/`.h` file's bytes are prefiltered (in
 * parallel when `opts.prefilter` names the worker script: sitePrefilterPool.ts) and only the files
 * holding a marker substring are read again, decoded and lexed, in path order.
 */
export async function scanPathSites(
  path: string,
  variant?: string,
  opts: ScanOptions = {},
): Promise<PathScan> {
  const result: PathScan = { filesRead: 0, filesLexed: 0, sites: [], diagnostics: [] };
  let st;
  try {
    st = await stat(path);
  } catch {
    result.diagnostics.push({ file: path, severity: 'error', message: `${path}: no such file or folder` });
    return result;
  }
  const folder = st.isDirectory();
  const files = folder ? await listSourceFiles(path, result.diagnostics) : [path];
  const shownAs = (file: string): string =>
    folder ? relative(path, file).split(sep).join('/') : (file.split(sep).pop() ?? file);
  // A single file is always read and lexed; a folder's files only when the prefilter found a marker.
  const pre = folder ? await prefilterTree(files, opts.prefilter) : { read: 0, hits: [0], errors: [] };
  result.filesRead = pre.read;
  const unreadable = new Map(pre.errors.map((e) => [e.index, e.why]));
  const order = [...pre.hits, ...unreadable.keys()].sort((a, b) => a - b);
  const buf = Buffer.allocUnsafe(PREFILTER_READ_BYTES);
  for (const idx of order) {
    const shown = shownAs(files[idx]);
    let got: { length: number; size: number };
    try {
      const why = unreadable.get(idx);
      if (why !== undefined) throw new Error(why);
      got = readRegularPrefixSync(files[idx], buf);
    } catch (e) {
      const why = unreadable.get(idx) ?? unreadableWhy(e);
      result.diagnostics.push({ file: shown, severity: 'error', message: `${shown}: ${why}` });
      continue;
    }
    if (!folder) result.filesRead++;
    const view = buf.subarray(0, got.length);
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
    pushAll(result.sites, scan.sites);
    pushAll(result.diagnostics, scan.diagnostics);
  }
  return result;
}
