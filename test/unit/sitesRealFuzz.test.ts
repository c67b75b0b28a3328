// Fuzzing the scanner with real kernel text (issue 14, item 8). The token-soup fuzz almost never
// holds a site; these inputs are pieces of the Linux 6.12 files that hold them (mm/mprotect.c,
// virt/kvm/kvm_main.c, mm/memory.c, ...), cut at top-level definitions and then mutated: bytes
// deleted, duplicated or inserted (braces, comment and string openers, directives), lines swapped,
// the text truncated. On every case the exact-position assertions run: each site's range covers
// its callee (or field, or handler) in the text. Two metamorphic properties hold positions to the
// real files: a piece scanned alone finds the sites the whole-file scan finds in it, at the same
// columns and relative lines; a line inserted above shifts every site below by one line (this
// found that a directive line between two fields of an ops initialiser hid the next field).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanSourceText } from '../../src/core/source/scanner';
import { NotifierSite } from '../../src/core/source/types';
import { requireKernelTree } from './kernelTrees';

const FILES = [
  'mm/mprotect.c',
  'virt/kvm/kvm_main.c',
  'mm/memory.c',
  'mm/huge_memory.c',
  'mm/rmap.c',
  'mm/mmu_notifier.c',
  'mm/madvise.c',
  'mm/ksm.c',
  'mm/khugepaged.c',
  'mm/mremap.c',
  'mm/hugetlb.c',
  'mm/migrate_device.c',
  'mm/hmm.c',
  'fs/proc/task_mmu.c',
  'arch/x86/kvm/mmu/tdp_mmu.c',
  'arch/x86/kernel/cpu/sgx/encl.c',
];

const PIECES = [
  '{',
  '}',
  '(',
  ')',
  ';',
  '/*',
  '*/',
  '//',
  '"',
  "'",
  '\\',
  '#if 0\n',
  '#endif\n',
  '#define M ',
  '\n',
  '\r\n',
  '\t',
  ' ',
];

interface Piece {
  file: string;
  /** 1-based line of the piece's first line in the file. */
  firstLine: number;
  text: string;
}

/** The file cut after each line that closes a top-level definition (`}` or `};` in column 0). */
function topLevelPieces(file: string, text: string): Piece[] {
  const lines = text.split('\n');
  const out: Piece[] = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^\}\s*;?\s*$/.test(lines[i]) || i === lines.length - 1) {
      out.push({ file, firstLine: start + 1, text: lines.slice(start, i + 1).join('\n') + '\n' });
      start = i + 1;
    }
  }
  return out;
}

/** Every site's range covers exactly its callee, field or handler; every diagnostic names the file. */
function checkExactRanges(text: string, sites: NotifierSite[]): void {
  const lines = text.split('\n');
  for (const s of sites) {
    assert.ok(s.line >= 1 && s.line <= lines.length, `line ${s.line} out of range`);
    assert.ok(s.column >= 0 && s.column < s.endColumn, 'empty or negative range');
    const covered = lines[s.line - 1].replace(/\r$/, '').slice(s.column, s.endColumn);
    if (s.kind === 'call') assert.equal(covered, s.callee);
    else if (s.kind === 'ops_field')
      assert.equal(covered.replace(/^\.\s*/, '.'), `.${s.callee.split('.')[1]}`);
    else assert.equal(covered, s.handler);
  }
}

type Mutation =
  | { kind: 'delete' | 'dup'; at: number; len: number }
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete' as const, 'dup' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 60 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const n = Math.max(1, text.length);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, m.at % n) + text.slice((m.at % n) + m.len);
    case 'dup':
      return text.slice(0, (m.at % n) + m.len) + text.slice(m.at % n);
    case 'insert':
      return text.slice(0, m.at % n) + m.piece + text.slice(m.at % n);
    case 'swap': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, Math.max(n >> 2, m.at % n));
  }
}

