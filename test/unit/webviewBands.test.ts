import { strict as assert } from 'node:assert';
import type { StateBand } from '../../src/protocol/simulation';
import { bandAt, indexBands, rasterizeRows, rowSegments } from '../../src/webview/model/bandRaster';
import { PTE_STATES } from '../../src/webview/model/runModel';
import type { PteState } from '../../src/protocol/simulation';

const band = (t0: number, t1: number, g0: number, g1: number, state: PteState): StateBand<PteState> => ({
  t0,
  t1,
  gfnStart: g0,
  gfnEnd: g1,
  state,
});
// PTE_STATES = none, present, prot_none; PROT_NONE wins a shared row whenever present.
const WEIGHTS = [1, 1, 1e6];

describe('webview state bands', () => {
  const bands = [
    band(0, 100, 0, 8, 'present'),
    band(40, 60, 2, 3, 'prot_none'), // a one-page sliver: must show in row 0 of 2
    band(0, 100, 8, 16, 'none'),
  ];
  const ix = indexBands(bands, PTE_STATES);

  it('resamples to address rows with priority: a thin PROT_NONE sliver is never hidden', () => {
    const seg = rowSegments(ix, 2, 16, WEIGHTS);
    const rows = [0, 1].map((r) =>
      Array.from({ length: seg.rowStart[r + 1] - seg.rowStart[r] }, (_, k) => {
        const i = seg.rowStart[r] + k;
        return [seg.t0[i], seg.t1[i], PTE_STATES[seg.state[i]]];
      }),
    );
    assert.deepEqual(rows[0], [
      [0, 40, 'present'],
      [40, 60, 'prot_none'],
      [60, 100, 'present'],
    ]);
    assert.deepEqual(rows[1], [[0, 100, 'none']]);
  });

  it('otherwise shows the state covering most of the row', () => {
    const mixed = indexBands(
      [band(0, 10, 0, 3, 'none'), band(0, 10, 3, 8, 'present'), band(10, 20, 0, 8, 'none')],
      PTE_STATES,
    );
    const seg = rowSegments(mixed, 1, 8, WEIGHTS);
    assert.deepEqual([...seg.t0, ...seg.t1, ...seg.state], [0, 10, 10, 20, 1, 0]);
  });

  it('rasterizes each pixel once from the segments', () => {
    const seg = rowSegments(ix, 2, 16, WEIGHTS);
    const out = { width: 10, height: 2, pixels: new Uint32Array(20) };
    const drawn = rasterizeRows(seg, 0, 100, Uint32Array.from([7, 8, 9]), out);
    assert.equal(drawn, 4);
    assert.deepEqual([...out.pixels], [8, 8, 8, 8, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
    // Zoomed into [45, 55): all PROT_NONE in row 0.
    rasterizeRows(seg, 45, 55, Uint32Array.from([7, 8, 9]), out);
    assert.deepEqual([...out.pixels.slice(0, 10)], new Array(10).fill(9));
  });

  it('finds the band under the pointer, latest start first', () => {
    assert.equal(bands[ix.idx[bandAt(ix, 50, 2.5)]].state, 'prot_none');
    assert.equal(bands[ix.idx[bandAt(ix, 50, 5)]].state, 'present');
    assert.equal(bands[ix.idx[bandAt(ix, 50, 12)]].state, 'none');
    assert.equal(bandAt(ix, 150, 5), -1);
  });
});
