import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SITE_MARKERS } from '../../src/core/source/calleeCatalog';
import { holdsSiteMarker } from '../../src/core/source/sitePrefilter';

const naive = (b: Buffer): boolean => SITE_MARKERS.some((m) => b.includes(m));

describe('folder-scan prefilter: holdsSiteMarker', () => {
  it('finds a marker at the start, the end, after near misses, and not in near misses alone', () => {
    assert.ok(holdsSiteMarker(Buffer.from('mmu_notifier_register(')));
    assert.ok(holdsSiteMarker(Buffer.from('x = 1; /* mmu_interval')));
    assert.ok(holdsSiteMarker(Buffer.from('mmu_mmu_notify mmu_ mmu_interval_notifier_insert')));
    assert.ok(!holdsSiteMarker(Buffer.from('mmu_notifie')));
    assert.ok(!holdsSiteMarker(Buffer.from('kvm_mmu_zap mmu_lock mmu_invalidate_seq mmu_')));
    assert.ok(!holdsSiteMarker(Buffer.alloc(0)));
  });
  it('agrees with one search per marker on 3,000 random texts built from marker pieces', () => {
    const piece = fc.constantFrom(
      'mmu_',
      'notifier',
      'interval',
      'mmu_notif',
      'mmu_inter',
      'mm',
      '_',
      ' ',
      'u_n',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const b = Buffer.from(parts.join(''));
        assert.equal(holdsSiteMarker(b), naive(b), parts.join(''));
      }),
      { numRuns: 3000, seed: 15 },
    );
  });
});
