import { strict as assert } from 'node:assert';
import { runKey } from '../../src/protocol/messages';
import { isPackedRun, packRun, unpackRun } from '../../src/webview/model/packRun';
import { syntheticRun } from '../../bench/webview/syntheticRun';
import { tinyRun } from '../../bench/webview/tinyRun';

describe('webview state: packed runs', () => {
  it('round-trips a run exactly', () => {
    const run = tinyRun();
    const packed = packRun(run);
    assert.ok(isPackedRun(JSON.parse(JSON.stringify(packed))));
    assert.deepEqual(unpackRun(JSON.parse(JSON.stringify(packed))), run);
  });

  it('stores each cause chain once, so the state stays small', () => {
    const run = syntheticRun(5_000, ['v6.12'], 2, 1);
    const packed = packRun(run);
    assert.ok(packed.causes.length < 20, `${packed.causes.length} distinct chains`);
    const plain = JSON.stringify(run).length;
    const small = JSON.stringify(packed).length;
    assert.ok(small < plain / 2, `packed ${small} vs plain ${plain} bytes`);
    assert.deepEqual(unpackRun(JSON.parse(JSON.stringify(packed))), JSON.parse(JSON.stringify(run)));
  });

  it('the restored run has the key of the run the host sent, and another run another key', () => {
    // The page tells the host which run it redrew from state (ready.restored); the host re-sends
    // its run only when the keys differ (hidden and shown again, reloaded).
    const run = syntheticRun(2_000, ['v6.12', 'rfc-v2'], 2, 1);
    const restored = unpackRun(JSON.parse(JSON.stringify(packRun(run))));
    assert.equal(runKey(restored), runKey(run));
    assert.notEqual(runKey({ ...run, title: `${run.title} · what-if x` }), runKey(run));
    const fewer = { ...run, results: run.results.slice(0, 1) };
    assert.notEqual(runKey(fewer), runKey(run));
  });
});
