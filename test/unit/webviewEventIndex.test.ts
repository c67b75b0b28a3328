import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { EventKind, TimelineEvent } from '../../src/protocol/simulation';
import { decodeEvents } from '../../src/webview/model/decode';
import { indexEvents, laneRuns, lowerBound } from '../../src/webview/model/eventIndex';
import { nearestEvent } from '../../src/webview/model/hitTest';
import { KIND_CODE } from '../../src/webview/model/kinds';
import { ev } from '../../bench/webview/tinyRun';

const code = (k: EventKind): number => KIND_CODE.get(k)!;

describe('webview event index (level of detail)', () => {
  it('splits lanes, keeps rows in canonical kind order and sorts unsorted input', () => {
    const events = [
      ev(30, 'vcpu0', 'fault_retry'),
      ev(10, 'vcpu0', 'ept_violation', 5),
      ev(20, 'spte', 'spte_zap'),
    ];
    const lanes = indexEvents(decodeEvents(events), 0, 100);
    assert.deepEqual([...lanes.keys()], ['vcpu0', 'spte']);
    const v = lanes.get('vcpu0')!;
    assert.deepEqual([...v.t], [10, 30]);
    assert.deepEqual([...v.end], [15, 30]);
    assert.deepEqual([...v.idx], [1, 0]);
    assert.deepEqual(v.rows, [code('ept_violation'), code('fault_retry')]);
  });

  it('draws exact runs when zoomed in (direct mode), merging overlaps per row', () => {
    const events = [
      ev(10, 'vcpu0', 'ept_violation', 20),
      ev(25, 'vcpu0', 'ept_violation', 10),
      ev(70, 'vcpu0', 'fault_retry'),
    ];
    const ix = indexEvents(decodeEvents(events), 0, 1e9).get('vcpu0')!;
    // 100 ns over 10 columns: 10 ns per column.
    assert.deepEqual(laneRuns(ix, 0, 100, 10), [
      [1, 4],
      [7, 8],
    ]);
  });

  it('uses the pyramid when zoomed out: one mark per column at most', () => {
    const events: TimelineEvent[] = [];
    for (let i = 0; i < 100_000; i++)
      events.push(ev(i * 10, 'vcpu0', i % 3 ? 'ept_violation' : 'fault_retry', 3));
    const ix = indexEvents(decodeEvents(events), 0, 1e6).get('vcpu0')!;
    const runs = laneRuns(ix, 0, 1e6, 500);
    // Dense everywhere: one run per row covering all 500 columns.
    assert.deepEqual(runs, [
      [0, 500],
      [0, 500],
    ]);
  });

  it('never loses an event and never invents one far from any event (random runs)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 30_000 }), fc.boolean()),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        fc.integer({ min: 0, max: 900_000 }),
        fc.integer({ min: 200, max: 1_000_000 }),
        fc.integer({ min: 20, max: 700 }),
        (raw, a, span, width) => {
          const b = Math.min(1_000_000, a + span);
          const events = raw
            .map(([t, d, k]) => ev(t, 'vcpu0', k ? 'ept_violation' : 'hint_fault', d))
            .sort((x, y) => x.t - y.t);
          const ix = indexEvents(decodeEvents(events), 0, 1_000_000).get('vcpu0')!;
          const runs = laneRuns(ix, a, b, width);
          const px = (b - a) / width;
          ix.rows.forEach((c, row) => {
            const r = runs[row];
            assert.ok(r.length / 2 <= width / 2 + 1, 'at most one rect per two columns');
            const covered = (x: number): boolean => {
              for (let i = 0; i < r.length; i += 2) if (x >= r[i] && x < r[i + 1]) return true;
              return false;
            };
            const mine = events.filter((e) => code(e.kind) === c);
            for (const e of mine) {
              if (e.t + (e.dur ?? 0) < a || e.t >= b) continue;
              const x = Math.min(width - 1, Math.max(0, Math.floor((e.t - a) / px)));
              assert.ok(covered(x) || covered(x - 1) || covered(x + 1), `event at ${e.t} lost`);
            }
            const slack = 2 * Math.max(px, ix.bucketNs[0]) + 1;
            for (let i = 0; i < r.length; i += 2) {
              for (let x = r[i]; x < r[i + 1]; x++) {
                const t0 = a + x * px - slack;
                const t1 = a + (x + 1) * px + slack;
                assert.ok(
                  mine.some((e) => e.t < t1 && e.t + (e.dur ?? 0) >= t0),
                  `phantom mark at column ${x}`,
                );
              }
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds the nearest event of a row within the pointer slop', () => {
    const events = [
      ev(100, 'vcpu0', 'ept_violation', 50),
      ev(400, 'vcpu0', 'ept_violation'),
      ev(410, 'vcpu0', 'fault_retry'),
    ];
    const ix = indexEvents(decodeEvents(events), 0, 1000).get('vcpu0')!;
    const epte = code('ept_violation');
    assert.equal(nearestEvent(ix, epte, 120, 5), 0, 'inside the span');
    assert.equal(nearestEvent(ix, epte, 396, 5), 1);
    assert.equal(nearestEvent(ix, epte, 300, 5), -1);
    assert.equal(nearestEvent(ix, code('fault_retry'), 405, 5), 2);
  });

  it('binary-searches sorted times', () => {
    const a = Float64Array.from([1, 3, 3, 7]);
    assert.deepEqual(
      [0, 1, 3, 4, 8].map((v) => lowerBound(a, v)),
      [0, 0, 1, 3, 4],
    );
  });
});
