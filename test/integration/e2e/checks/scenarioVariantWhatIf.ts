// What-if on a variant the scenario file defines itself: "Open scenario…" the own-variant fixture
// (my-fix: v6.12 whose KVM defers NUMA zaps, run beside the tree's variant), click my-fix's
// kvmDeferNumaZap in the rules panel; the timeline re-runs with my-fix+kvmDeferNumaZap=false beside
// the others, no error on the page, and the counters table has its delta column.
import { join } from 'node:path';
import type { Check } from '../check';
import { probe, waitForProbe } from '../lensProbe';
import { runCommand, webviewFrame } from '../workbench';
import { typePath } from './importTrace';

export const SCENARIO_VARIANT_WHAT_IF =
  'flipping a rule of a variant the scenario file defines (my-fix) simulates the flipped variant beside the others';

const OWN = 'my-fix';
const FLIPPED = `${OWN}+kvmDeferNumaZap=false`;

export const scenarioVariantWhatIfChecks: Check[] = [
  {
    name: SCENARIO_VARIANT_WHAT_IF,
    timeoutMs: 120_000,
    async run({ page, screenshot, log }) {
      const fixture = join(process.cwd(), 'test', 'fixtures', 'scenarios', 'own-variant.mmulens.json');
      await runCommand(page, 'MMU Notifier Lens: Open scenario…');
      await typePath(page, fixture);
      const shown = await waitForProbe(
        page,
        probe.summary,
        (s) => !!s && s.title.startsWith('own-variant.mmulens.json') && s.variants.includes(OWN),
        'the own-variant scenario on the timeline',
        60_000,
      );
      log(`run "${shown?.title}": ${shown?.variants.join(' vs ')}`);
      const frame = webviewFrame(page);
      const button = frame.locator(
        `details.mnl-rules button.mnl-rule-flip[data-variant="${OWN}"][data-rule="kvmDeferNumaZap"]`,
      );
      await button.waitFor({ state: 'visible', timeout: 20_000 });
      if ((await button.textContent())?.trim() !== 'true')
        throw new Error(`${OWN}'s kvmDeferNumaZap shows "${await button.textContent()}", not true`);
      await button.scrollIntoViewIfNeeded();
      await button.click();
      const want = [...(shown?.variants ?? []), FLIPPED];
      const error = frame.locator('.mnl-message.mnl-error');
      // The page's error (the what-if did not resolve) ends the wait at once.
      const flipped = await waitForProbe(
        page,
        async (p) => ((await error.isVisible()) ? `error: ${await error.textContent()}` : probe.summary(p)),
        (s) => typeof s === 'string' || JSON.stringify(s?.variants) === JSON.stringify(want),
        `the timeline showing ${want.join(' vs ')}`,
        60_000,
      );
      if (typeof flipped === 'string' || !flipped) throw new Error(`the page shows an ${String(flipped)}`);
      log(`run "${flipped?.title}": ${flipped?.variants.join(' vs ')}`);
      const tables = await waitForProbe(
        page,
        probe.countersTable,
        (t) => t.some((x) => x.caption.startsWith('Counters') && x.head.includes(`Δ ${FLIPPED}`)),
        `a counters column for ${FLIPPED}`,
      );
      log(tables.find((x) => x.caption.startsWith('Counters'))?.head.join(' | ') ?? '');
      const rules = frame.locator('details.mnl-rules');
      await rules.scrollIntoViewIfNeeded();
      const flippedCell = rules.locator(
        `button.mnl-rule-flip[data-variant="${FLIPPED}"][data-rule="kvmDeferNumaZap"]`,
      );
      if ((await flippedCell.textContent())?.trim() !== 'false')
        throw new Error(`${FLIPPED}'s kvmDeferNumaZap shows "${await flippedCell.textContent()}"`);
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: 'simulating' })
        .first()
        .waitFor({ state: 'hidden', timeout: 10_000 })
        .catch(() => log('the "simulating" progress notification is still shown after 10 s'));
      log(`screenshot ${await screenshot('14-scenario-variant-what-if')}`);
      await frame.locator('canvas#timeline').scrollIntoViewIfNeeded();
    },
  },
];
