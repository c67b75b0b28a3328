// Scenario files (*.mmulens.json) as a user meets them in the real extension host: one
// "▶ Run scenario" lens that simulates and renders; a malformed scenario fails with a message
// naming the JSON path, the expected and the received value, and the extension stays usable;
// invalid JSON names the file; the JSON Schema (jsonValidation) flags the bad field in Problems.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import { sleep, waitForEvent, type TestEventOf } from './env';
import { repoRoot } from './story';

const RUN_SCENARIO = 'mmuNotifierLens.runScenario';
const RUN_SCENARIO_TITLE = '▶ Run scenario';
const VALID = 'munmap-short.mmulens.json';
const MALFORMED = 'malformed-memory.mmulens.json';
const INVALID_JSON = 'invalid-json.mmulens.json';
const OWN_VARIANT = 'own-variant.mmulens.json';

/** The document's lenses, polled until the scenario lens answers (activation is asynchronous). */
async function scenarioLenses(uri: vscode.Uri, timeoutMs = 30_000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ??
      [];
    if (lenses.some((l) => l.command?.command === RUN_SCENARIO) || Date.now() > deadline) return lenses;
    await sleep(200);
  }
}

/** Runs the scenario file through the extension's command and waits for the timeline's "rendered". */
async function runAndRender(
  uri: vscode.Uri,
): Promise<{ run: TimelineRun; rendered: TestEventOf<'rendered'> }> {
  const since = Date.now();
  const run = await vscode.commands.executeCommand<TimelineRun | undefined>(RUN_SCENARIO, uri);
  assert.ok(run, `${RUN_SCENARIO} returned the run it showed`);
  // This run's drawing: opening the scenario file hid the timeline, which redraws the run it showed
  // (from its saved state) when shown again before it draws this one.
  const events = run.results.reduce((n, r) => n + r.timeline.events.length, 0);
  const rendered = await waitForEvent('rendered', (e) => e.at >= since && e.events === events, 60_000);
  return { run, rendered };
}

/** Runs a scenario file that must fail; returns the message the command wrapper reported. */
async function runAndFail(uri: vscode.Uri): Promise<string> {
  const since = Date.now();
  const result = await vscode.commands.executeCommand<unknown>(RUN_SCENARIO, uri);
  assert.equal(result, undefined, 'a failed run returns nothing');
  const failed = await waitForEvent('commandFailed', (e) => e.id === RUN_SCENARIO && e.at >= since, 30_000);
  return failed.message;
}

describe('Scenario files (*.mmulens.json) in the extension host', function () {
  let dir: string;
  const uriOf = (name: string): vscode.Uri => vscode.Uri.file(join(dir, name));

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-scenarios-'));
    const fixtures = join(repoRoot(), 'test', 'fixtures', 'scenarios');
    for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(dir, f));
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a valid scenario shows exactly one "▶ Run scenario" lens; running it simulates and the timeline renders', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(uriOf(VALID));
    await vscode.window.showTextDocument(doc);
    const lenses = await scenarioLenses(doc.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('mmuNotifierLens.'));
    assert.equal(ours.length, 1, `lenses: ${ours.map((l) => l.command?.title).join(', ')}`);
    const [lens] = ours;
    assert.equal(lens.command?.title, RUN_SCENARIO_TITLE);
    assert.equal(lens.command?.command, RUN_SCENARIO);
    assert.equal(lens.range.start.line, 0, 'the lens sits at the top of the file');
    const arg = lens.command?.arguments?.[0] as unknown;
    assert.ok(arg instanceof vscode.Uri && arg.toString() === doc.uri.toString(), 'the lens passes its file');

    const { run, rendered } = await runAndRender(doc.uri);
    assert.ok(run.results.length > 0, 'at least one variant simulated');
    assert.ok(run.title.includes(VALID), `the run's title "${run.title}" names the file`);
    const events = run.results.reduce((s, r) => s + r.timeline.events.length, 0);
    assert.ok(events > 0, 'the munmap produced events');
    assert.equal(rendered.events, events, 'the page indexed every event of the run');
    console.log(`  ${VALID}: ${run.results.map((r) => r.variant).join(' vs ')}, ${events} events`);
  });

  it('a scenario that defines its own variant (my-fix) runs it from its lens beside the tree’s variant', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(uriOf(OWN_VARIANT));
    await vscode.window.showTextDocument(doc);
    const lenses = await scenarioLenses(doc.uri);
    const lens = lenses.find((l) => l.command?.command === RUN_SCENARIO);
    assert.ok(lens?.command, 'a Run scenario lens');
    const { run } = await runAndRender(lens.command.arguments?.[0] as vscode.Uri);
    const ids = run.results.map((r) => r.variant);
    console.log(`  ${OWN_VARIANT}: ${ids.join(' vs ')}`);
    assert.equal(ids[ids.length - 1], 'my-fix');
    assert.equal(ids.length, 2);
  });

  it('a malformed scenario fails naming guest.memory_gib, the expected and the received value; a valid run still works after', async function () {
    this.timeout(120_000);
    const message = await runAndFail(uriOf(MALFORMED));
    console.log(`  error: ${message}`);
    assert.match(message, /guest\.memory_gib|\/guest\/memory_gib/, 'names the JSON path');
    assert.match(message, /\bnumber\b/, 'names the expected type');
    assert.ok(message.includes('lots'), 'names the received value');

    const ext = vscode.extensions.all.find(
      (e) => e.id.toLowerCase() === 'mmu-notifier-lens.mmu-notifier-lens',
    );
    assert.ok(ext?.isActive, 'the extension is still active');
    const { run } = await runAndRender(uriOf(VALID));
    assert.ok(run.results.length > 0, 'the following valid run simulated');
  });

  it('a file that is not JSON fails with a message naming the file', async function () {
    this.timeout(60_000);
    const message = await runAndFail(uriOf(INVALID_JSON));
    console.log(`  error: ${message}`);
    assert.ok(message.includes(INVALID_JSON), `"${message}" names ${INVALID_JSON}`);
    assert.match(message, /JSON/);
  });

  it('the JSON Schema (jsonValidation) reports a problem at guest.memory_gib of the malformed scenario', async function () {
    this.timeout(60_000);
    const doc = await vscode.workspace.openTextDocument(uriOf(MALFORMED));
    await vscode.window.showTextDocument(doc);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => /"memory_gib":\s*"lots"/.test(l));
    assert.ok(line >= 0, 'the fixture has "memory_gib": "lots"');
    const value = new vscode.Position(line, doc.lineAt(line).text.indexOf('"lots"') + 1);
    const deadline = Date.now() + 15_000;
    let diagnostics: readonly vscode.Diagnostic[] = [];
    for (;;) {
      diagnostics = vscode.languages.getDiagnostics(doc.uri);
      if (diagnostics.some((d) => d.range.contains(value)) || Date.now() > deadline) break;
      await sleep(250);
    }
    const seen = diagnostics.map(
      (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
    );
    console.log(`  diagnostics: ${seen.join(' | ') || '(none)'}`);
    const hit = diagnostics.find((d) => d.range.contains(value));
    assert.ok(hit, `a diagnostic on line ${line + 1} at "lots"; got ${seen.join(' | ') || 'none'}`);
    assert.match(hit.message, /number/i, 'the problem says a number is expected');
  });
});
