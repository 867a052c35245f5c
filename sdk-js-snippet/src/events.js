// The visitor's events: each gets its id and time when it happens and goes through the persistent queue to POST /v1/events.
import { createQueue } from './queue.js';
import { randomId } from './visitor.js';

const QUEUE_KEY = 'momentum_q';
const REF_KEY = 'momentum_ref';

/** The event log of a visitor; its queue opens with the first allowed start, so nothing is read or sent before consent. */
export function createEvents(win, config, storage, visitor) {
  const state = { queue: null, unstored: [] }; // unstored: the queue when localStorage is unavailable

  /** Sends a batch: by beacon when the page is going away, else fetch; 5xx, 429 and network errors ask for a retry. */
  function transport(url, body, unloading) {
    const nav = win.navigator;
    if (unloading && nav.sendBeacon) return nav.sendBeacon(url, body);
    // text/plain keeps the request "simple" (no CORS preflight); 4xx are not retried (they would fail again)
    return win.fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' })
      .then((response) => response.status < 500 && response.status !== 429, () => false);
  }

  return {
    /** Opens the queue (once) and sends what earlier pages left. */
    open() {
      state.queue = state.queue || createQueue({
        send: (events, unloading) =>
          (config.transport || transport)(config.server + '/v1/events', JSON.stringify({ events }), unloading),
        load: () => JSON.parse(storage.local(QUEUE_KEY) || 'null') || state.unstored,
        save: (list) => storage.local(QUEUE_KEY, JSON.stringify((state.unstored = list))),
        timer: (fn, ms) => win.setTimeout(fn, ms),
      });
      state.queue.flush();
    },
    /** Queues an event of the visitor (none without one); a retried event keeps the time it happened. */
    record(fields) {
      const id = visitor.id();
      if (!id) return;
      // The advocate's code of the landing URL (?ref=, or config.refParam): kept with the visitor (the first wins), sent on every event
      const ref = storage.persistent(REF_KEY) || new URLSearchParams(win.location.search).get(config.refParam || 'ref') || undefined;
      if (ref) storage.persistent(REF_KEY, ref);
      state.queue.add({ ...fields, visitor: id, id: randomId(win), timestamp: Date.now(), ref });
    },
    flush: (unloading) => state.queue && state.queue.flush(unloading),
    /** Drops the stored queue and referral code (consent withdrawn). */
    forget() {
      storage.local(QUEUE_KEY, null);
      storage.persistent(REF_KEY, null);
    },
  };
}
