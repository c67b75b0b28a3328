// Test seam between the page and its test-only probe (src/webview/testProbe.ts, bundled on
// its own as dist/webviewTestProbe.js and never packaged). The page exposes nothing on
// `window`: it answers one DOM event, by handing the asker its TimelineView. The probe (or
// the bench page) asks when it needs the view; a production page, which loads no probe, is
// never asked.
import type { TimelineView } from './timelineView';

const ASK_FOR_VIEW = 'mnl-ask-for-view';

type Ask = CustomEvent<(view: TimelineView) => void>;

/** The page's side: answer asks for the view with `view`. */
export function answerAsksForView(view: TimelineView): void {
  window.addEventListener(ASK_FOR_VIEW, (e) => (e as Ask).detail(view));
}

/** The probe's side: the page's view, if a page in this window answers (synchronously). */
export function askForView(): TimelineView | undefined {
  let view: TimelineView | undefined;
  window.dispatchEvent(new CustomEvent(ASK_FOR_VIEW, { detail: (v: TimelineView) => (view = v) }));
  return view;
}
