// The event queue: batched, persistent (the store survives page loads), retried with backoff.
// Every event carries its id from birth, so a retry or a beacon whose fate is unknown is resent under
// the same id and the server's de-duplication keeps counts exact.

/**
 * send(events, unloading) -> boolean | Promise<boolean>: true when the batch needs no retry.
 * load()/save(list) read and write the persistent list (the store is the truth, so tabs share it).
 */
export function createQueue({ send, load, save, max = 100, batch = 50, delay = 1000, timer = setTimeout }) {
  const beaconed = new Set(); // handed to sendBeacon here; stay stored until a later page gets them acknowledged
  let busy = false;
  let backoff = delay;
  let handle = 0;

  const unsent = () => load().filter((e) => !beaconed.has(e.id));
  const schedule = (ms) => {
    if (!handle) handle = timer(() => { handle = 0; flush(); }, ms);
  };

  function add(event) {
    const list = load();
    list.push(event);
    save(list.slice(-max));
    schedule(delay);
  }

  /** Sends one batch; with unloading=true by beacon (fire and forget, resent on a later page). */
  async function flush(unloading) {
    const out = unsent().slice(0, batch);
    if (!out.length || (busy && !unloading)) return;
    if (unloading) {
      if (await send(out, true)) out.forEach((e) => beaconed.add(e.id));
      return;
    }
    busy = true;
    let ok; // a send that throws is a failure
    try {
      ok = await send(out, false);
    } catch (e) { /* retried */ }
    busy = false;
    if (ok) {
      const sent = new Set(out.map((e) => e.id));
      save(load().filter((e) => !sent.has(e.id)));
      backoff = delay;
      if (unsent().length) schedule(0);
    } else {
      backoff = Math.min(backoff * 2, 60000);
      schedule(backoff);
    }
  }

  return { add, flush };
}
