// The visitor's events: each gets its id and time when it happens and goes through the persistent queue to POST /v1/events.
import { createQueue } from './queue.js';
import { randomId } from './visitor.js';

const QUEUE_KEY = 'momentum_q';
const REF_KEY = 'momentum_ref';

/** The event log of a visitor; its queue opens with the first allowed start, so nothing is read or sent before consent. */
export function createEvents(win, config, storage, visitor) {
  let queue = null, unstored = [], warned = 0; // unstored: the queue when localStorage is unavailable

  /**
   * Reports an answer that is not an acknowledgement: to the page's momentum.onError (or the onError option), and
   * once per page as a console warning, so a misconfigured server (CORS, a proxy's 401) is never a silent loss.
   */
  function report(error) {
    warned++ || win.console.warn('momentum: events ' + (error.dropped ? 'dropped: ' : 'kept: ') + error.status + ' ' + error.message);
    try {
      (config.onError || win.momentum.onError)(error);
    } catch (e) { /* no hook, or a hook that throws: neither may stop the queue */ }
  }

  /**
   * Sends a batch: by beacon when the page is going away, else fetch. Only a 2xx, a 400 or a 413 (data the server
   * will never take) removes it; every other answer, e.g. a CORS refusal (403), a proxy's 401 or a 415, keeps it
   * queued and retried with the queue's capped backoff; every 4xx but 429 is reported.
   */
  function transport(url, body, unloading) {
    const nav = win.navigator;
    if (unloading && nav.sendBeacon) return nav.sendBeacon(url, body);
    // text/plain keeps the request "simple" (no CORS preflight)
    return win.fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }).then((response) => {
      const status = response.status;
      const done = status < 300 || status == 400 || status == 413;
      if (status > 399 && status < 500 && status != 429) {
        const error = { status, dropped: done };
        response.json().then((answer) => answer.error.message, () => '').then((message) => report({ ...error, message }));
      }
      return done;
    }, () => false);
  }

  return {
    /** Opens the queue (once) and sends what earlier pages left. */
    open() {
      queue = queue || createQueue({
        send: (events, unloading) =>
          (config.transport || transport)(config.server + '/v1/events', JSON.stringify({ events }), unloading),
        load: () => JSON.parse(storage.local(QUEUE_KEY) || 0) || unstored,
        save: (list) => storage.local(QUEUE_KEY, JSON.stringify((unstored = list))),
        timer: (fn, ms) => win.setTimeout(fn, ms),
      });
      queue.flush();
    },
    /** Queues an event of the visitor (none without one); a retried event keeps the time it happened. */
    record(fields) {
      const id = visitor.id();
      if (!id) return;
      // The advocate's code of the landing URL (?ref=, or config.refParam): kept with the visitor (the first wins), sent on every event
      const ref = storage.persistent(REF_KEY) || new URLSearchParams(win.location.search).get(config.refParam || 'ref') || undefined;
      if (ref) storage.persistent(REF_KEY, ref);
      queue.add({ ...fields, visitor: id, id: randomId(win), timestamp: Date.now(), ref });
    },
    /** Sends what is queued (by beacon when unloading). */
    send: (unloading) => queue && queue.flush(unloading),
    /** Drops the stored queue and referral code (consent withdrawn). */
    forget() {
      storage.local(QUEUE_KEY, null);
      storage.persistent(REF_KEY, null);
    },
  };
}
