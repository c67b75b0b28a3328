// Coverage on real trees: every notifier site of Linux 6.12 and 6.1, checked against an
// independent reading with ripgrep plus line filters (no lexer, no brace matching).
// Nothing is hard-coded: the expected sets come from the trees. The line filters have blind
// spots the scanner does not (a call split as `name\n(`, a comment line not starting with `*`,
// a declaration indented by a tab); any such difference would show up in the diff with its
// file:line and must be explained here. On 6.1 and 6.12 there are none: the sets are equal.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFIER_CALLEES } from '../../src/core/source/calleeCatalog';
import { PathScan, scanPathSites } from '../../src/core/source/nodeFs';
import { KernelTreeVersion, requireKernelTree } from './kernelTrees';

const RG = process.env.RG ?? '/usr/bin/rg';

function rg(root: string, args: string[]): string {
  try {
    return execFileSync(RG, [...args, '-g', '*.[ch]', '.'], { cwd: root, maxBuffer: 1 << 28 }).toString();
  } catch (e) {
    const err = e as { status?: number };
    if (err.status === 1) return ''; // rg: no match
    throw e;
  }
}

/** Calls by ripgrep: `file:line:callee`, minus comments, strings, declarations and macro names. */
function expectedCalls(root: string): Set<string> {
  const names = [...NOTIFIER_CALLEES].join('|');
  const out = rg(root, ['-n', '--no-heading', '--with-filename', '-e', `\\b(${names})\\s*\\(`]);
  const set = new Set<string>();
  const re = new RegExp(`\\b(${names})\\s*\\(`, 'g');
  for (const row of out.split('\n')) {
    const m = /^\.\/(.+?):(\d+):(.*)$/.exec(row);
    if (!m) continue;
    const [, file, line, text] = m;
    if (/^\s*\*/.test(text)) continue; // inside a block comment
    for (const hit of text.matchAll(re)) {
      const before = text.slice(0, hit.index);
      if (before.includes('//') || before.lastIndexOf('/*') > before.lastIndexOf('*/')) continue; // comment
      if ((before.match(/"/g) ?? []).length % 2 === 1) continue; // string literal
      if (/^#\s*define\s+$/.test(before)) continue; // the macro being defined
      if (!/^\s/.test(text) && !text.startsWith('#')) continue; // column 0: a declaration or definition
      set.add(`${file}:${line}:${hit[1]}`);
    }
  }
  return set;
}

/** Ops initialiser fields by a multi-line regex over `struct mmu_*notifier_ops NAME = { … }`. */
function expectedOpsFields(root: string): { fields: Set<string>; handlers: Set<string> } {
  const files = rg(root, ['-l', '-e', 'struct\\s+mmu(_interval)?_notifier_ops']).split('\n').filter(Boolean);
  const fields = new Set<string>();
  const handlers = new Set<string>();
  for (const f of files) {
    const file = f.replace(/^\.\//, '');
    const text = readFileSync(join(root, file), 'utf8');
    const init = /struct\s+(mmu(?:_interval)?_notifier_ops)\s+[\w\s]*=\s*\{([^}]*)\}/g;
    for (const m of text.matchAll(init)) {
      const bodyStart = (m.index ?? 0) + m[0].indexOf('{');
      for (const fm of m[2].matchAll(/\.(\w+)\s*=\s*(\w+)?/g)) {
        const off = bodyStart + 1 + (fm.index ?? 0);
        const line = text.slice(0, off).split('\n').length;
        fields.add(`${file}:${line}:${m[1]}.${fm[1]}`);
        const fn = fm[2];
        if (fn && fn !== 'NULL' && new RegExp(`^(?:[a-z_].*\\b)?${fn}\\([^;]*$`, 'm').test(text))
          handlers.add(`${file}:${m[1]}.${fm[1]}:${fn}`);
      }
    }
  }
  return { fields, handlers };
}

function diff(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

for (const version of ['6.12', '6.1'] as KernelTreeVersion[]) {
  describe(`sites coverage on Linux ${version} (scanner vs ripgrep)`, function () {
    this.timeout(120_000);
    let scanned: PathScan | undefined;
    const scanOnce = async (root: string): Promise<PathScan> => (scanned ??= await scanPathSites(root));
    it('finds every call the independent method finds, and nothing else', async function () {
      const root = requireKernelTree(this, version);
      const scan = await scanOnce(root);
      const got = new Set(
        scan.sites.filter((s) => s.kind === 'call').map((s) => `${s.file}:${s.line}:${s.callee}`),
      );
      const want = expectedCalls(root);
      const missing = diff(want, got);
      const extra = diff(got, want);
      console.log(
        `      Linux ${version}: ${got.size} calls by the scanner, ${want.size} by ripgrep; ${missing.length} missing, ${extra.length} extra`,
      );
      assert.deepEqual(missing, [], 'calls ripgrep finds that the scanner misses');
      assert.deepEqual(extra, [], 'calls the scanner reports that ripgrep does not');
      assert.ok(got.size > 150, `too few calls: ${got.size}`);
    });
    it('gives every site an operation and a preset (unknown only for the header wrapper)', async function () {
      const root = requireKernelTree(this, version);
      const scan = await scanOnce(root);
      const unknown = scan.sites
        .filter((s) => s.operation === 'unknown')
        .map((s) => `${s.file}:${s.function}`);
      // mmu_notifier_range_init_owner() only forwards its caller's range: nothing tells the operation.
      assert.deepEqual(unknown, ['include/linux/mmu_notifier.h:mmu_notifier_range_init_owner']);
      const numa = scan.sites.filter((s) => s.file === 'mm/mprotect.c' && s.kind === 'call');
      const fn = version === '6.12' ? 'change_pud_range' : 'change_pmd_range';
      assert.deepEqual(
        numa.map((s) => `${s.callee} @${s.function} ${s.event} ${s.operation} ${s.scenario.preset}`),
        [
          'mmu_notifier_range_init',
          'mmu_notifier_invalidate_range_start',
          'mmu_notifier_invalidate_range_end',
        ].map((c) => `${c} @${fn} MMU_NOTIFY_PROTECTION_VMA numa_balancing vfio-boot`),
      );
      assert.ok(
        scan.sites.every((s) => s.scenario.preset === 'vfio-boot' || s.scenario.preset.startsWith('op-')),
      );
    });
    it('finds every ops initialiser field and the handlers defined in the same file', async function () {
      const root = requireKernelTree(this, version);
      const scan = await scanOnce(root);
      const got = new Set(
        scan.sites.filter((s) => s.kind === 'ops_field').map((s) => `${s.file}:${s.line}:${s.callee}`),
      );
      const gotHandlers = new Set(
        scan.sites.filter((s) => s.kind === 'handler').map((s) => `${s.file}:${s.callee}:${s.handler}`),
      );
      const { fields, handlers } = expectedOpsFields(root);
      console.log(
        `      Linux ${version}: ${got.size} ops fields (ripgrep ${fields.size}), ${gotHandlers.size} handlers (regex ${handlers.size})`,
      );
      assert.deepEqual(diff(fields, got), []);
      assert.deepEqual(diff(got, fields), []);
      assert.deepEqual(diff(handlers, gotHandlers), []);
      assert.deepEqual(diff(gotHandlers, handlers), []);
      assert.ok(got.size >= 35, `too few ops fields: ${got.size}`);
    });
  });
}
