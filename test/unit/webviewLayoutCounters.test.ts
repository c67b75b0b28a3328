import { strict as assert } from 'node:assert';
import {
  compareRows,
  countBetween,
  countsBetween,
  stripCounterLabel,
} from '../../src/webview/model/counters';
import { formatDelta } from '../../src/protocol/format';
import { FALLBACK_PALETTE } from '../../src/webview/render/palette';
import { hitTest } from '../../src/webview/model/hitTest';
import { KIND_CODE, KIND_INFO } from '../../src/webview/model/kinds';
import { computeLayout, laneAtY, rowAtY } from '../../src/webview/model/layout';
import { buildRunModel } from '../../src/webview/model/runModel';
import { tinyRun } from '../../bench/webview/tinyRun';

describe('webview layout, counters and hit testing', () => {
  const model = buildRunModel(tinyRun());

  it('lays out one group per variant with PTE, SPTE, notifier, scanner, vCPUs, counters', () => {
    const titles = model.groups[0].lanes.map((l) => l.lane);
    assert.deepEqual(titles, ['pte', 'spte', 'notifier', 'scanner', 'vcpu0', 'vcpu1', 'counters']);
    assert.deepEqual(model.totals, { lanes: 14, bands: 10, events: 10 });
    const l = computeLayout(model.groups, 1400, 900);
    assert.equal(l.groups.length, 2);
    assert.equal(l.plotX, 150);
    assert.equal(l.plotW, 1400 - 150 - 8);
    assert.ok(l.height <= 900, `fits 1400×900 (height ${l.height})`);
    const narrow = computeLayout(model.groups, 600, 900);
    assert.ok(narrow.narrow && narrow.gutter < 100);
    assert.equal(narrow.lanes[0].title, 'PTE');
  });

  it('gives SPTE the PTE raster height and the key lanes readable event rows', () => {
    for (const [w, h] of [
      [1400, 900],
      [700, 300],
    ]) {
      const l = computeLayout(model.groups, w, h);
      const pte = l.lanes.find((x) => x.lane === 'pte')!;
      const spte = l.lanes.find((x) => x.lane === 'spte')!;
      assert.equal(spte.rasterH, pte.rasterH);
      assert.ok(spte.rasterH >= 72);
      for (const lane of l.lanes.filter((x) =>
        ['pte', 'spte', 'notifier', 'scanner'].includes(String(x.lane)),
      ))
        assert.ok(lane.rowH >= 11, `${lane.lane} rows ${lane.rowH} px`);
    }
  });

  it('labels the counters strip with the kernel counters the table shows', () => {
    const c = model.results[0].result.counters;
    assert.equal(
      stripCounterLabel('remote_tlb_flush', { ...c, remote_tlb_flush: 8501 }),
      'remote_tlb_flush 8,501',
    );
    assert.equal(
      stripCounterLabel('spte_zap', { ...c, sptes_zapped_4k: 262144, sptes_zapped_2m: 1742 }),
      'sptes_zapped_4k+2m 263,886',
    );
  });

  it('gives every event kind its own colour, and every state its own colour', () => {
    const r = FALLBACK_PALETTE.roles;
    const states = [r.present, r.protnone, r.none, r.absent, r.spte4k, r.spte2m];
    assert.equal(new Set(states).size, states.length);
    const kinds = KIND_INFO.filter((k) => k.kind !== 'violation');
    const colours = kinds.map((k) => r[k.color]);
    assert.equal(new Set(colours).size, colours.length, kinds.map((k) => `${k.kind}:${k.color}`).join(' '));
  });

  it('finds lane and row under a y coordinate', () => {
    const l = computeLayout(model.groups, 1400, 900);
    const vcpu0 = l.lanes.find((x) => x.group === 0 && x.lane === 'vcpu0')!;
    assert.equal(laneAtY(l, vcpu0.y + 1), vcpu0);
    assert.equal(rowAtY(vcpu0, vcpu0.y + 2 + vcpu0.rowH / 2), 0);
    assert.equal(rowAtY(vcpu0, vcpu0.y + 2 + vcpu0.rowH * 5), -1);
  });

  it('hit-tests an event and a PTE band', () => {
    const l = computeLayout(model.groups, 1400, 900);
    const view = { start: 0, end: 1000 };
    const x = (t: number): number => l.plotX + (t / 1000) * l.plotW;
    const vcpu0 = l.lanes.find((v) => v.group === 0 && v.lane === 'vcpu0')!;
    const hit = hitTest(model, l, view, x(205), vcpu0.y + 2 + vcpu0.rowH / 2);
    assert.ok(hit?.type === 'event');
    assert.equal(model.results[0].result.timeline.events[hit.event].kind, 'ept_violation');
    const pte = l.lanes.find((v) => v.group === 0 && v.lane === 'pte')!;
    const band = hitTest(model, l, view, x(700), pte.y + pte.rasterH * 0.25);
    assert.ok(band?.type === 'band' && band.which === 'pte');
    assert.equal(
      model.results[0].result.timeline.pteBands[model.results[0].pte.idx[band.band]].state,
      'prot_none',
    );
    assert.equal(hitTest(model, l, view, 10, pte.y + 5), undefined, 'the gutter is not the plot');
  });

  it('hit-tests a contract violation marker in the variant header', () => {
    const run = tinyRun();
    run.results[1].violations.push({
      rule: 'unpaired_invalidate',
      t: 250,
      gfnStart: 0,
      gfnEnd: 1,
      event: 'invalidate_range_start',
      message: 'start without end',
    });
    const m = buildRunModel(run);
    const l = computeLayout(m.groups, 1400, 900);
    const g = l.groups[1];
    const x = l.plotX + (250 / 1000) * l.plotW;
    assert.deepEqual(hitTest(m, l, { start: 0, end: 1000 }, x + 2, g.y + 5), {
      type: 'violation',
      group: 1,
      violation: 0,
    });
    assert.equal(hitTest(m, l, { start: 0, end: 1000 }, x + 40, g.y + 5), undefined);
  });

  it('counts events between A and B per kind', () => {
    const flush = model.results[0].series[KIND_CODE.get('remote_tlb_flush')!];
    assert.equal(countBetween(flush, 0, 1000), 2);
    assert.equal(countBetween(flush, 180, 400), 1, '[A, B) holds A');
    assert.equal(countBetween(flush, 400, 180), 1, 'B before A is the same window');
    const all = countsBetween(model.results[0].series, 150, 450);
    const named = all.filter((c) => c.count).map((c) => [KIND_INFO[c.kind].kind, c.count]);
    assert.deepEqual(named, [
      ['remote_tlb_flush', 2],
      ['ept_violation', 1],
    ]);
  });

  it('builds compare rows with deltas against the first variant', () => {
    const rows = compareRows(model.run.results);
    const flush = rows.find((r) => r.name === 'remote_tlb_flush')!;
    assert.deepEqual(flush, {
      name: 'remote_tlb_flush',
      values: [2, 1],
      deltas: [0, -1],
      measured: [true, true],
      sources: [undefined, undefined],
    });
    assert.equal(formatDelta(-1, 2), '-1 (-50%)');
    assert.equal(formatDelta(1500, 0), '+1,500');
    assert.equal(formatDelta(0, 5), '0');
  });

  it('an imported trace: counters it did not measure are marked, not taken as zero', () => {
    const [sim] = model.run.results;
    const real = {
      ...sim,
      variant: 'real',
      counters: { ...sim.counters, remote_tlb_flush: 0, ept_violations: 7 },
      imported: {
        files: [],
        eventCounts: {},
        unknownEvents: {},
        problems: [],
        problemCount: 0,
        measured: { ept_violations: 'trace' as const },
        kernelCounters: {},
        gfnBase: 0,
        outsideRegion: 0,
        keptEvents: 0,
        bootNsAtZero: 0,
        warnings: [],
      },
    };
    const rows = compareRows([real, sim]);
    const flush = rows.find((r) => r.name === 'remote_tlb_flush')!;
    assert.deepEqual(flush.measured, [false, true]);
    const ept = rows.find((r) => r.name === 'ept_violations')!;
    assert.deepEqual(
      [ept.measured, ept.sources],
      [
        [true, true],
        ['trace', undefined],
      ],
    );
  });
});
