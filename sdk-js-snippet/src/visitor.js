// The visitor: consent (required or not, Do Not Track) and the id, which exists only while tracking is allowed.

const VISITOR_KEY = 'momentum_vid';
const CONSENT_KEY = 'momentum_consent';
const SOURCE_KEY = 'momentum_src';

/** A random UUID: crypto.randomUUID, else built from getRandomValues. */
export function randomId(win) {
  const crypto = win.crypto;
  if (crypto.randomUUID) return crypto.randomUUID();
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g,
    (d) => (d ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (d / 4)))).toString(16));
}

/** The visitor id and consent; the id is null until start() finds tracking allowed. */
export function createVisitor(win, config, storage) {
  let id = null;

  function trackingAllowed() {
    const nav = win.navigator;
    const choice = storage.persistent(CONSENT_KEY);
    if (config.dnt && (nav.doNotTrack == '1' || nav.globalPrivacyControl)) return false;
    return choice == '1' || (config.consent != 'required' && choice != '0');
  }

  /**
   * The visitor's first touch (utm_*, click ids, referrer host, landing path), kept with the id, plus the sessions
   * so far (visits) and this visit's source; raw values: the server derives channel and visitor_type from them.
   */
  function source() {
    const loc = win.location;
    const now = {};
    new URLSearchParams(loc.search).forEach((v, k) => /^utm_|clk?id$/.test(k) && (now[k] = v));
    const ref = win.document.referrer && new URL(win.document.referrer).hostname;
    if (ref && ref != loc.hostname) now.referrer = ref;
    const first = JSON.parse(storage.persistent(SOURCE_KEY)) || { ...now, landing: loc.pathname, visits: 0 };
    if (!storage.session(SOURCE_KEY)) {
      first.visits++;
      storage.session(SOURCE_KEY, 1);
      storage.persistent(SOURCE_KEY, JSON.stringify(first));
    }
    return { ...first, visit_source: now.utm_source || now.referrer || 'direct' };
  }

  return {
    id: () => id,
    /** Reads (or makes) and stores the id when tracking is allowed; returns it, or null. */
    start() {
      if (!trackingAllowed()) return null;
      id = storage.persistent(VISITOR_KEY) || randomId(win);
      storage.persistent(VISITOR_KEY, id);
      config.source = source();
      return id;
    },
    /** Remembers the visitor's choice; withdrawing it forgets the id. */
    consent(given) {
      storage.persistent(CONSENT_KEY, given ? '1' : '0');
      if (given) return;
      storage.persistent(VISITOR_KEY, null);
      storage.persistent(SOURCE_KEY, null);
      id = null;
    },
  };
}
