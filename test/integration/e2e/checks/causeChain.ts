// Hovering an SPTE zap on the timeline shows its cause chain (kvm_unmap_gfn_range among it);
// clicking a function of the chain opens that kernel function in the workspace tree, at its
// definition (expected line from the tests' own reading of the file, shared/kernelDefinitions).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Check, E2EContext } from '../check';
import { definitionLine } from '../../shared/kernelDefinitions';
import { probe, waitForProbe, type ProbeEventPos } from '../lensProbe';
import { webviewFrame } from '../workbench';
import { LANES } from './timelineLanes';

export const ZAP_TOOLTIP = 'hovering an SPTE zap shows a tooltip whose cause chain names kvm_unmap_gfn_range';
export const OPEN_KVM_MAIN =
  'clicking virt/kvm/kvm_main.c in the SPTE zap cause chain opens kvm_main.c at that function';
export const OPEN_UNMAP =
  'clicking kvm_unmap_gfn_range in the cause chain opens arch/x86/kvm/mmu/mmu.c at its definition';

const ZAP_FN = 'kvm_unmap_gfn_range';

/** Hovers the event at `pos` and waits for its tooltip; returns the tooltip's cause links. */
async function hoverEvent(page: Page, pos: ProbeEventPos): Promise<string[]> {
  const frame = webviewFrame(page);
  const canvas = frame.locator('canvas#timeline');
  // Leave and re-enter so the page sees a fresh pointermove at the event.
  await canvas.hover({ position: { x: Math.max(1, pos.x - 40), y: pos.y } });
  await canvas.hover({ position: { x: pos.x, y: pos.y } });
  const tip = await waitForProbe(
    page,
    probe.tooltip,
    (t) => t.visible && t.links.length > 0,
    `tooltip of the ${pos.label} at (${pos.x.toFixed(0)}, ${pos.y.toFixed(0)})`,
    10_000,
  );
  return tip.links;
}

/** The 1-based line of the cursor in the active editor, from the status bar ("Ln 12, Col 3"). */
async function cursorLine(page: Page): Promise<number | undefined> {
  const text = await page
    .locator('[id="status.editor.selection"]')
    .first()
    .textContent({ timeout: 2_000 })
    .catch(() => null);
  const m = /Ln (\d+)/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Clicks the cause-chain link `file:fn` and checks the editor that opens. */
async function openFromChain(ctx: E2EContext, file: string, fn: string, shot?: string): Promise<void> {
  const { page, workspace, state, log } = ctx;
  const pos = state.get('zapPos') as ProbeEventPos;
  const links = await hoverEvent(page, pos);
  const text = `${file}:${fn}`;
  if (!links.includes(text)) throw new Error(`no "${text}" in the cause chain: ${links.join(' → ')}`);
  const expected = definitionLine(readFileSync(join(workspace, file), 'utf8'), fn);
  if (!expected) throw new Error(`the tests find no definition of ${fn} in ${file}`);
  await webviewFrame(page).locator('.mnl-tooltip button', { hasText: text }).first().click();
  log(`expected ${file}:${expected}`);
  // What VS Code shows is the evidence: the active editor holds the file (its data-uri) and
  // the cursor sits on the definition's line.
  const base = file.split('/').pop() ?? file;
  await page
    .locator(`.editor-group-container.active .monaco-editor[data-uri$="/${file}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 })
    .catch(async () => {
      const uris = await page
        .locator('.editor-group-container.active .monaco-editor[data-uri]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-uri')));
      throw new Error(`the active editor group shows ${uris.join(', ') || 'no editor'}, not ${file}`);
    });
  const deadline = Date.now() + 10_000;
  let line = await cursorLine(page);
  while (line !== expected && Date.now() < deadline) {
    await page.waitForTimeout(200);
    line = await cursorLine(page);
  }
  if (line !== expected) throw new Error(`the cursor is on line ${line} of ${base}, expected ${expected}`);
  const lineText = await page
    .locator('.editor-group-container.active .view-line', { hasText: new RegExp(`\\b${fn}\\s*\\(`) })
    .first()
    .textContent({ timeout: 5_000 });
  log(`${base}:${line}: ${(lineText ?? '').trim()}`);
  if (shot) log(`screenshot ${await ctx.screenshot(shot)}`);
}

export const causeChainChecks: Check[] = [
  {
    name: ZAP_TOOLTIP,
    requires: [LANES],
    async run({ page, state, screenshot, log }) {
      const pos = await probe.eventScreenPos(page, 'spte_zap');
      if (!pos) throw new Error('no SPTE zap that the hit test finds in the visible window');
      log(
        `${pos.variant} ${pos.label} #${pos.event} at (${pos.x.toFixed(1)}, ${pos.y.toFixed(1)}), t=${pos.t}`,
      );
      state.set('zapPos', pos);
      const links = await hoverEvent(page, pos);
      log(`cause chain: ${links.join(' → ')}`);
      const tip = await probe.tooltip(page);
      if (!/SPTE zap/.test(tip.text)) throw new Error(`the tooltip is not an SPTE zap's: ${tip.text}`);
      if (!links.some((l) => l.endsWith(`:${ZAP_FN}`)))
        throw new Error(`the cause chain does not name ${ZAP_FN}: ${links.join(' → ')}`);
      const model = pos.cause.map((c) => `${c.file}:${c.fn}`);
      if (JSON.stringify(model) !== JSON.stringify(links))
        throw new Error(`tooltip chain ${links.join(' → ')} ≠ the event's ${model.join(' → ')}`);
      log(`screenshot ${await screenshot('6-spte-zap-tooltip')}`);
    },
  },
  {
    name: OPEN_KVM_MAIN,
    requires: [ZAP_TOOLTIP],
    async run(ctx) {
      const pos = ctx.state.get('zapPos') as ProbeEventPos;
      const ref = pos.cause.find((c) => c.file === 'virt/kvm/kvm_main.c');
      if (!ref) throw new Error(`no virt/kvm/kvm_main.c function in the chain`);
      await openFromChain(ctx, ref.file, ref.fn, '7-kvm-main-opened');
    },
  },
  {
    name: OPEN_UNMAP,
    requires: [ZAP_TOOLTIP],
    async run(ctx) {
      const pos = ctx.state.get('zapPos') as ProbeEventPos;
      const ref = pos.cause.find((c) => c.fn === ZAP_FN);
      if (!ref) throw new Error(`no ${ZAP_FN} in the chain`);
      await openFromChain(ctx, ref.file, ref.fn, '7b-kvm-unmap-gfn-range-opened');
    },
  },
];
