// The rules panel round trip (#12 item 5): with v6.1 vs rfc-v2 shown (the Compare… check),
// click v6.1's kvmDeferNumaZap value in the rules panel; the timeline re-runs with a third
// variant, v6.1+kvmDeferNumaZap, beside the others, and the counters table has its column and
// its delta against v6.1.
import type { Locator, Page } from 'playwright-core';
import type { Check } from '../check';
import { probe, waitForProbe } from '../lensProbe';
import { webviewFrame } from '../workbench';
import { COMPARE, COMPARE_VARIANTS } from './compareVariants';

export const RULES_WHAT_IF =
  'the rules panel lists each variant’s rules; flipping v6.1’s kvmDeferNumaZap simulates v6.1+kvmDeferNumaZap beside the others with deltas';

export const WHAT_IF_SHOWN =
  'flipping to a variant the timeline already shows clears "Simulating…" and says so; the next flip still runs';

const FLIPPED = `${COMPARE_VARIANTS[0]}+kvmDeferNumaZap`;

/** The rules panel's button for `rule` in `variant`'s column. */
const flipButton = (page: Page, variant: string, rule: string): Locator =>
  webviewFrame(page).locator(
    `details.mnl-rules button.mnl-rule-flip[data-variant="${variant}"][data-rule="${rule}"]`,
  );

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
  {
    // The same flip again asks for v6.1+kvmDeferNumaZap, which is shown: nothing runs, so the page's
    // "Simulating…" line must be cleared by the host's answer, not left up for good.
    name: WHAT_IF_SHOWN,
    requires: [RULES_WHAT_IF],
    timeoutMs: 150_000,
    async run({ page, screenshot, log }) {
      const message = webviewFrame(page).locator('.mnl-message');
      const before = await probe.summary(page);
      const again = flipButton(page, COMPARE_VARIANTS[0], 'kvmDeferNumaZap');
      await again.scrollIntoViewIfNeeded();
      await again.click();
      const said = await waitForProbe(
        page,
        async () => ((await message.isVisible()) ? ((await message.textContent()) ?? '') : ''),
        (t) => t.includes('already') && !t.includes('Simulating'),
        `the page saying ${FLIPPED} is already shown (no "Simulating…" left up)`,
        15_000,
      );
      log(`page says: ${said}`);
      if (!said.includes(FLIPPED)) throw new Error(`the message does not name ${FLIPPED}: ${said}`);
      const same = await probe.summary(page);
      if (JSON.stringify(same?.variants) !== JSON.stringify(before?.variants))
        throw new Error(`the shown variants changed: ${JSON.stringify(same?.variants)}`);
      await message.scrollIntoViewIfNeeded();
      log(`screenshot ${await screenshot('8e-what-if-already-shown')}`);
      // The next flip (rfc-v2's kvmDeferNumaZap) runs and shows a fourth variant.
      const next = flipButton(page, COMPARE_VARIANTS[1], 'kvmDeferNumaZap');
      await next.scrollIntoViewIfNeeded();
      await next.click();
      const four = await waitForProbe(
        page,
        probe.summary,
        (s) => s?.variants.length === 4 && s.variants[3].startsWith(`${COMPARE_VARIANTS[1]}+kvmDeferNumaZap`),
        `the timeline showing a fourth variant ${COMPARE_VARIANTS[1]}+kvmDeferNumaZap…`,
        90_000,
      );
      log(`run "${four?.title}": ${four?.variants.join(' vs ')}`);
      if (await message.isVisible())
        throw new Error(`the page still shows a message: ${await message.textContent()}`);
      await webviewFrame(page).locator('canvas#timeline').scrollIntoViewIfNeeded();
    },
  },
];