describe('site scanner fuzz on real kernel text (Linux 6.12, mutated)', function () {
  this.timeout(120_000);
  const pieces: Piece[] = [];
  const fileSites = new Map<string, NotifierSite[]>();

  before(function () {
    const root = requireKernelTree(this, '6.12');
    for (const file of FILES) {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        continue;
      }
      fileSites.set(file, scanSourceText(text, file).sites);
      for (const p of topLevelPieces(file, text))
        if (/mmu_(interval_)?notifier/.test(p.text) && scanSourceText(p.text, file).sites.length)
          pieces.push(p);
    }
  });

  it('the pieces hold sites: at least 30 pieces from at least 12 files', () => {
    assert.ok(pieces.length >= 30, `${pieces.length} pieces with sites`);
    assert.ok(new Set(pieces.map((p) => p.file)).size >= 12);
  });

  it('a piece scanned alone finds the whole-file sites in it, at the same columns and lines', () => {
    let compared = 0;
    for (const p of pieces) {
      const end = p.firstLine + p.text.split('\n').length - 1;
      // Pieces inside a preprocessor conditional or a macro continuation can read differently alone.
      if (/^#\s*(if|else|elif|endif)|\\\n/m.test(p.text)) continue;
      // Handlers are named by an ops initialiser elsewhere in the file: context, not position.
      const whole = (fileSites.get(p.file) ?? [])
        .filter((s) => s.kind !== 'handler' && s.line >= p.firstLine && s.line < end)
        .map(
          (s) => `${s.line - p.firstLine + 1}:${s.column}-${s.endColumn} ${s.kind} ${s.callee} ${s.function}`,
        );
      const alone = scanSourceText(p.text, p.file)
        .sites.filter((s) => s.kind !== 'handler')
        .map((s) => `${s.line}:${s.column}-${s.endColumn} ${s.kind} ${s.callee} ${s.function}`);
      assert.deepEqual(alone, whole, `${p.file}:${p.firstLine}`);
      compared += alone.length;
    }
    assert.ok(compared >= 60, `${compared} sites compared`);
  });

  it('4,000 mutated pieces: never throws, and every site range is exact (most cases hold sites)', () => {
    let withSites = 0;
    let sites = 0;
    const t0 = performance.now();
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (k, ms) => {
        const p = pieces[k % pieces.length];
        const text = ms.reduce(mutate, p.text);
        const r = scanSourceText(text, p.file);
        checkExactRanges(text, r.sites);
        for (const d of r.diagnostics) assert.ok(d.message.startsWith(p.file), d.message);
        if (r.sites.length) withSites++;
        sites += r.sites.length;
      }),
      { numRuns: 4000, seed: 20261201 },
    );
    console.log(
      `      4,000 mutated pieces (${withSites} with sites, ${sites} sites) in ${Math.round(performance.now() - t0)} ms`,
    );
    assert.ok(withSites >= 2000, `${withSites} of 4,000 cases held a site`);
  });

  it('a line inserted above a site moves it down one line, same columns (1,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.constantFrom('\n', '/* x */\n', '// mmu_notifier\n', '#include <x.h>\n'),
        (k, at, line) => {
          const p = pieces[k % pieces.length];
          const lines = p.text.split('\n');
          const cut = at % lines.length;
          // Only at a line that starts a statement or a definition (not inside a comment or a macro).
          const before = lines.slice(0, cut).join('\n');
          if (/\/\*(?![^]*\*\/)/.test(before) || /\\$/.test(lines[cut - 1] ?? '')) return;
          const moved = [...lines.slice(0, cut), line.replace(/\n$/, ''), ...lines.slice(cut)].join('\n');
          const a = scanSourceText(p.text, p.file).sites;
          const b = scanSourceText(moved, p.file).sites;
          assert.deepEqual(
            b.map((s) => `${s.line}:${s.column} ${s.callee}`),
            a.map((s) => `${s.line >= cut + 1 ? s.line + 1 : s.line}:${s.column} ${s.callee}`),
          );
        },
      ),
      { numRuns: 1000, seed: 5 },
    );
  });
});
