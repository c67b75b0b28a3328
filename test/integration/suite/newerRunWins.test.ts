// Newer run wins (issue 15, item 4), with real simulations: run A, a scenario of several seconds,
// starts; run B, a tiny one, starts after it and ends first. When A ends, the timeline keeps B: A's
// command resolves undefined (not shown), the page draws nothing after B, and "Export timeline…"
// (what the panel holds) writes B.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import { sleep, testEvents, waitForEvent } from './env';
import { repoRoot } from './story';

/** vfio-boot resized (booting all along) and renamed, as a scenario file in `dir`. */
function scenarioFile(dir: string, name: string, seconds: number, vcpus: number): vscode.Uri {
  const preset = JSON.parse(readFileSync(join(repoRoot(), 'presets', 'vfio-boot.mmulens.json'), 'utf8')) as {
    guest: object;
    workload: object;
  };
  const file = join(dir, `${name}.mmulens.json`);
  const guest = { ...preset.guest, vcpus, memory_gib: vcpus };
  const workload = { ...preset.workload, boot_s: seconds };
  writeFileSync(
    file,
    JSON.stringify({ ...preset, $schema: undefined, name, duration_s: seconds, guest, workload }),
  );
  return vscode.Uri.file(file);
}

const eventsOf = (run: TimelineRun): number => run.results.reduce((n, r) => n + r.timeline.events.length, 0);

describe('Newer run wins on the timeline (extension host)', function () {
  let dir: string;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-newer-'));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('run A started first and finishing last does not replace run B', async function () {
    this.timeout(120_000);
    // A: about 2 s per variant on 2 cores (a fifth of the work budget); B: well under a second.
    const a = scenarioFile(dir, 'run-a-older', 1800, 64);
    const b = scenarioFile(dir, 'run-b-newer', 2, 4);
    const log = await testEvents();
    // The command reads the file before its run starts: have both read already, and give A a head
    // start, so that A's run really starts first.
    await vscode.workspace.openTextDocument(a);
    await vscode.workspace.openTextDocument(b);
    const runA = vscode.commands.executeCommand<TimelineRun | undefined>('mmuNotifierLens.runScenario', a);
    await sleep(500);
    const since = Date.now();
    const shownB = await vscode.commands.executeCommand<TimelineRun | undefined>(
      'mmuNotifierLens.runScenario',
      b,
    );
    assert.ok(shownB, 'B returned its run');
    assert.ok(shownB.title.startsWith('run-b-newer.mmulens.json'), `B is shown: ${shownB.title}`);
    // B's drawing (not a late one of an earlier suite's run): the same number of events.
    const bEvents = eventsOf(shownB);
    await waitForEvent('rendered', (e) => e.at >= since && e.events === bEvents, 30_000);
    const bEnded = Date.now();
    const shownA = await runA;
    const aEnded = Date.now();
    console.log(`  B shown after ${bEnded - since} ms; A ended ${aEnded - bEnded} ms after B`);
    assert.ok(aEnded - bEnded > 200, 'A really ended after B (else the test proves nothing)');
    assert.equal(shownA, undefined, 'A, older and ending last, is not shown');
    await sleep(1_000);
    const late = log.history.filter((e) => e.event === 'rendered' && e.at > bEnded);
    assert.equal(late.length, 0, 'the page drew nothing after B');
    const txt = join(dir, 'shown.txt');
    await vscode.commands.executeCommand('mmuNotifierLens.exportTimeline', 'text', txt);
    const title = readFileSync(txt, 'utf8').split('\n')[0];
    assert.ok(title.startsWith('MMU Notifier Lens: run-b-newer.mmulens.json'), `the panel holds B: ${title}`);
  });
});
