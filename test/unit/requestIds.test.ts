// One correlation scheme for the host ↔ page request/reply pairs (issue 15, item 4): a reply is
// taken only for an open request id; answered, given-up, cleared and never-opened ids are stale.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { PendingRequests } from '../../src/protocol/messages';

describe('request ids: replies correlate with open requests only', () => {
  it('takes a reply once, for the request it names', () => {
    const r = new PendingRequests<string>();
    const a = r.start('svg');
    const b = r.start('png');
    assert.notEqual(a, b);
    assert.ok(a > 0 && b > 0 && Number.isSafeInteger(a));
    assert.equal(r.size, 2);
    assert.equal(r.take(b), 'png');
    assert.equal(r.take(b), undefined, 'a second reply to the same id is stale');
    assert.deepEqual(r.entries(), [[a, 'svg']]);
    assert.equal(r.take(a), 'svg');
    assert.equal(r.size, 0);
  });

  it('get() reads an open request without closing it (the host keeps a detail answer on it)', () => {
    const r = new PendingRequests<{ answer?: string }>();
    const a = r.start({});
    const open = r.get(a);
    assert.ok(open);
    open.answer = 'kept';
    assert.equal(r.size, 1, 'still open');
    assert.deepEqual(r.take(a), { answer: 'kept' });
    assert.equal(r.get(a), undefined, 'closed');
  });

  it('drops replies to ids never opened or given up on', () => {
    const r = new PendingRequests<{ t0: number; t1: number }>();
    assert.equal(r.take(1), undefined, 'nothing was asked yet');
    const old = r.start({ t0: 0, t1: 10 });
    r.clear(); // e.g. the page loaded another run, or Reset
    const now = r.start({ t0: 5, t1: 6 });
    assert.notEqual(now, old, 'ids are not reused after clear()');
    assert.equal(r.take(old), undefined);
    assert.deepEqual(r.take(now), { t0: 5, t1: 6 });
    for (const bad of [0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER]) assert.equal(r.take(bad), undefined);
  });

  it('any interleaving of starts, replies and clears answers each open request exactly once (property)', () => {
    type Op = { op: 'start' } | { op: 'reply'; pick: number } | { op: 'clear' };
    const ops = fc.array(
      fc.oneof(
        fc.constant<Op>({ op: 'start' }),
        fc.nat(40).map<Op>((pick) => ({ op: 'reply', pick })),
        fc.constant<Op>({ op: 'clear' }),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(ops, (list) => {
        const r = new PendingRequests<number>();
        const open = new Set<number>();
        const answered = new Set<number>();
        for (const o of list) {
          if (o.op === 'start') {
            const id = r.start(-1);
            assert.ok(!open.has(id) && !answered.has(id), 'a fresh id');
            open.add(id);
          } else if (o.op === 'clear') {
            r.clear();
            for (const id of open) answered.add(id);
            open.clear();
          } else {
            const got = r.take(o.pick) !== undefined;
            assert.equal(got, open.has(o.pick), `reply ${o.pick}`);
            if (open.delete(o.pick)) answered.add(o.pick);
          }
          assert.equal(r.size, open.size);
        }
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
