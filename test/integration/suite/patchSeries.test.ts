// Lenses in patch files: the RFC v2 series as `b4 am` leaves it (test/fixtures/series/rfc-v2).
// Expected call sites come from the tests' own reading of each patch (shared/patchSites.ts):
// every call gets "▶ Simulate" and "Compare…" on its line in the patch; "Compare…" appears
// on no other line. (Subscriber sites, `.numa_protect = …`, get a "▶ Simulate" lens only.)
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LENSES_PER_CALL_SITE, SIMULATE_LENS } from '../shared/expectedLenses';
import { findPatchCallSites } from '../shared/patchSites';
import { EXTENSION_ID, kernelTree, pollLenses, waitForEvent } from './env';
import { repoRoot, simulateAndRender, type SiteArgs } from './story';
import { runSeriesWorker } from '../../../src/extension/seriesVariant';
import { openKernelFunction } from '../../../src/extension/sourceNavigation';
import { treePathProblem } from '../../../src/core/source';

const COMPARE_LENS = LENSES_PER_CALL_SITE.find((k) => k.command !== SIMULATE_LENS.command);

describe('Lenses in the RFC v2 patch series (test/fixtures/series/rfc-v2)', function () {
  const dir = join(repoRoot(), 'test/fixtures/series/rfc-v2');
  const patches = readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .sort();

  it('the fixture series is there (cover letter + 5 patches)', function () {
    assert.equal(patches.length, 6, patches.join(', '));
  });

  for (const name of patches) {
    it(`${name}: lenses on exactly its notifier calls`, async function () {
      this.timeout(60_000);
      const file = join(dir, name);
      const expected = findPatchCallSites(readFileSync(file, 'utf8'));
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      // A patch with no call may legitimately have no lens: then ask once the others answered.
      const lenses = await pollLenses(doc.uri, expected.length ? 30_000 : 1_000);
      const lines = (cmd: string): number[] =>
        lenses.filter((l) => l.command?.command === cmd).map((l) => l.range.start.line + 1);
      const want = expected.map((s) => s.line + 1);
      console.log(
        `  ${name}: calls at ${want.join(', ') || '-'}; simulate ${lines(SIMULATE_LENS.command).join(', ') || '-'}`,
      );
      assert.equal(doc.languageId, 'diff');
      assert.ok(COMPARE_LENS, 'a Compare lens kind');
      assert.deepEqual(lines(COMPARE_LENS.command), want, 'Compare… lenses: one per call, on its patch line');
      for (const l of want)
        assert.ok(lines(SIMULATE_LENS.command).includes(l), `▶ Simulate on patch line ${l}`);
      for (const l of lenses.filter((x) => x.command?.command === SIMULATE_LENS.command))
        assert.ok(l.command?.title.startsWith(SIMULATE_LENS.titlePrefix), l.command?.title);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  }

  it('0005 (KVM): the new .numa_protect subscriber gets a "▶ Simulate" lens', async function () {
    const name = patches.find((p) => p.startsWith('0005-'));
    assert.ok(name);
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8').split('\n');
    const line = text.findIndex((l) => /^\+\s*\.numa_protect\s*=\s*kvm_mmu_notifier_numa_protect/.test(l));
    assert.ok(line >= 0, 'the patch adds .numa_protect = kvm_mmu_notifier_numa_protect');
    const lenses = await pollLenses(vscode.Uri.file(file), 30_000);
    const here = lenses.filter(
      (l) => l.range.start.line === line && l.command?.command === SIMULATE_LENS.command,
    );
    assert.equal(
      here.length,
      1,
      `lenses: ${lenses.map((l) => `${l.range.start.line + 1} ${l.command?.title}`).join('; ')}`,
    );
  });

  it('patch 4 alone on the 6.12 workspace applies with fuzz: lenses compare v6.12 with v6.12 + series rules', async function () {
    this.timeout(60_000);
    const name = patches.find((p) => p.startsWith('0004-'));
    assert.ok(name);
    const file = join(dir, name);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    await pollLenses(doc.uri, 30_000);
    const hook = await waitForEvent('seriesVariant', (e) => e.file === file, 30_000);
    if ('error' in hook) assert.fail(`the series was not analysed: ${hook.error}`);
    assert.equal(hook.basis, 'applied', JSON.stringify(hook));
    assert.equal(hook.variant, 'v6.12+callNumaProtect');
    assert.equal(hook.label, 'v6.12 + series rules');
    const titles = (await pollLenses(doc.uri, 30_000))
      .map((l) => l.command?.title ?? '')
      .filter((t) => t.startsWith(SIMULATE_LENS.titlePrefix));
    assert.ok(titles.length > 0);
    for (const t of titles) assert.ok(t.endsWith('· v6.12 vs v6.12 + series rules'), t);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('An RFC-v2-shaped mbox (test/fixtures/series/rfc-v2-on-6.5.mbx), written on a later tree', function () {
  const mbox = join(repoRoot(), 'test/fixtures/series/rfc-v2-on-6.5.mbx');

  it('on the 6.12 workspace: says what does not apply, and its lens simulates v6.12 + series rules', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(mbox));
    await vscode.window.showTextDocument(doc);
    await pollLenses(doc.uri, 30_000);
    const hook = await waitForEvent('seriesVariant', (e) => e.file === mbox, 60_000);
    if ('error' in hook) assert.fail(`the mbox was not analysed: ${hook.error}`);
    console.log(`  6.12 + series: ${hook.summary}`);
    assert.equal(hook.basis, 'series rules');
    assert.equal(hook.label, 'v6.12 + series rules');
    assert.match(
      hook.summary,
      /hunks do not apply to this v6\.12 tree; the series itself introduces MMU_NOTIFIER_RANGE_NUMA/,
    );
    const rules = hook.fromSeries.map((r) => `${r.rule} ${r.patch.slice(0, 3)}`);
    assert.ok(rules.includes('numaRangeFlag 1/5') && rules.includes('kvmDeferNumaZap 5/5'), rules.join(', '));
    const lenses = await pollLenses(doc.uri, 30_000);
    const lens = lenses.find((l) => (l.command?.title ?? '').endsWith('· v6.12 vs v6.12 + series rules'));
    assert.ok(lens?.command, lenses.map((l) => l.command?.title).join('; '));
    const { run } = await simulateAndRender(lens.command.arguments?.[0] as SiteArgs, 90_000);
    assert.deepEqual(
      run.results.map((r) => r.variant),
      ['v6.12', String(hook.variant)],
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('on a 6.1 tree (the series worker in this VS Code): all five patches apply, patch 1 with fuzz, rfc-v2', async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const answer = await runSeriesWorker(ext.extensionPath, {
      text: readFileSync(mbox, 'utf8'),
      fileName: 'rfc-v2-on-6.5.mbx',
      root: kernelTree('6.1'),
    });
    assert.equal(answer.type, 'result');
    if (answer.type !== 'result') return;
    console.log(`  6.1 + series: ${answer.summary}`);
    assert.equal(answer.variant, 'rfc-v2');
    assert.equal(answer.basis, 'applied');
    assert.deepEqual(
      answer.outcomes.map((o) => `${o.status}${o.fuzz ? ` ${o.fuzz}` : ''}`),
      ['applied with fuzz 3', 'applied', 'applied', 'applied', 'applied'],
    );
  });

  it('a forged openSource path from the page (../../etc/passwd) is refused, nothing opened', async function () {
    const before = vscode.window.visibleTextEditors.length;
    // openKernelFunction is this bundle's copy of the extension's function (its test events
    // go nowhere), so the reason is read from the core check it applies.
    const ref = { file: '../../../../etc/passwd', fn: 'root' };
    const editor = await openKernelFunction(ref);
    assert.equal(editor, undefined);
    assert.match(treePathProblem(ref.file) ?? '', /climbs out of the tree/);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === '/etc/passwd'));
    assert.ok(vscode.window.visibleTextEditors.length <= before);
  });
});
