// The snippet's core: configuration, visitor id and consent, anti-flicker, assignment, applying
// payloads, exposure and goal tracking. Widgets (survey, reward) live in a second, lazily loaded file.
import { assignLocally } from './hash.js';
import { applyPayload, redirectTarget } from './apply.js';
import { createQueue } from './queue.js';

/** Creates the `momentum` API for a window; nothing happens until init(). */
export function createMomentum(win) {
  const doc = win.document;
  const loc = win.location;
  const cfg = { timeout: 800, storage: 'cookie', ttl: 300000 };
  const exposed = {};
  const waiting = [];
  const widgetQueue = [];
  let visitor = null;
  let assignments = null;
  let revealed = false;
  let style;
  let timer;
  let queue;
  let listening = false;

  // Every entry point: an exception inside the snippet shows the page and is otherwise swallowed.
  const guard = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      reveal();
      if (cfg.debug) win.console.error('momentum', e);
    }
  };

  const local = (key, value) => {
    try {
      const s = win.localStorage;
      if (value === undefined) return s.getItem(key);
      value === null ? s.removeItem(key) : s.setItem(key, value);
    } catch (e) { /* storage disabled: behave as if empty */ }
  };
  const session = (key, value) => {
    try {
      return value === undefined ? JSON.parse(win.sessionStorage.getItem(key)) : win.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* no session cache */ }
  };
  const cookie = (key, value) => {
    if (value === undefined) {
      const m = doc.cookie.match('(?:^|; )' + key + '=([^;]*)');
      return m && decodeURIComponent(m[1]);
    }
    doc.cookie = key + '=' + (value === null ? ';max-age=0' : encodeURIComponent(value) + ';max-age=31536000')
      + ';path=/;SameSite=Lax' + (loc.protocol === 'https:' ? ';Secure' : '');
  };
  const persist = (key, value) => (cfg.storage === 'local' ? local : cookie)(key, value);

  const uuid = () => {
    const c = win.crypto;
    if (c.randomUUID) return c.randomUUID();
    return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g,
      (d) => (d ^ (c.getRandomValues(new Uint8Array(1))[0] & (15 >> (d / 4)))).toString(16));
  };

  const allowed = () => {
    const nav = win.navigator;
    const choice = persist('momentum_consent');
    if (cfg.dnt && (nav.doNotTrack === '1' || nav.globalPrivacyControl)) return false;
    return choice === '1' || (cfg.consent !== 'required' && choice !== '0');
  };

  function hide() {
    if (style || revealed) return;
    style = doc.createElement('style');
    if (cfg.nonce) style.nonce = cfg.nonce;
    style.textContent = (cfg.hide === 'body' ? 'body' : '[data-momentum]') + '{visibility:hidden!important}';
    (doc.head || doc.documentElement).appendChild(style);
    timer = win.setTimeout(reveal, cfg.timeout);
  }

  function reveal() {
    revealed = true;
    win.clearTimeout(timer);
    if (style) style.remove();
  }

  const whenDom = (fn) => (doc.readyState === 'loading' ? doc.addEventListener('DOMContentLoaded', guard(fn)) : fn());

  function transport(url, body, unloading) {
    const nav = win.navigator;
    if (unloading && nav.sendBeacon) return nav.sendBeacon(url, body);
    // text/plain keeps the request "simple" (no CORS preflight); 4xx are not retried (they would fail again)
    return win.fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' })
      .then((r) => r.status < 500 && r.status !== 429, () => false);
  }

  function event(e) {
    if (!visitor) return;
    e.visitor = visitor;
    e.id = uuid();
    e.timestamp = Date.now(); // a retried event keeps the time it happened
    queue.add(e);
  }

  function expose(a) {
    // forced (QA) and rollout assignments are never counted
    if (exposed[a.experiment] || (a.source && a.source !== 'bucketed')) return;
    exposed[a.experiment] = 1;
    event({ type: 'exposure', experiment: a.experiment });
  }

  function widget(a) {
    const render = win.momentum && win.momentum.widgets;
    if (render) return render(a, context);
    if (widgetQueue.push(a) > 1) return;
    const s = doc.createElement('script');
    s.src = cfg.widgets || cfg.server + '/sdk/momentum-widgets.js';
    if (cfg.nonce) s.nonce = cfg.nonce; // a nonce-based CSP runs only the scripts that carry the page's nonce
    s.onload = guard(() => widgetQueue.forEach((w) => win.momentum.widgets(w, context)));
    doc.head.appendChild(s);
  }

  function got(list) {
    assignments = list || [];
    for (const a of assignments) {
      const to = a.payload && a.payload.redirect && redirectTarget(loc.href, a.payload.redirect, a.experiment);
      if (to && !revealed) {
        expose(a);
        queue.flush(true);
        return loc.replace(to);
      }
    }
    whenDom(() => {
      for (const a of assignments) {
        const p = a.payload || {};
        // shown: a slot changed, or the page itself is the variant (no redirect taken, or nothing to apply)
        if (!revealed && (applyPayload(doc, a.experiment, p) || 'redirect' in p || !Object.keys(p).length)) expose(a);
        if (p.survey || p.reward) widget(a);
      }
      reveal();
      waiting.splice(0).forEach((cb) => guard(cb)(assignments));
    });
  }

  function start() {
    if (!allowed()) {
      reveal(); // no id and no requests before consent: the page shows control
      return;
    }
    visitor = persist('momentum_vid') || uuid();
    persist('momentum_vid', visitor);
    let mem = [];
    queue = queue || createQueue({
      send: (events, unloading) => (cfg.transport || transport)(cfg.server + '/v1/events', JSON.stringify({ events }), unloading),
      load: () => JSON.parse(local('momentum_q') || 'null') || mem,
      save: (list) => local('momentum_q', JSON.stringify(mem = list)),
      timer: (fn, ms) => win.setTimeout(fn, ms),
    });
    queue.flush(); // leftovers of earlier pages
    hide();
    const attrs = Object.assign({ site: cfg.site }, cfg.attributes);
    const q = new URLSearchParams({ visitor, url: loc.pathname, track: 'false' });
    if (cfg.stage) q.set('stage', cfg.stage);
    const force = new URLSearchParams(loc.search).get('momentum_force'); // QA links (the server decides if allowed)
    if (force) q.set('momentum_force', force);
    for (const k in attrs) if (attrs[k] != null) q.set('attr.' + k, attrs[k]);
    const key = 'momentum_a:' + q;
    const cached = session(key);
    if (cfg.experiments) got(assignLocally(cfg.experiments, visitor, cfg.stage));
    else if (cached && Date.now() - cached.t < cfg.ttl) got(cached.a);
    else {
      win.fetch(cfg.server + '/v1/assign?' + q, { credentials: 'omit' })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then(guard((j) => {
          session(key, { t: Date.now(), a: j.assignments });
          got(j.assignments);
        }), reveal);
    }
  }

  const context = { event: guard(event), expose: guard(expose), document: doc };
  const api = {
    /** Merges configuration (same names as the data attributes, plus attributes/experiments/transport) and starts. */
    init(options) {
      Object.assign(cfg, options);
      cfg.timeout = +cfg.timeout;
      context.nonce = cfg.nonce;
      if (!cfg.server) cfg.server = loc.origin;
      if (!listening) {
        listening = true;
        doc.addEventListener('click', guard((e) => {
          const el = e.target.closest && e.target.closest('[data-momentum-goal]');
          if (el) api.track(el.getAttribute('data-momentum-goal'));
        }), true);
        const leave = guard(() => queue && queue.flush(true));
        win.addEventListener('pagehide', leave);
        doc.addEventListener('visibilitychange', () => doc.visibilityState === 'hidden' && leave());
      }
      start();
    },
    /** Records a conversion of a goal, optionally with a monetary value. */
    track(goal, options) {
      event({ type: 'conversion', goal, value: options && options.value });
    },
    /** Gives (true) or withdraws (false) consent; withdrawing forgets the visitor id and the queue. */
    consent(yes) {
      persist('momentum_consent', yes ? '1' : '0');
      if (yes) return start();
      persist('momentum_vid', null);
      local('momentum_q', null);
      visitor = null;
    },
    /** Calls back with the assignments once they are applied (or at once if they already are). */
    ready(cb) {
      assignments && revealed ? cb(assignments) : waiting.push(cb);
    },
    /** The visitor's variant key in an experiment (recording an exposure), or null. */
    variant(experiment) {
      const a = (assignments || []).find((x) => x.experiment === experiment);
      if (!a) return null;
      expose(a);
      return a.variant;
    },
    flush: () => queue && queue.flush(),
    visitor: () => visitor,
  };
  for (const k in api) api[k] = guard(api[k]);
  return api;
}
