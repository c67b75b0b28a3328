// The rules panel round trip (#12 item 5): with v6.1 vs rfc-v2 shown (the Compare… check),
// click v6.1's kvmDeferNumaZap value in the rules panel; the timeline re-runs with a third
// variant, v6.1+kvmDeferNumaZap, beside the others, and the counters table has its column and
// its delta against v6.1.
import type { Check } from '../check';
import { probe, waitForProbe } from '../lensProbe';
import { webviewFrame } from '../workbench';
import { COMPARE, COMPARE_VARIANTS } from './compareVariants';

export const RULES_WHAT_IF =
  'the rules panel lists each variant’s rules; flipping v6.1’s kvmDeferNumaZap simulates v6.1+kvmDeferNumaZap beside the others with deltas';

const FLIPPED = `${COMPARE_VARIANTS[0]}+kvmDeferNumaZap`;

export const rulesWhatIfChecks: Check[] = [
  {
    name: RULES_WHAT_IF,
    requires: [COMPARE],
    timeoutMs: 150_000,
    async run({ page, screenshot, artifacts, log }) {
      const frame = webviewFrame(page);
      const panel = frame.locator('details.mnl-rules');
      await panel.waitFor({ state: 'visible', timeout: 20_000 });
      const heads = (await panel.locator('thead th').allTextContents()).map((s) => s.trim());
      log(`rules panel columns: ${heads.join(' | ')}`);
      if (JSON.stringify(heads) !== JSON.stringify(['rule', ...COMPARE_VARIANTS]))
        throw new Error(`rules panel columns ${JSON.stringify(heads)}`);
      const differing = await panel.locator('tr.mnl-rule-differs td.mnl-rule-name').allTextContents();
      log(`rules that differ: ${differing.join(', ')}`);
      if (!differing.includes('kvmDeferNumaZap'))
        throw new Error('kvmDeferNumaZap is not marked as differing');
      const button = panel.locator(
        `button.mnl-rule-flip[data-variant="${COMPARE_VARIANTS[0]}"][data-rule="kvmDeferNumaZap"]`,
      );
      await button.scrollIntoViewIfNeeded();
      log(`cite: ${(await button.getAttribute('title'))?.split('\n')[0] ?? ''}`);
      await button.click();
      const want = [...COMPARE_VARIANTS, FLIPPED];
      const summary = await waitForProbe(
        page,
        probe.summary,
        (s) => JSON.stringify(s?.variants) === JSON.stringify(want),
        `the timeline showing ${want.join(' vs ')}`,
        90_000,
      );
      log(`run "${summary?.title}": ${summary?.variants.join(' vs ')}`);
      const tables = await waitForProbe(
        page,
        probe.countersTable,
        (t) => t.some((x) => x.caption.startsWith('Counters') && x.head.includes(`Δ ${FLIPPED}`)),
        `a counters column for ${FLIPPED}`,
      );
      const counters = tables.find((x) => x.caption.startsWith('Counters'));
      const row = counters?.rows.find((r) => r[0] === 'remote_tlb_flush');
      log(`${counters?.head.join(' | ')}`);
      if (row) log(row.join(' | '));
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: 'simulating' })
        .first()
        .waitFor({ state: 'hidden', timeout: 10_000 })
        .catch(() => log('the "simulating" progress notification is still shown after 10 s'));
      const rulesPanel = frame.locator('details.mnl-rules');
      await rulesPanel.scrollIntoViewIfNeeded();
      log(`screenshot ${await screenshot('8c-rules-what-if')}`);
      const only = `${artifacts}/8d-rules-panel.png`;
      await rulesPanel.screenshot({ path: only });
      log(`screenshot ${only}`);
      await frame.locator('canvas#timeline').scrollIntoViewIfNeeded();
    },
  },
];
