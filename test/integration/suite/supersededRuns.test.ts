// Newer run wins when the older run ends badly (issue 15, item 4): run A starts, run B starts after
// it and is shown; then A fails, or is cancelled. B stays shown: A's command resolves undefined, no
// error reaches the page or a notification, the page draws nothing after B. The runs go through a
// stand-in for the worker (testSeams.replaceRunner, ExtensionMode.Test only), so the test decides
// when and how each ends; B's result is the real simulator's.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import type { SimulationRequest } from '../../../src/extension/simulationRequest';
import type { SimulationOutcome } from '../../../src/extension/simulationRunner';
import { runSimulationRequest } from '../../../src/core/sim';
import { sleep, testEvents, testSeams, waitForEvent } from './env';
import { repoRoot } from './story';

const RUN_SCENARIO = 'mmuNotifierLens.runScenario';

/** One run the stand-in runner holds until the test ends it. */
interface HeldRun {
  req: SimulationRequest;
  resolve(outcome: SimulationOutcome | undefined): void;
  reject(e: Error): void;
}

/** munmap-short renamed, as a scenario file in `dir` (a run of a few milliseconds). */
function scenarioFile(dir: string, name: string): vscode.Uri {
  const fixture = join(repoRoot(), 'test', 'fixtures', 'scenarios', 'munmap-short.mmulens.json');
  const file = join(dir, `${name}.mmulens.json`);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(fixture, 'utf8')), name }));
  return vscode.Uri.file(file);
}

const eventsOf = (run: TimelineRun): number => run.results.reduce((n, r) => n + r.timeline.events.length, 0);

describe('Newer run wins when the older run fails or is cancelled (extension host, stand-in runner)', function () {
  let dir: string;
  let restore: vscode.Disposable | undefined;
  const held: HeldRun[] = [];

  /** The next run the extension starts (held until the test ends it). */
  async function nextRun(seen: number): Promise<HeldRun> {
    const deadline = Date.now() + 30_000;
    while (held.length <= seen) {
      if (Date.now() > deadline) throw new Error(`the extension started no run #${seen + 1} within 30 s`);
      await sleep(20);
    }
    return held[seen];
  }

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-superseded-'));
    restore = (await testSeams()).replaceRunner({
      run: (req) => new Promise((resolve, reject) => held.push({ req, resolve, reject })),
    });
  });

  after(function () {
    restore?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const ending of ['fails', 'is cancelled'] as const) {
    it(`run A that ${ending} after run B started: B stays shown, no error on the page or in a notification`, async function () {
      this.timeout(90_000);
      const a = scenarioFile(dir, `older-${ending.replace(' ', '-')}`);
      const b = scenarioFile(dir, `newer-after-${ending.replace(' ', '-')}`);
      const log = await testEvents();
      const since = Date.now();
      const seen = held.length;
      const runA = vscode.commands.executeCommand<TimelineRun | undefined>(RUN_SCENARIO, a);
      const heldA = await nextRun(seen);
      const runB = vscode.commands.executeCommand<TimelineRun | undefined>(RUN_SCENARIO, b);
      const heldB = await nextRun(seen + 1);
      heldB.resolve(runSimulationRequest(heldB.req, () => undefined));
      const shownB = await runB;
      assert.ok(shownB, 'B returned its run');
      assert.ok(shownB.title.startsWith(`newer-after-`), `B is shown: ${shownB.title}`);
      await waitForEvent('rendered', (e) => e.at >= since && e.events === eventsOf(shownB), 30_000);
      const bShown = Date.now();

      if (ending === 'fails')
        heldA.reject(new Error('the simulation worker died (stand-in failure of run A)'));
      else heldA.resolve(undefined);
      assert.equal(await runA, undefined, `A, superseded, ${ending} and returns nothing`);
      await sleep(1_000);
      const after = log.history.filter((e) => e.at >= since);
      const failed = after.filter((e) => e.event === 'commandFailed');
      assert.deepEqual(failed, [], 'no command failed (its wrapper would show an error notification)');
      const errors = after.filter((e) => e.event === 'timelineError');
      assert.deepEqual(errors, [], 'the page was told no error');
      const late = log.history.filter((e) => e.event === 'rendered' && e.at > bShown);
      assert.equal(late.length, 0, 'the page drew nothing after B');
      const txt = join(dir, `shown-${ending.replace(' ', '-')}.txt`);
      await vscode.commands.executeCommand('mmuNotifierLens.exportTimeline', 'text', txt);
      const title = readFileSync(txt, 'utf8').split('\n')[0];
      assert.ok(title.startsWith('MMU Notifier Lens: newer-after-'), `the panel holds B: ${title}`);
    });
  }

  it('the newest run that fails still shows its error on the page and in a notification', async function () {
    this.timeout(60_000);
    const since = Date.now();
    const seen = held.length;
    const run = vscode.commands.executeCommand<TimelineRun | undefined>(
      RUN_SCENARIO,
      scenarioFile(dir, 'newest-fails'),
    );
    (await nextRun(seen)).reject(new Error('stand-in failure of the newest run'));
    assert.equal(await run, undefined);
    const failed = await waitForEvent('commandFailed', (e) => e.at >= since && e.id === RUN_SCENARIO, 10_000);
    assert.match(failed.message, /stand-in failure of the newest run/);
    const shown = await waitForEvent('timelineError', (e) => e.at >= since, 10_000);
    assert.match(shown.message, /stand-in failure of the newest run/);
  });
});
