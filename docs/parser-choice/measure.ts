// Reproduces the numbers in docs/parser-choice.md. Not part of the build or the tests:
//   mkdir /tmp/tseval && cd /tmp/tseval && npm i web-tree-sitter@0.25.10 tree-sitter-c@0.24.1
//   NODE_PATH=/tmp/tseval/node_modules npx tsx docs/parser-choice/measure.ts ~/.cache/mmu-notifier-lens/linux-6.12
// Oracle for "correct enclosing function": universal-ctags (`ctags --fields=+ne`): every line
// strictly inside a ctags function [line, end] must be attributed to that function.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexC } from '../../src/core/source/cLexer';
import { analyzeStructure } from '../../src/core/source/cStructure';
import { scanSites } from '../../src/core/source/siteScanner';

/* eslint-disable @typescript-eslint/no-require-imports */
const TS = require('web-tree-sitter') as typeof import('web-tree-sitter');

const FILES = [
  'mm/memory.c',
  'mm/huge_memory.c',
  'virt/kvm/kvm_main.c',
  'drivers/gpu/drm/amd/amdgpu/amdgpu_hmm.c',
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface CtagsFn {
  name: string;
  line: number;
  end: number;
}
function ctagsFunctions(path: string): CtagsFn[] {
  const out = execFileSync('ctags', [
    '--output-format=json',
    '--kinds-C=f',
    '--fields=+ne',
    '-o',
    '-',
    path,
  ]).toString();
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CtagsFn)
    .filter((f) => f.end > f.line);
}

/** Lexer: owner per line (the owner of the first token on that line). */
function lexerLineOwners(text: string): Map<number, string> {
  const ts = lexC(text);
  const st = analyzeStructure(ts);
  const m = new Map<number, string>();
  for (let i = 0; i < ts.count; i++) {
    if (m.has(ts.line[i]) || st.inDirective[i]) continue; // preprocessor lines are not counted
    const o = st.tokenOwner[i];
    m.set(ts.line[i], o >= 0 && st.owners[o].kind === 'function' ? st.owners[o].name : '');
  }
  return m;
}

