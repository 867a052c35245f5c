// Applies a variant payload to the elements marked data-momentum="exp-id:slot".
// Only textContent, setAttribute (never on* handlers or script URLs), classList and style: never raw HTML.

const SCRIPT_URL = /^(javascript|vbscript|data:(?!image\/))/i;

/** True when an attribute may be set: no event handlers, no srcdoc, no script-capable URL. */
export function safeAttr(name, value) {
  return !/^on|^srcdoc$/i.test(name) && !SCRIPT_URL.test(String(value).replace(/[\x00-\x20]/g, ''));
}

function setAttr(el, name, value) {
  if (safeAttr(name, value)) el.setAttribute(name, value);
}

/**
 * Applies one slot value: a string/number becomes the text (an image's source for an <img>); an object may
 * set text, attrs, class_add, class_remove, style and src.
 */
export function applySlot(el, value) {
  if (value === null || typeof value !== 'object') {
    if (el.tagName === 'IMG') setAttr(el, 'src', value);
    else el.textContent = String(value);
    return;
  }
  if (value.text != null) el.textContent = String(value.text);
  if (value.src != null) setAttr(el, 'src', value.src);
  for (const k in value.attrs || {}) setAttr(el, k, value.attrs[k]);
  for (const c of value.class_add || []) el.classList.add(c);
  for (const c of value.class_remove || []) el.classList.remove(c);
  for (const k in value.style || {}) el.style.setProperty(k.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase()), value.style[k]);
}

/** Applies a payload to every marked element of the experiment; returns how many elements changed. */
export function applyPayload(root, experiment, payload) {
  let n = 0;
  for (const el of root.querySelectorAll('[data-momentum]')) {
    const [exp, slot] = el.getAttribute('data-momentum').split(':');
    if (exp === experiment && slot && payload && Object.prototype.hasOwnProperty.call(payload, slot)) {
      applySlot(el, payload[slot]);
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
  if (here.searchParams.has(REDIRECT_MARK) || SCRIPT_URL.test(String(redirect).trim())) return null;
  const to = new URL(redirect, here);
  if (!/^https?:$/.test(to.protocol) || (to.origin === here.origin ? to.pathname === here.pathname : !(hosts || []).includes(to.host))) return null;
  here.searchParams.forEach((v, k) => to.searchParams.has(k) || to.searchParams.append(k, v));
  to.searchParams.set(REDIRECT_MARK, experiment);
  if (!to.hash) to.hash = here.hash;
  return to.href;
}
