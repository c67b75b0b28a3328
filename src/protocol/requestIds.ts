// One correlation scheme for the request/reply pairs between host and page: the side that asks
// opens a request under a fresh id and sends the id along; the reply carries it back, and only a
// reply whose id is still open is taken. A reply to an id never opened, already answered, given up
// on (timeout) or superseded (a newer request, a newer run, a reloaded page) is stale: the
// receiver drops it and logs a warning.
//   `export` → `exported`: the host asks, the page answers (extension/timelinePanel.ts).
//   `requestDetail` → `detail` | `detailError`: the page asks, the host answers (webview/ui/detail.ts).
//     The host keeps its own record of each (extension/timelinePanel.ts): when the page that asked was
//     hidden or reloaded before the answer, the answer waits, and the next page is told
//     (`resumeDetail`) to ask for that window again under an id of its own.

/** Request ids are positive safe integers (webviewMessageGuard.ts checks them). */
export type RequestId = number;

/** The open requests of one asker, each with what its reply needs (a waiter, the asked window). */
export class PendingRequests<T> {
  private seq = 0;
  private readonly open = new Map<RequestId, T>();

  /** Opens a request carrying `value`; returns its id. */
  start(value: T): RequestId {
    const id = ++this.seq;
    this.open.set(id, value);
    return id;
  }

  /** Closes the request `id` replies to and returns its value; undefined when stale or unknown. */
  take(id: RequestId): T | undefined {
    const value = this.open.get(id);
    this.open.delete(id);
    return value;
  }

  /** The value of the open request `id` without closing it; undefined when stale or unknown. */
  get(id: RequestId): T | undefined {
    return this.open.get(id);
  }

  /** Gives up on every open request: replies to them are stale from now on. */
  clear(): void {
    this.open.clear();
  }

  /** The open requests, oldest first. */
  entries(): [RequestId, T][] {
    return [...this.open.entries()];
  }

  get size(): number {
    return this.open.size;
  }
}
