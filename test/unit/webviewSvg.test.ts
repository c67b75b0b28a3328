import { strict as assert } from 'node:assert';
import { computeLayout } from '../../src/webview/model/layout';
import { buildRunModel } from '../../src/webview/model/runModel';
import { FALLBACK_PALETTE, parseColor, pixelToCss, toPixel } from '../../src/webview/render/palette';
import { drawScene } from '../../src/webview/render/scene';
import { escapeXml, SvgPainter } from '../../src/webview/render/svgPainter';
import { tinyRun } from '../../bench/webview/tinyRun';

describe('webview scene drawn as SVG (the export path)', () => {
  it('draws every lane title, the variants, axis units and the state bands', () => {
    const model = buildRunModel(tinyRun());
    const layout = computeLayout(model.groups, 1000, 800);
    const p = new SvgPainter(layout.width, layout.height, 'sans-serif');
    drawScene(p, model, layout, FALLBACK_PALETTE, {
      view: { start: 0, end: 1000 },
      markerA: 100,
      markerB: 500,
    });
    const svg = p.toString();
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1000"'));
    assert.ok(svg.endsWith('</svg>'));
    for (const s of [
      'Host PTE',
      'SPTE (EPT)',
      'MMU notifier',
      'NUMA scanner',
      'vCPU 0',
      'vCPU 1',
      'Counters',
      'v-a',
      'v-b',
    ]) {
      assert.ok(svg.includes(`>${s}</text>`), `has ${s}`);
    }
    assert.ok(svg.includes('>time (µs)<') && svg.includes('>0.4 µs<'), 'axis with units');
    assert.ok(svg.includes('>4 MiB</text>'), 'guest address label (1024 pages = 4 MiB)');
    // PROT_NONE orange appears as raster rects.
    assert.ok(svg.includes(pixelToCss(toPixel(FALLBACK_PALETTE.roles.protnone))));
    assert.equal((svg.match(/<g /g) ?? []).length, (svg.match(/<\/g>/g) ?? []).length, 'balanced groups');
  });

  it('escapes text and parses theme colours', () => {
    assert.equal(escapeXml('a<b & "c"'), 'a&#60;b &#38; &#34;c&#34;');
    assert.deepEqual(parseColor('#f80'), [255, 136, 0, 255]);
    assert.deepEqual(parseColor('rgba(1, 2, 3, 0.5)'), [1, 2, 3, 128]);
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 128]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(toPixel('#010203'), 0xff030201);
  });
});

describe('webview scene: edge cases', () => {
  it('draws an empty run and a result with no events or bands without throwing', () => {
    const empty = buildRunModel({ title: 'empty', scenario: 's', results: [] });
    const l0 = computeLayout(empty.groups, 600, 400);
    const p0 = new SvgPainter(l0.width, l0.height, 'sans-serif');
    drawScene(p0, empty, l0, FALLBACK_PALETTE, { view: { start: empty.t0, end: empty.t1 } });
    assert.ok(p0.toString().includes('Overview'));

    const run = tinyRun();
    const r = run.results[1];
    r.timeline = { ...r.timeline, events: [], pteBands: [], spteBands: [], aggregated: true };
    const model = buildRunModel(run);
    assert.equal(model.groups[1].title, 'v-b · aggregated');
    const l = computeLayout(model.groups, 600, 400);
    const p = new SvgPainter(l.width, l.height, 'sans-serif');
    drawScene(p, model, l, FALLBACK_PALETTE, { view: { start: 0, end: 1000 } });
    assert.ok(p.toString().endsWith('</svg>'));
    assert.ok(l.height > 400, 'too many lanes for 400 px: the page scrolls instead of squashing them');
  });
});
