// Fuzzing the applier with real-shaped patches built from real kernel text (#14 item 8): edits
// at random places of real Linux 6.1 files (mm/mprotect.c, mm/huge_memory.c, virt/kvm/kvm_main.c,
// include/linux/mmu_notifier.h) written as git-style hunks (3 context lines, the funcname
// section git prints), applied to the file as it is, shifted (offsets) and with drifted context
// (fuzz). The applied text must be exactly the edited file on every case, and on a sample it
// must be byte for byte what GNU patch (`patch -p1 -F3`) writes.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { applySeries, parsePatchSeries } from '../../src/core/source/patch';
import { requireKernelTree } from './kernelTrees';

const FILES = ['mm/mprotect.c', 'mm/huge_memory.c', 'virt/kvm/kvm_main.c', 'include/linux/mmu_notifier.h'];
const CONTEXT = 3;

interface Edit {
  /** 0-based first line replaced, lines removed, lines added. */
  at: number;
  remove: number;
  add: string[];
}

const funcname = (l: string): boolean => /^[A-Za-z_$]/.test(l) && !/^[A-Za-z_]\w*:\s*($|\/[/*])/.test(l);

function sectionBefore(lines: string[], at: number): string {
  for (let i = at - 1; i >= 0; i--) if (funcname(lines[i])) return lines[i].slice(0, 80).trimEnd();
  return '';
}

/** A git-style patch of `path` with `edits` (sorted, far apart), and the edited lines. */
function makePatch(path: string, lines: string[], edits: Edit[]): { patch: string; after: string[] } {
  const out: string[] = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  const after: string[] = [];
  let copied = 0;
  let delta = 0;
  for (const e of edits) {
    const start = Math.max(0, e.at - CONTEXT);
    const end = Math.min(lines.length, e.at + e.remove + CONTEXT);
    const oldCount = end - start;
    const newCount = oldCount - e.remove + e.add.length;
    const section = sectionBefore(lines, start);
    out.push(
      `@@ -${start + 1},${oldCount} +${start + 1 + delta},${newCount} @@${section ? ` ${section}` : ''}`,
    );
    for (let i = start; i < e.at; i++) out.push(` ${lines[i]}`);
    for (let i = e.at; i < e.at + e.remove; i++) out.push(`-${lines[i]}`);
    for (const a of e.add) out.push(`+${a}`);
    for (let i = e.at + e.remove; i < end; i++) out.push(` ${lines[i]}`);
    after.push(...lines.slice(copied, e.at), ...e.add);
    copied = e.at + e.remove;
    delta += e.add.length - e.remove;
  }
  after.push(...lines.slice(copied));
  return { patch: out.join('\n') + '\n', after };
}

/** Whether the hunk's old lines occur once in the file (else GNU patch and we may both pick another place). */
function unique(text: string, lines: string[], e: Edit): boolean {
  const old = lines.slice(Math.max(0, e.at - CONTEXT), e.at + e.remove + CONTEXT).join('\n');
  const first = text.indexOf(old);
  return first >= 0 && text.indexOf(old, first + 1) < 0;
}

type Shape = 'exact' | 'offset' | 'fuzz';

const caseArb = fc.record({
  file: fc.constantFrom(...FILES),
  sites: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
  remove: fc.array(fc.nat({ max: 3 }), { minLength: 4, maxLength: 4 }),
  add: fc.array(fc.nat({ max: 3 }), { minLength: 4, maxLength: 4 }),
  shift: fc.integer({ min: 1, max: 40 }),
  shape: fc.constantFrom<Shape>('exact', 'offset', 'fuzz'),
});

interface Built {
  path: string;
  patch: string;
  tree: string;
  expected: string;
  shape: Shape;
  hunks: number;
  shift: number;
}

function build(texts: Map<string, string>, c: CaseValue): Built | undefined {
  const text = texts.get(c.file) ?? '';
  const lines = text.slice(0, -1).split('\n');
  const edits: Edit[] = [];
  const picks = [...new Set(c.sites.map((x) => Math.floor(x * (lines.length - 20)) + 10))].sort(
    (a, b) => a - b,
  );
  let last = -Infinity;
  for (const [k, at] of picks.entries()) {
    const e: Edit = {
      at,
      remove: c.remove[k],
      add: Array.from({ length: c.add[k] }, (_, j) => `\t/* lens fuzz edit ${k}.${j} */`),
    };
    if (e.remove === 0 && e.add.length === 0) e.add.push('\t/* lens fuzz edit */');
    if (at - CONTEXT <= last + CONTEXT + 2 || at + e.remove + CONTEXT >= lines.length) continue;
    if (!unique(text, lines, e)) continue;
    edits.push(e);
    last = at + e.remove;
  }
  if (edits.length === 0) return undefined;
  const { patch, after } = makePatch(c.file, lines, edits);
  let treeLines = [...lines];
  let expected = [...after];
  if (c.shape === 'offset') {
    const filler = Array.from({ length: c.shift }, (_, j) => `/* lens offset filler ${j} */`);
    treeLines = [...filler, ...treeLines];
    expected = [...filler, ...expected];
  } else if (c.shape === 'fuzz') {
    // Drift each hunk's first context line in the tree: the applier must keep the tree's version.
    let shiftAfter = 0;
    for (const e of edits) {
      const i = e.at - CONTEXT;
      const drifted = `${lines[i]} /* drifted */`;
      treeLines[i] = drifted;
      expected[i + shiftAfter] = drifted;
      shiftAfter += e.add.length - e.remove;
    }
  }
  return {
    path: c.file,
    patch,
    tree: treeLines.join('\n') + '\n',
    expected: expected.join('\n') + '\n',
    shape: c.shape,
    hunks: edits.length,
    shift: c.shift,
  };
}

type CaseValue = {
  file: string;
  sites: number[];
  remove: number[];
  add: number[];
  shift: number;
  shape: Shape;
};

async function applyBuilt(b: Built) {
  return applySeries(parsePatchSeries(b.patch, 'fuzz.patch'), async (p) =>
    p === b.path ? b.tree : undefined,
  );
}

describe('patch apply fuzz on real kernel text (Linux 6.1 files)', function () {
  let texts: Map<string, string>;
  before(function () {
    const root = requireKernelTree(this, '6.1');
    texts = new Map(FILES.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
  });

  it('3,000 real-shaped patches: exact text, offsets and fuzz as built, every hunk placed', async () => {
    let applied = 0;
    const shapes = { exact: 0, offset: 0, fuzz: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const b = build(texts, c);
        if (!b) return;
        const a = await applyBuilt(b);
        assert.deepEqual(a.failures, [], b.patch);
        assert.equal(a.files.get(b.path), b.expected);
        const placed = a.outcomes[0].placed;
        assert.equal(placed.length, b.hunks);
        for (const p of placed) {
          assert.equal(p.offset, b.shape === 'offset' ? b.shift : 0);
          assert.equal(p.fuzz, b.shape === 'fuzz' ? 1 : 0);
        }
        applied++;
        shapes[b.shape]++;
      }),
      { numRuns: 3000, seed: 14 },
    );
    console.log(`      ${applied} applied and checked (${JSON.stringify(shapes)})`);
    assert.ok(applied >= 2500, `only ${applied} of 3000 cases built a patch`);
  });

  it('200 of them through GNU patch -F3: the same text, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-gnu-fuzz-'));
    let compared = 0;
    try {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const b = build(texts, c);
          if (!b) return;
          const target = join(dir, b.path);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, b.tree);
          writeFileSync(join(dir, 'x.patch'), b.patch);
          execFileSync('patch', ['-p1', '-F3', '-s', '-i', 'x.patch'], { cwd: dir, stdio: 'pipe' });
          const a = await applyBuilt(b);
          assert.equal(a.files.get(b.path), readFileSync(target, 'utf8'));
          compared++;
        }),
        { numRuns: 200, seed: 41 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(compared >= 150, `only ${compared} compared`);
  });
});
