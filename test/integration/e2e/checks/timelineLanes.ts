// After the "▶ Simulate" lens above mmu_notifier_invalidate_range_start(&range) ran, every
// variant of the timeline has a Host PTE and an SPTE lane whose state bands are there in the
// page's model, overlap the visible window, and are painted: on screen, the centres of the
// largest bands of each state show that state's own colour.
import type { Check } from '../check';
import { probe, waitForProbe, type ProbeLaneBands } from '../lensProbe';
import { RENDERED } from './simulateFromLens';

export const LANES =
  'the timeline shows Host PTE and SPTE lanes with non-empty, drawn bands for every variant';

function describe(l: ProbeLaneBands): string {
  return `${l.variant} ${l.title}: ${l.bands} bands (${l.visibleBands} visible) ${JSON.stringify(l.states)}, colour at ${l.sampledBands} band centres by state ${JSON.stringify(l.stateColours)}`;
}

/** Painted: the states sampled on screen each show their own colour. */
function painted(l: ProbeLaneBands): boolean {
  const colours = Object.values(l.stateColours);
  return colours.length > 0 && new Set(colours).size === colours.length;
}

export const timelineLaneChecks: Check[] = [
  {
    name: LANES,
    requires: [RENDERED],
    async run({ page, log, state }) {
      const summary = await waitForProbe(page, probe.summary, (s) => !!s, 'the timeline model');
      if (!summary) throw new Error('no model');
      log(`run "${summary.title}": ${summary.variants.join(' vs ')}, ${JSON.stringify(summary.totals)}`);
      state.set('lensRun', summary);
      const lanes = { pte: await probe.laneBands(page, 'pte'), spte: await probe.laneBands(page, 'spte') };
      for (const [lane, bands] of Object.entries(lanes)) {
        for (const b of bands) log(describe(b));
        if (bands.length !== summary.variants.length)
          throw new Error(`${lane}: ${bands.length} lane(s) for ${summary.variants.length} variant(s)`);
        for (const b of bands) {
          if (b.bands === 0 || b.visibleBands === 0) throw new Error(`empty lane: ${describe(b)}`);
          if (!painted(b)) throw new Error(`states share one colour on screen (not drawn?): ${describe(b)}`);
        }
        // At least one variant shows two or more states side by side.
        if (!bands.some((b) => Object.keys(b.stateColours).length >= 2))
          throw new Error(`no ${lane} raster shows two states: ${bands.map(describe).join('; ')}`);
      }
      // Mapped states, not only "none"/"absent": a reviewer must see what was there.
      for (const b of lanes.pte)
        if (!b.states.present) throw new Error(`no present PTE band: ${describe(b)}`);
      if (!lanes.spte.some((b) => b.states['4k'] || b.states['2m']))
        throw new Error(`no variant has a mapped (4K/2M) SPTE band`);
    },
  },
];
