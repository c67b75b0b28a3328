// Cancelling a running simulation (issue 15, item 4): a scenario file whose run takes many seconds
// is started through "Open scenario…"; its progress notification's Cancel ends it. The run ends as
// cancelled: the host logs "simulation cancelled", the page says "Simulation cancelled.", no error
// notification appears, the timeline still shows the run it showed before (nothing partial) and the
// page drew nothing new. Then a short scenario runs and is shown.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../check';
import { RENDERED_LINE } from '../../harness/hostLog';
import { probe, waitForProbe, type ProbeSummary } from '../lensProbe';
import { runCommand, webviewFrame } from '../workbench';
import { typePath } from './importTrace';

export const CANCEL_RUN =
  'cancelling a long simulation from its progress notification ends it as cancelled (no error, nothing partial shown); the next run works';

/**
 * The long run: vfio-boot booting for an hour on 128 vCPUs and 128 GiB, about three quarters of
 * the work budget and some 9 s per variant on 2 cores (far longer than the check needs to cancel).
 */
const LONG = { seconds: 3600, vcpus: 128 };
const SHORT = { seconds: 2, vcpus: 4 };
const CANCELLED_LINE = /simulation cancelled after (\d+) ms/;

function key(s: ProbeSummary | null): string {
  return s ? JSON.stringify({ title: s.title, variants: s.variants, totals: s.totals }) : 'null';
}

/** vfio-boot as a scenario file named `name`, booting all along, resized. */
function scenarioFile(repo: string, dir: string, name: string, size: typeof LONG): string {
  const text = readFileSync(join(repo, 'presets', 'vfio-boot.mmulens.json'), 'utf8');
  const preset = JSON.parse(text) as { guest: object; workload: object };
  const guest = { ...preset.guest, vcpus: size.vcpus, memory_gib: size.vcpus };
  const workload = { ...preset.workload, boot_s: size.seconds };
  const file = join(dir, `${name}.mmulens.json`);
  const scenario = { ...preset, $schema: undefined, name, duration_s: size.seconds, guest, workload };
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

export const cancelRunChecks: Check[] = [
  {
    name: CANCEL_RUN,
    timeoutMs: 150_000,
    async run({ page, screenshot, log, artifacts, hostLog }) {
      const repo = process.cwd();
      const long = scenarioFile(repo, artifacts, 'long-run', LONG);
      const short = scenarioFile(repo, artifacts, 'short-run', SHORT);
      const count = (re: RegExp): number => hostLog.lines().filter((l) => re.test(l)).length;
      const errorToasts = page.locator('.notifications-toasts .notification-toast .codicon-error');
      await runCommand(page, 'Notifications: Clear All Notifications');
      const before = await probe.summary(page);
      const renders = count(RENDERED_LINE);
      const cancels = count(CANCELLED_LINE);
      log(`before: ${key(before)}`);

      await runCommand(page, 'MMU Notifier Lens: Open scenario…');
      await typePath(page, long);
      const toast = page
        .locator('.notifications-toasts .notification-toast', { hasText: 'simulating long-run' })
        .first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      const frame = webviewFrame(page);
      await frame.locator('.mnl-message', { hasText: 'Simulating long-run' }).waitFor({ timeout: 10_000 });
      log(`screenshot ${await screenshot('13-long-run-progress')}`);
      const clicked = Date.now();
      await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
      const line = await hostLog.waitFor(CANCELLED_LINE, 15_000, cancels);
      log(`host: ${line[0]}`);
      await toast.waitFor({ state: 'hidden', timeout: 15_000 });
      await frame.locator('.mnl-message', { hasText: 'Simulation cancelled.' }).waitFor({ timeout: 15_000 });
      log(`the page says "Simulation cancelled." ${Date.now() - clicked} ms after the click`);
      await page.waitForTimeout(1_500);
      const after = await probe.summary(page);
      log(`after:  ${key(after)}`);
      if (key(after) !== key(before)) throw new Error('the timeline changed after a cancelled run');
      if (count(RENDERED_LINE) !== renders) throw new Error('the page drew something of the cancelled run');
      const errors = await errorToasts.count();
      if (errors) throw new Error(`${errors} error notification(s) after cancelling`);
      log(`screenshot ${await screenshot('13b-long-run-cancelled')}`);

      await runCommand(page, 'MMU Notifier Lens: Open scenario…');
      await typePath(page, short);
      const next = await waitForProbe(
        page,
        probe.summary,
        (s) => !!s && s.title.startsWith('short-run.mmulens.json'),
        'the run after the cancelled one',
        60_000,
      );
      log(`next run: ${key(next)}`);
      if ((await errorToasts.count()) > 0) throw new Error('an error notification after the next run');
      await page.waitForTimeout(500);
      log(`screenshot ${await screenshot('13c-run-after-cancel')}`);
    },
  },
];
