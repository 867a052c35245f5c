// The browser's stores behind calls that never throw: a disabled or full store behaves as if empty.
// Each store is one function: store(key) reads, store(key, value) writes, store(key, null) removes.

/** localStorage (strings), sessionStorage (JSON) and first-party cookies, plus the store chosen for the visitor's own keys. */
export function createStorage(win, config) {
  const doc = win.document;

  function local(key, value) {
    try {
      const store = win.localStorage;
      if (value === undefined) return store.getItem(key);
      value == null ? store.removeItem(key) : store.setItem(key, value);
    } catch (e) { /* storage disabled: behave as if empty */ }
  }

  function session(key, value) {
    try {
      const store = win.sessionStorage;
      if (value === undefined) return JSON.parse(store.getItem(key));
      store.setItem(key, JSON.stringify(value));
    } catch (e) { /* no session cache */ }
  }

  function cookie(key, value) {
    if (value === undefined) {
      const match = doc.cookie.match('(?:^|; )' + key + '=([^;]*)');
      return match && decodeURIComponent(match[1]);
    }
    doc.cookie = key + '=' + encodeURIComponent(value ?? '') + ';max-age=' + (value === null ? 0 : 31536000)
      + ';path=/;SameSite=Lax' + (win.location.protocol == 'https:' ? ';Secure' : '');
  }

  /** The visitor id and the consent choice live in a cookie, or in localStorage when so configured. */
  const persistent = (key, value) => (config.storage == 'local' ? local : cookie)(key, value);

  return { local, session, persistent };
}
