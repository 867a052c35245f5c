// Applies a variant payload to the elements marked data-momentum="exp-id:slot".
// Only textContent, setAttribute (never on* handlers or script URLs), classList and style: never raw HTML.
// URLs it sets (href, src, srcset, url() in styles...) stay on the page's origin unless allowed_hosts lists the host.

const SCRIPT_URL = /^(javascript|vbscript|data:(?!image\/))/i;

/** True when an attribute may be set: no event handlers, no srcdoc or style (payloads have style: {}), no script-capable URL. */
export function safeAttr(name, value) {
  return !/^on|^s(rcdoc|tyle)$/i.test(name) && !SCRIPT_URL.test((value + '').replace(/[\x00-\x20]/g, ''));
}

/**
 * True when the URLs in attribute name's value v are http(s) on the host of the page at URL page, or on a host the
 * payload's allowed_hosts lists. Checked from every comma on (where a srcset may start a URL) and, in a style property, from
 * every url(; a value with @ (user info), a backslash (CSS escape) or image-set()/src() is refused.
 */
export function onSite(page, hosts, name, v) {
  return (name == 'style' ? v.split(/url\(\s*["']?/i) : /(href|src|action|poster|srcset)$/i.test(name) ? v.split(',').map((_, i, a) => a.slice(i) + '') : [])
    .every((u) => {
      try {
        u = new URL(u, page);
        return !/[\\@]|-set\(|src\(/i.test(v) && /^https?:/.test(u) && [new URL(page).host].concat(hosts).includes(u.host);
      } catch {}
    });
}

/**
 * Applies one slot value: a string/number becomes the text (an image's source for an <img>); an object may
 * set text, attrs, class_add, class_remove, style and src. ok(name, value): the URLs in it may be set.
 */
export function applySlot(el, value, ok) {
  const set = (name, v) => safeAttr(name, v += '') && ok(name, v) && el.setAttribute(name, v);
  if (Object(value) !== value) { // a string, number or null
    if (el.tagName == 'IMG') set('src', value);
    else el.textContent = value;
    return;
  }
  if (value.text != null) el.textContent = value.text;
  if (value.src != null) set('src', value.src);
  for (const k in value.attrs || {}) set(k, value.attrs[k]);
  for (const c of value.class_add || []) el.classList.add(c);
  for (const c of value.class_remove || []) el.classList.remove(c);
  for (const k in value.style || {}) {
    const v = value.style[k] + '';
    if (ok('style', v)) el.style.setProperty(k.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase()), v);
  }
}

/** Applies a payload to every marked element of the experiment on the page at href; returns how many elements changed. */
export function applyPayload(root, experiment, payload, href) {
  let n = 0;
  for (const el of root.querySelectorAll('[data-momentum]')) {
    const [exp, slot] = el.getAttribute('data-momentum').split(':');
    if (exp === experiment && slot && payload && {}.hasOwnProperty.call(payload, slot)) {
      applySlot(el, payload[slot], onSite.bind(0, href, payload.allowed_hosts));
      n++;
    }
  }
  return n;
}

export const REDIRECT_MARK = 'momentum_redirect';

/**
 * Where a landing-page redirect should go, or null: keeps the current query string (plus a marker) and hash,
 * never leaves a page that was itself reached by a redirect, never goes to the same path or a script URL,
 * and stays on the page's origin unless the payload lists the target host in allowed_hosts.
 */
export function redirectTarget(href, redirect, experiment, hosts) {
  const here = new URL(href);
  if (here.searchParams.has(REDIRECT_MARK) || !onSite(href, hosts, 'href', redirect += '')) return null;
  const to = new URL(redirect, here);
  if (to.origin + to.pathname == here.origin + here.pathname) return null;
  here.searchParams.forEach((v, k) => to.searchParams.has(k) || to.searchParams.append(k, v));
  to.searchParams.set(REDIRECT_MARK, experiment);
  if (!to.hash) to.hash = here.hash;
  return to.href;
}
