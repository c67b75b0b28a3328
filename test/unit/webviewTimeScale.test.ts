import { strict as assert } from 'node:assert';
import {
  axisLabels,
  clampWindow,
  formatGfnAddress,
  formatGfnRange,
  formatNs,
  niceStep,
  panWindow,
  ticks,
  timeToX,
  xToTime,
  zoomWindow,
} from '../../src/webview/model/timeScale';

describe('webview time scale', () => {
  it('keeps the window inside the run and at least 100 ns wide', () => {
    assert.deepEqual(clampWindow({ start: -50, end: 50 }, 0, 1000), { start: 0, end: 100 });
    assert.deepEqual(clampWindow({ start: 950, end: 1150 }, 0, 1000), { start: 800, end: 1000 });
    assert.deepEqual(clampWindow({ start: 10, end: 11 }, 0, 1000), { start: 10, end: 110 });
    assert.deepEqual(clampWindow({ start: -1e9, end: 1e9 }, 0, 1000), { start: 0, end: 1000 });
  });

  it('zooms around the anchor: the time under the pointer stays put', () => {
    const w = { start: 1000, end: 2000 };
    const z = zoomWindow(w, 4, 0.25, 0, 10_000);
    assert.deepEqual(z, { start: 1187.5, end: 1437.5 });
    assert.equal(xToTime(100, z, 0, 400), xToTime(100, w, 0, 400));
    assert.deepEqual(zoomWindow(z, 1 / 4, 0.25, 0, 10_000), w);
  });

  it('pans by a fraction of the span and stops at the ends', () => {
    assert.deepEqual(panWindow({ start: 100, end: 200 }, 0.5, 0, 1000), { start: 150, end: 250 });
    assert.deepEqual(panWindow({ start: 100, end: 200 }, -5, 0, 1000), { start: 0, end: 100 });
  });

  it('maps time to x and back', () => {
    const w = { start: 0, end: 1e6 };
    assert.equal(timeToX(250_000, w, 150, 1000), 400);
    assert.equal(xToTime(400, w, 150, 1000), 250_000);
  });

  it('chooses 1-2-5 steps', () => {
    assert.equal(niceStep(10e9, 10), 1e9);
    assert.equal(niceStep(3e6, 10), 5e5);
    assert.equal(niceStep(170, 10), 20);
    assert.deepEqual(ticks(0, 1000, 5).values, [0, 200, 400, 600, 800, 1000]);
    assert.deepEqual(ticks(0, 1000, 4).values, [0, 500, 1000]);
  });

  it('labels ticks with units, switching to offsets when decimals would pile up', () => {
    const s = axisLabels(0, 10.5e9, 1e9);
    assert.equal(s.title, 'time (s)');
    assert.equal(s.format(0), '0 s');
    assert.equal(s.format(3e9), '3 s');
    const ms = axisLabels(0.99e9, 1.25e9, 5e7);
    assert.equal(ms.format(1.05e9), '1.05 s');
    const fine = axisLabels(1.0000001e9, 1.0000003e9, 50);
    assert.equal(fine.title, 'time − 1 s');
    assert.equal(fine.format(1.00000015e9), '+150 ns');
  });

  it('formats times and guest addresses the way reviewers write them', () => {
    assert.equal(formatNs(1_234_567), '1.234567 ms');
    assert.equal(formatNs(2e9), '2 s');
    assert.equal(formatGfnAddress(262144), '1 GiB');
    assert.equal(formatGfnAddress(393216), '1.5 GiB');
    assert.equal(formatGfnAddress(512), '2 MiB');
    assert.equal(formatGfnAddress(0), '0');
    assert.equal(formatGfnRange(0x40000, 0x40200), 'gfn 0x40000–0x40200 (2 MiB)');
  });
});
