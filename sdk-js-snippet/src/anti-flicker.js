// Anti-flicker: a <style> hides the tested elements (or the body) until the variant is applied or the timeout shows control.

/** cover() hides until reveal() or the configured timeout; once revealed, the page stays as it is (a late answer is not applied). */
export function createAntiFlicker(win, config) {
  const doc = win.document;
  let style, timer, revealed;

  function reveal() {
    revealed = true;
    win.clearTimeout(timer);
    style?.remove();
  }

  function cover() {
    if (style || revealed) return;
    style = doc.createElement('style');
    if (config.nonce) style.nonce = config.nonce; // a nonce-based CSP applies only styles carrying the page's nonce
    style.textContent = (config.hide == 'body' ? 'body' : '[data-momentum]') + '{visibility:hidden!important}';
    (doc.head || doc.documentElement).appendChild(style);
    timer = win.setTimeout(reveal, config.timeout);
  }

  return { cover, reveal, revealed: () => !!revealed };
}
