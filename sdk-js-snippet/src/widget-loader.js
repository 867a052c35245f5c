// Loads the lazily loaded file (survey and reward widgets, local assignment) the first time a part needs it.

const WIDGETS_FILE = '/sdk/momentum-widgets.js';

/**
 * whenLoaded(fn) runs fn once the file has run (it hangs widgets() and assignLocally() on window.momentum);
 * show(assignment) renders an assignment's widget.
 */
export function createWidgetLoader(win, config, guard, tools) {
  const doc = win.document;
  const pending = [];
  // the widgets' own <style> needs the page's CSP nonce as much as their <script> does
  const context = () => ({ ...tools, document: doc, nonce: config.nonce });
  const loaded = () => win.momentum?.widgets; // set by the file once it ran

  function whenLoaded(fn) {
    if (loaded()) return fn();
    if (pending.push(fn) > 1) return;
    const script = doc.createElement('script');
    script.src = config.widgets || config.server + WIDGETS_FILE;
    if (config.nonce) script.nonce = config.nonce; // a nonce-based CSP runs only scripts carrying the page's nonce
    script.onload = guard(() => pending.forEach((waiting) => waiting()));
    doc.head.appendChild(script);
  }

  return {
    whenLoaded,
    show: (assignment) => whenLoaded(() => win.momentum.widgets(assignment, context())),
  };
}
