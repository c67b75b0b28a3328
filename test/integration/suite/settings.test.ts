// Settings a user changes take effect: `mmuNotifierLens.simulation.durationS` sets the simulated
// time of a lens-started run, and 0 gives the preset's own duration back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import { targetSiteArgs } from './story';

describe('Settings', function () {
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mmuNotifierLens');

  after(async () => {
    await cfg().update('simulation.durationS', undefined, vscode.ConfigurationTarget.Global);
  });

  it('simulation.durationS sets the simulated seconds of a lens run; 0 keeps the preset’s', async function () {
    this.timeout(120_000);
    const site = { ...(await targetSiteArgs()).args, preset: 'op-munmap', variants: ['v6.1'] };
    const simulate = async (): Promise<number> => {
      const run = await vscode.commands.executeCommand<TimelineRun | undefined>(
        'mmuNotifierLens.simulate',
        site,
      );
      assert.ok(run, 'the simulation ran');
      return run.results[0].durationNs;
    };
    await cfg().update('simulation.durationS', 2, vscode.ConfigurationTarget.Global);
    assert.equal(await simulate(), 2e9);
    await cfg().update('simulation.durationS', 0, vscode.ConfigurationTarget.Global);
    assert.equal(await simulate(), 10e9, 'op-munmap’s own duration_s is 10 s');
  });
});
