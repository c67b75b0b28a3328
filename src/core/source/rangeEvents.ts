// The MMU_NOTIFY_* event of each range-carrying call: follow its range expression (`range`,
// `wpwalk->range`) to a mmu_notifier_range_init*() of the same expression in the same
// function (kernel-model.md §8). The nearest init before the call wins; with none before it,
// an init after it counts only when all inits of that range in the function agree. A range
// that comes in as a parameter, or is set up in another function (wp_clean_pre_vma() /
// wp_clean_post_vma()), is `unknown`; calls that carry no range are `none`.
export const EVENT_UNKNOWN = 'unknown';
export const EVENT_NONE = 'none';

export interface RangeCall {
  owner: number;
  offset: number;
  rangeExpr?: string;
  /** Set for range_init calls: the MMU_NOTIFY_* constants of the event argument. */
  initEvents?: string[];
  carriesRange: boolean;
}

function eventOfInit(events: string[]): string {
  return events.length ? events.join('|') : EVENT_UNKNOWN;
}

/** One event per call, in the order given. */
export function resolveRangeEvents(calls: readonly RangeCall[]): string[] {
  const inits = new Map<string, RangeCall[]>();
  for (const c of calls) {
    if (!c.initEvents || c.rangeExpr === undefined) continue;
    const key = `${c.owner}\u0000${c.rangeExpr}`;
    const list = inits.get(key);
    if (list) list.push(c);
    else inits.set(key, [c]);
  }
  return calls.map((c) => {
    if (!c.carriesRange) return EVENT_NONE;
    if (c.initEvents) return eventOfInit(c.initEvents);
    if (c.rangeExpr === undefined || c.owner < 0) return EVENT_UNKNOWN;
    const list = inits.get(`${c.owner}\u0000${c.rangeExpr}`);
    if (!list) return EVENT_UNKNOWN;
    let before: RangeCall | undefined;
    for (const init of list)
      if (init.offset < c.offset && (!before || init.offset > before.offset)) before = init;
    if (before?.initEvents) return eventOfInit(before.initEvents);
    const distinct = new Set(list.map((x) => eventOfInit(x.initEvents ?? [])));
    return distinct.size === 1 ? [...distinct][0] : EVENT_UNKNOWN;
  });
}