type Node = import('web-tree-sitter').Node;
function tsFunctionName(fn: Node): string {
  let d: Node | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator') ?? d.namedChild(0);
  const id = d?.childForFieldName('declarator');
  return id?.text ?? '';
}
function tsLineOwners(tree: import('web-tree-sitter').Tree): Map<number, string> {
  const m = new Map<number, string>();
  const visit = (n: Node): void => {
    if (n.type === 'function_definition') {
      const name = tsFunctionName(n);
      for (let l = n.startPosition.row + 1; l <= n.endPosition.row + 1; l++) m.set(l, name);
      return; // nested definitions are not C
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(tree.rootNode);
  return m;
}

async function main(): Promise<void> {
  const root = process.argv[2];
  await TS.Parser.init();
  const grammar = require.resolve('tree-sitter-c/tree-sitter-c.wasm');
  const tInit = performance.now();
  const C = await TS.Language.load(grammar);
  const parser = new TS.Parser();
  parser.setLanguage(C);
  console.log(`tree-sitter init (load grammar wasm): ${(performance.now() - tInit).toFixed(1)} ms`);
  for (const rel of FILES) {
    const path = join(root, rel);
    const text = readFileSync(path, 'utf8');
    const fns = ctagsFunctions(path);
    // Speed: first call in the process ("cold") and median of 15 more.
    const timeIt = (f: () => unknown): { cold: number; median: number } => {
      const t0 = performance.now();
      f();
      const cold = performance.now() - t0;
      const runs: number[] = [];
      for (let r = 0; r < 15; r++) {
        const t = performance.now();
        f();
        runs.push(performance.now() - t);
      }
      return { cold, median: median(runs) };
    };
    const lexT = timeIt(() => analyzeStructure(lexC(text)));
    const scanT = timeIt(() => scanSites(text, { file: rel }));
    const tsT = timeIt(() => parser.parse(text)?.delete());
    const tree = parser.parse(text);
    if (!tree) throw new Error('no tree');
    let errors = 0;
    const countErrors = (n: Node): void => {
      if (n.type === 'ERROR' || n.isMissing) errors++;
      for (const c of n.children) if (c && c.hasError) countErrors(c);
      if (n.type !== 'ERROR' && !n.isMissing) return;
    };
    countErrors(tree.rootNode);
    const lexOwners = lexerLineOwners(text);
    const tsOwners = tsLineOwners(tree);
    let lines = 0;
    let lexOk = 0;
    let tsOk = 0;
    const fnLex = new Set<string>();
    const fnTs = new Set<string>();
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    for (const f of fns) {
      let allLex = true;
      let allTs = true;
      // Body lines only: after the line of the first `{` from the ctags start line.
      const brace = text.indexOf('{', lineStarts[f.line - 1]);
      const bodyLine = text.slice(0, brace).split('\n').length;
      for (let l = bodyLine + 1; l < f.end; l++) {
        if (!lexOwners.has(l)) continue; // blank or comment-only line
        lines++;
        const a = lexOwners.get(l) === f.name;
        const b = tsOwners.get(l) === f.name;
        lexOk += a ? 1 : 0;
        tsOk += b ? 1 : 0;
        allLex &&= a;
        allTs &&= b;
      }
      if (!allLex) fnLex.add(f.name);
      if (!allTs) fnTs.add(f.name);
    }
    // Sites: the enclosing function the scanner reports vs ctags.
    const sites = scanSites(text, { file: rel }).sites.filter((s) => s.kind === 'call');
    const ctagsAt = (line: number): string => fns.find((f) => f.line <= line && line <= f.end)?.name ?? '';
    const siteLexOk = sites.filter((s) => s.function === ctagsAt(s.line)).length;
    const siteTsOk = sites.filter((s) => tsOwners.get(s.line) === ctagsAt(s.line)).length;
    tree.delete();
    console.log(
      JSON.stringify({
        file: rel,
        kb: Math.round(text.length / 1024),
        ctagsFunctions: fns.length,
        lexer: {
          cold_ms: +lexT.cold.toFixed(2),
          median_ms: +lexT.median.toFixed(2),
          scan_median_ms: +scanT.median.toFixed(2),
          lines_ok: `${lexOk}/${lines}`,
          functions_wrong: [...fnLex].slice(0, 8),
          sites_ok: `${siteLexOk}/${sites.length}`,
        },
        treeSitter: {
          cold_ms: +tsT.cold.toFixed(2),
          median_ms: +tsT.median.toFixed(2),
          error_nodes: errors,
          lines_ok: `${tsOk}/${lines}`,
          functions_wrong_count: fnTs.size,
          functions_wrong: [...fnTs].slice(0, 8),
          sites_ok: `${siteTsOk}/${sites.length}`,
        },
      }),
    );
  }
}
/** Half-typed edits on mm/memory.c: do the sites keep their enclosing function? */
async function edits(root: string): Promise<void> {
  const parser = new TS.Parser();
  parser.setLanguage(await TS.Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm')));
  const path = join(root, 'mm/memory.c');
  const orig = readFileSync(path, 'utf8');
  const fns = ctagsFunctions(path);
  const ctagsAt = (line: number): string => fns.find((f) => f.line <= line && line <= f.end)?.name ?? '';
  const lines = orig.split('\n');
  const firstFn = fns.sort((a, b) => a.line - b.line)[Math.floor(fns.length / 4)];
  const cases: Record<string, string[]> = {
    // A function's closing brace deleted (a quarter into the file).
    'missing }': lines.filter((_, i) => i !== firstFn.end - 1),
    // An `if (…) {` typed without its `}`, same place (lines shift by one).
    'unclosed if {': [
      ...lines.slice(0, firstFn.end - 2),
      '\tif (vmf->flags & FAULT_FLAG_WRITE) {',
      ...lines.slice(firstFn.end - 2),
    ],
    // A call typed halfway: `mmu_notifier_invalidate_range_start(&range` with no `)`.
    'half call': [
      ...lines.slice(0, firstFn.end - 2),
      '\tmmu_notifier_invalidate_range_start(&range',
      ...lines.slice(firstFn.end - 2),
    ],
  };
  for (const [name, edited] of Object.entries(cases)) {
    const text = edited.join('\n');
    const shift = name === 'missing }' ? -1 : 1;
    const orig2edited = (l: number): number => (l >= firstFn.end ? l + shift : l);
    const origSites = scanSites(orig, { file: 'memory.c' }).sites.filter((s) => s.kind === 'call');
    const after = scanSites(text, { file: 'memory.c' }).sites.filter((s) => s.kind === 'call');
    const lexOk = origSites.filter((s) =>
      after.some((a) => a.line === orig2edited(s.line) && a.function === ctagsAt(s.line)),
    ).length;
    const tree = parser.parse(text);
    if (!tree) continue;
    const owners = tsLineOwners(tree);
    const tsOk = origSites.filter((s) => owners.get(orig2edited(s.line)) === ctagsAt(s.line)).length;
    tree.delete();
    console.log(
      JSON.stringify({
        edit: name,
        at_line: firstFn.end,
        sites: origSites.length,
        lexer_ok: lexOk,
        treeSitter_ok: tsOk,
      }),
    );
  }
}

void main().then(() => edits(process.argv[2]));
