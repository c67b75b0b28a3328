// The editor as a reviewer uses it on Linux 6.12's mm/mprotect.c: "Show in timeline" from the
// cursor on a notifier call, and lenses that stay put while a half-typed edit is in the buffer.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { E2E_CALL_TEXT, E2E_FILE } from '../shared/expectedLenses';
import { kernelTree, pollLenses, waitForEvent } from './env';

const SHOW_IN_TIMELINE = 'mmuNotifierLens.showInTimeline';

interface ShownSite {
  fn?: unknown;
  preset?: unknown;
  line?: unknown;
}

/**
 * Opens mm/mprotect.c of the 6.12 tree, or (scratch) a copy of it in a temporary folder: the tests
 * that edit the buffer edit the copy, so that no dialog, crash or stray save can ever write into the
 * shared kernel tree that every test run reads.
 */
async function openMprotect(
  scratch = false,
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  let file = join(kernelTree('6.12'), E2E_FILE);
  if (scratch) {
    const dir = mkdtempSync(join(tmpdir(), 'mnl-edit-'));
    copyFileSync(file, join(dir, 'mprotect.c'));
    file = join(dir, 'mprotect.c');
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  return { doc, editor };
}

function lineOf(doc: vscode.TextDocument, text: string, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  assert.fail(`${E2E_FILE} has no line with ${text} after line ${from + 1}`);
}

/** Our lenses as comparable keys: 0-based line (shifted when at/after `shiftFrom`), command, title, fn. */
function lensKeys(lenses: readonly vscode.CodeLens[], shiftFrom = Infinity): string[] {
  return lenses
    .filter((l) => l.command?.command.startsWith('mmuNotifierLens.'))
    .map((l) => {
      const line = l.range.start.line >= shiftFrom ? l.range.start.line + 1 : l.range.start.line;
      const fn = ((l.command?.arguments ?? [])[0] as ShownSite | undefined)?.fn;
      return `${line + 1} ${l.command?.command} "${l.command?.title}" fn=${String(fn)}`;
    })
    .sort();
}

describe('Editing Linux 6.12 mm/mprotect.c (extension host)', function () {
  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it(`"Show in timeline" on the ${E2E_CALL_TEXT} line returns change_pud_range (vfio-boot) and renders`, async function () {
    this.timeout(120_000);
    // No timeline yet, so the command has to simulate the site's scenario itself.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { doc, editor } = await openMprotect();
    await pollLenses(doc.uri, 60_000);
    const line = lineOf(doc, E2E_CALL_TEXT);
    const col = doc.lineAt(line).firstNonWhitespaceCharacterIndex;
    editor.selection = new vscode.Selection(line, col, line, col);
    const since = Date.now();
    const site = await vscode.commands.executeCommand<ShownSite | undefined>(SHOW_IN_TIMELINE);
    assert.ok(site, `${SHOW_IN_TIMELINE} returned the site`);
    console.log(`  site: ${JSON.stringify(site)}`);
    assert.equal(site.fn, 'change_pud_range');
    assert.equal(site.preset, 'vfio-boot');
    const rendered = await waitForEvent('rendered', (e) => e.at >= since, 90_000);
    assert.ok(rendered.events > 0, 'the timeline drew events');
  });

  describe('a half-typed edit inside change_pud_range (in a scratch copy of the file)', function () {
    let doc: vscode.TextDocument;
    let lensesBefore: vscode.CodeLens[];
    let at = -1;

    it('keeps every notifier lens, on the same lines shifted by one', async function () {
      this.timeout(90_000);
      ({ doc } = await openMprotect(true));
      lensesBefore = await pollLenses(doc.uri, 60_000);
      const keys = lensKeys(lensesBefore);
      assert.ok(keys.length > 0, 'lenses before the edit');
      const fnLine = lineOf(doc, 'change_pud_range(struct mmu_gather');
      at = lineOf(doc, 'range.start = 0;', fnLine) + 1;
      assert.ok(at < lineOf(doc, E2E_CALL_TEXT, fnLine), 'the edit goes above the call');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(at, 0), '\tif (x) {\n');
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
      assert.ok(doc.isDirty, 'the document has unsaved changes');
      assert.equal(doc.lineAt(at).text, '\tif (x) {');
      const after = await pollLenses(doc.uri, 30_000);
      console.log(`  ${keys.length} lens(es) before the edit, ${lensKeys(after).length} after`);
      assert.deepEqual(lensKeys(after), lensKeys(lensesBefore, at));
    });

    after(async function () {
      if (!doc?.isDirty) return;
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty, 'the edit was reverted without saving');
    });
  });
});
