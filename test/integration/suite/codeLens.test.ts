// CodeLens on real kernel files, through VS Code's own command (what the editor calls).
// Expected sites come from the tests' own reading of the file (shared/kernelSites.ts), not
// from the extension's scanner; expected lenses per site from shared/expectedLenses.ts.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findCallSites, type ExpectedSite } from '../shared/kernelSites';
import { E2E_FILE, LENSES_PER_CALL_SITE, SIMULATE_LENS } from '../shared/expectedLenses';
import { EXTENSION_ID, kernelTree, pollLenses, testEvents } from './env';

interface SiteArgs {
  file?: unknown;
  line?: unknown;
  callee?: unknown;
}

function describeLens(l: vscode.CodeLens): string {
  return `line ${l.range.start.line + 1}: "${l.command?.title ?? '(unresolved)'}" -> ${l.command?.command ?? '?'}`;
}

for (const version of ['6.12', '6.1'] as const) {
  describe(`CodeLens on mm/mprotect.c of Linux ${version}`, function () {
    const file = join(kernelTree(version), E2E_FILE);
    let doc: vscode.TextDocument;
    let sites: ExpectedSite[];
    let lenses: vscode.CodeLens[];
    let firstAnswerMs = 0;

    before(async function () {
      this.timeout(90_000);
      sites = findCallSites(readFileSync(file, 'utf8'));
      const t0 = Date.now();
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      lenses = await pollLenses(doc.uri, 60_000);
      firstAnswerMs = Date.now() - t0;
      console.log(
        `  [${version}] ${sites.length} call site(s) in the text; ${lenses.length} lens(es) after ${firstAnswerMs} ms`,
      );
      for (const l of lenses) console.log(`    ${describeLens(l)}`);
    });

    it('the file holds at least one notifier call (sanity of the expectation)', function () {
      assert.ok(sites.length > 0, `no call site found in ${file}`);
      assert.ok(
        sites.some((s) => s.callee === 'mmu_notifier_invalidate_range_start'),
        'mm/mprotect.c calls mmu_notifier_invalidate_range_start()',
      );
    });

    it('the extension is active and answers the CodeLens provider', function () {
      assert.equal(doc.languageId, 'c');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      assert.ok(ext.isActive, `${EXTENSION_ID} is active`);
      assert.ok(lenses.length > 0, `no lens after ${firstAnswerMs} ms`);
    });

    it(`exactly ${LENSES_PER_CALL_SITE.length} lenses per call site, one set on each call line`, function () {
      const expected = sites.flatMap((s) => LENSES_PER_CALL_SITE.map((k) => `${s.line + 1} ${k.command}`));
      const actual = lenses.map((l) => `${l.range.start.line + 1} ${l.command?.command ?? '?'}`);
      assert.deepEqual(
        [...actual].sort(),
        [...expected].sort(),
        `sites: ${sites.map((s) => `${s.line + 1}:${s.callee}`).join(', ')}`,
      );
      assert.equal(lenses.length, sites.length * LENSES_PER_CALL_SITE.length);
    });

    it(`titles start as expected ("${SIMULATE_LENS.titlePrefix}" …)`, function () {
      for (const l of lenses) {
        const kind = LENSES_PER_CALL_SITE.find((k) => k.command === l.command?.command);
        assert.ok(kind, `unexpected lens ${describeLens(l)}`);
        assert.ok(
          l.command?.title.startsWith(kind.titlePrefix),
          `title of ${describeLens(l)} starts with "${kind.titlePrefix}"`,
        );
      }
    });

    it(`"${SIMULATE_LENS.titlePrefix}" lenses pass the site (file, 1-based line, callee) to ${SIMULATE_LENS.command}`, function () {
      const simulate = lenses.filter((l) => l.command?.command === SIMULATE_LENS.command);
      assert.equal(simulate.length, sites.length);
      for (const l of simulate) {
        const site = sites.find((s) => s.line === l.range.start.line);
        assert.ok(site, `no call on the line of ${describeLens(l)}`);
        const args = (l.command?.arguments ?? [])[0] as SiteArgs | undefined;
        assert.ok(args && typeof args === 'object', 'the lens passes an argument object');
        assert.equal(args.line, site.line + 1, 'line');
        assert.equal(args.callee, site.callee, 'callee');
        assert.ok(typeof args.file === 'string' && args.file.endsWith(E2E_FILE), `file ${String(args.file)}`);
      }
    });

    after(async function () {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}

describe('Activation', function () {
  it('runs in ExtensionMode.Test, and activate() reports its duration as a test event', async function () {
    // Only ExtensionMode.Test creates the event log (src/extension/testEvents.ts): getting it
    // at all shows the extension host runs the extension under test in that mode.
    const log = await testEvents();
    console.log('  extension mode: Test (activate() returned its testEvents)');
    const activated = log.history.filter((e) => e.event === 'activated');
    assert.equal(activated.length, 1, 'one "activated" event: activate() ran once in this host');
    const { ms, at } = activated[0];
    // activate()'s start to its providers registered: a span inside this extension host's
    // life (its process started at performance.timeOrigin), ending before now. (How long it
    // may take is for a benchmark, not a timed test.)
    assert.ok(ms >= 0, `activation took ${ms} ms`);
    assert.ok(
      at - ms >= Math.floor(performance.timeOrigin),
      'activation began after the host process started',
    );
    assert.ok(at <= Date.now(), 'activation ended before this check');
    console.log(`  activation (activate() start -> providers registered): ${ms} ms`);
  });
});

describe('Commands', function () {
  it('every contributed command is mmuNotifierLens.* in category "MMU Notifier Lens", and registered', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const pkg = ext.packageJSON as { contributes?: { commands?: { command: string; category?: string }[] } };
    const contributed = pkg.contributes?.commands ?? [];
    assert.ok(contributed.length >= 2, 'at least simulate and showLog');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.match(c.command, /^mmuNotifierLens\.\w/, c.command);
      assert.equal(c.category, 'MMU Notifier Lens', `category of ${c.command}`);
      assert.ok(registered.has(c.command), `${c.command} is registered`);
    }
    for (const id of ['mmuNotifierLens.simulate', 'mmuNotifierLens.showLog']) {
      assert.ok(
        contributed.some((c) => c.command === id),
        `${id} is contributed`,
      );
    }
  });
});
