// The kernel version from the top Makefile's VERSION / PATCHLEVEL / SUBLEVEL / EXTRAVERSION, read
// the way make reads them: logical lines (backslash-newline continues a line), `#` comments,
// `export`/`override` prefixes, the assignment operators `=`, `:=`, `::=`, `?=`, `+=`, and the
// last assignment wins. An assignment inside a conditional (ifeq/ifneq/ifdef/ifndef … endif)
// cannot be decided without evaluating make; when the version depends on one, it is not read
// (detect then goes by the probes) and `problem` says why.
import { printableLine } from '../../safety/printable';

export interface KernelVersion {
  major: number;
  minor: number;
  sublevel: number;
  extra: string;
  /** e.g. "6.1.192" or "6.12.0-rc3". */
  text: string;
  line: number;
}

interface Assignment {
  value: string;
  line: number;
  conditional: boolean;
}

const NAMES = new Set(['VERSION', 'PATCHLEVEL', 'SUBLEVEL', 'EXTRAVERSION']);
const ASSIGN = /^((?:(?:export|override)\s+)*)([A-Za-z_][A-Za-z0-9_]*)\s*(::=|:=|\?=|\+=|=)\s*(.*)$/;
const CONDITIONAL = /^(ifeq|ifneq|ifdef|ifndef)\b/;

/** Strips a make comment: `#` not escaped by a backslash. */
function stripComment(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '#') return s.slice(0, i);
  }
  return s;
}

/** The assignments to the version variables, in order, with their first physical line. */
function versionAssignments(makefile: string): Map<string, Assignment[]> {
  const out = new Map<string, Assignment[]>();
  const physical = makefile.split('\n');
  let depth = 0;
  let inDefine = false;
  for (let i = 0; i < physical.length; i++) {
    const first = i + 1;
    let logical = physical[i].replace(/\r$/, '');
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < physical.length)
      logical = `${logical.slice(0, -1).trimEnd()} ${physical[++i].replace(/\r$/, '').trimStart()}`;
    if (logical.startsWith('\t')) continue; // a recipe line
    const text = stripComment(logical).trim();
    if (inDefine) {
      inDefine = !/^endef\b/.test(text);
      continue;
    }
    if (/^((export|override)\s+)*define\b/.test(text)) {
      inDefine = true;
      continue;
    }
    if (CONDITIONAL.test(text)) depth++;
    else if (/^endif\b/.test(text)) depth = Math.max(0, depth - 1);
    const m = ASSIGN.exec(text);
    if (!m || !NAMES.has(m[2])) continue;
    const list = out.get(m[2]) ?? [];
    const prev = list.length ? list[list.length - 1].value : undefined;
    const value = m[4].trim();
    if (m[3] === '?=' && prev !== undefined) continue;
    list.push({
      value: m[3] === '+=' && prev !== undefined ? `${prev} ${value}`.trim() : value,
      line: first,
      conditional: depth > 0,
    });
    out.set(m[2], list);
  }
  return out;
}

export interface MakefileVersionRead {
  version?: KernelVersion;
  /** Why there is no version, when the Makefile assigns one but it cannot be read. */
  problem?: string;
}

/** The version and, when it cannot be read, why. */
export function readMakefileVersion(makefile: string): MakefileVersionRead {
  const all = versionAssignments(makefile);
  const last = (name: string): Assignment | undefined => all.get(name)?.[(all.get(name)?.length ?? 0) - 1];
  const conditional = [...all.values()].flat().find((a) => a.conditional);
  if (conditional)
    return { problem: `the version is assigned inside a make conditional (Makefile:${conditional.line})` };
  const v = last('VERSION');
  const p = last('PATCHLEVEL');
  if (!v || !p) return {};
  for (const [name, a] of [
    ['VERSION', v],
    ['PATCHLEVEL', p],
  ] as const)
    if (!/^\d{1,4}$/.test(a.value))
      return {
        problem: `${name} is ${JSON.stringify(printableLine(a.value.slice(0, 40)))} (Makefile:${a.line}), not a number`,
      };
  const s = last('SUBLEVEL');
  const e = last('EXTRAVERSION');
  const sublevel = s && /^\d{1,6}$/.test(s.value) ? Number(s.value) : 0;
  const extra = printableLine((e?.value ?? '').slice(0, 64));
  const major = Number(v.value);
  const minor = Number(p.value);
  return {
    version: { major, minor, sublevel, extra, text: `${major}.${minor}.${sublevel}${extra}`, line: v.line },
  };
}

export function parseMakefileVersion(makefile: string): KernelVersion | undefined {
  return readMakefileVersion(makefile).version;
}
