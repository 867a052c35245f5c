// Loads the widgets file (survey, reward) on the first assignment that needs it and hands it every such assignment.

const WIDGETS_FILE = '/sdk/momentum-widgets.js';

/** show(assignment) renders its widget, loading the widgets file first if it is not there yet. */
export function createWidgetLoader(win, config, guard, tools) {
  const doc = win.document;
  const pending = [];
  // the widgets' own <style> needs the page's CSP nonce as much as their <script> does
  const context = () => ({ ...tools, document: doc, nonce: config.nonce });
  const renderer = () => win.momentum && win.momentum.widgets; // set by the widgets file once it ran

  return function show(assignment) {
    if (renderer()) return renderer()(assignment, context());
    if (pending.push(assignment) > 1) return;
    const script = doc.createElement('script');
    script.src = config.widgets || config.server + WIDGETS_FILE;
    if (config.nonce) script.nonce = config.nonce; // a nonce-based CSP runs only scripts carrying the page's nonce
    script.onload = guard(() => pending.forEach((waiting) => win.momentum.widgets(waiting, context())));
    doc.head.appendChild(script);
  };
}
