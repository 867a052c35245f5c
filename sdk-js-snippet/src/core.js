// The snippet's core: wires the parts (configuration, visitor, anti-flicker, assignment cache, exposures, event
// queue, widget loader), applies the assignments to the page and is the `momentum` API. Widgets (survey,
// reward) and local assignment (the hashing) live in a second, lazily loaded file.
import { applyPayload, redirectTarget } from './apply.js';
import { createAntiFlicker } from './anti-flicker.js';
import { createAssignmentCache } from './assignment-cache.js';
import { configure, createConfig } from './config.js';
import { createEvents } from './events.js';
import { createExposures } from './exposure.js';
import { createStorage } from './storage.js';
import { createVisitor } from './visitor.js';
import { createWidgetLoader } from './widget-loader.js';

/** Creates the `momentum` API for a window; nothing happens until init(). */
export function createMomentum(win) {
  const doc = win.document;
  const config = createConfig();
  const storage = createStorage(win, config);
  const visitor = createVisitor(win, config, storage);
  const antiFlicker = createAntiFlicker(win, config);
  const events = createEvents(win, config, storage, visitor);
  const expose = createExposures(events, config);
  // the page's assignments (null until shown), callbacks waiting for them, the page listeners and page view done
  let assignments = null, listening, visited;
  const waitingForReady = [];

  // Every entry point: an exception inside the snippet shows the page and is otherwise swallowed.
  const guard = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      antiFlicker.reveal();
      if (config.debug) win.console.error('momentum', e);
    }
  };
  const lazy = createWidgetLoader(win, config, guard, { event: guard(events.record), expose: guard(expose) });
  const loadAssignments = createAssignmentCache(win, config, storage, lazy.whenLoaded);
  const whenDomReady = (fn) => (doc.readyState == 'loading' ? doc.addEventListener('DOMContentLoaded', guard(fn)) : fn());

  /** Applies one assignment unless the timeout already showed control; counts it if shown; opens its widget. */
  function applyAssignment(assignment) {
    const payload = assignment.payload || {};
    // shown: an element changed, or the page itself is the variant (a redirect not taken, or nothing to apply)
    if (!antiFlicker.revealed()
      && (applyPayload(doc, assignment.experiment, payload, win.location.href) || 'redirect' in payload || !Object.keys(payload).length)) {
      expose(assignment);
    }
    if (payload.survey || payload.reward) lazy.show(assignment);
  }

  /** A redirect leaves before anything shows; otherwise, once the DOM is parsed, payloads apply and the page shows. */
  function showAssignments(list) {
    assignments = list || [];
    for (const assignment of assignments) {
      const payload = assignment.payload;
      const target = payload?.redirect && redirectTarget(win.location.href, payload.redirect, assignment.experiment, payload.allowed_hosts);
      if (target && !antiFlicker.revealed()) {
        expose(assignment);
        events.send(true); // by beacon: this page is going away
        return win.location.replace(target);
      }
    }
    whenDomReady(() => {
      assignments.forEach(applyAssignment);
      antiFlicker.reveal();
      waitingForReady.splice(0).forEach((callback) => guard(callback)(assignments));
    });
  }

  function start() {
    const id = visitor.start();
    if (!id) return antiFlicker.reveal(); // no id and no requests before consent: the page shows control
    events.open();
    // one page view per page load, the entered event of the default flywheel's first stage (visit: false = none)
    if (config.visit + '' != 'false' && !visited) {
      visited = 1;
      events.record({ type: 'conversion', goal: config.visit });
    }
    antiFlicker.cover();
    loadAssignments(id, guard(showAssignments), antiFlicker.reveal);
  }

  /** Goal clicks (data-momentum-goal) and the last flush by beacon when the page is hidden or left. */
  function listenToThePage() {
    doc.addEventListener('click', guard((e) => {
      const el = e.target.closest?.('[data-momentum-goal]');
      if (el) api.track(el.getAttribute('data-momentum-goal'));
    }), true);
    const leave = guard(() => events.send(true));
    win.addEventListener('pagehide', leave);
    doc.addEventListener('visibilitychange', () => doc.visibilityState == 'hidden' && leave());
  }

  const api = {
    /** Merges configuration (same names as the data attributes, plus attributes/experiments/transport) and starts. */
    init(options) {
      configure(config, options, win.location);
      if (!listening) {
        listening = true;
        listenToThePage();
      }
      start();
    },
    /** Records a conversion of a goal, optionally with a monetary value. */
    track(goal, options) {
      events.record({ type: 'conversion', goal, value: options && options.value });
    },
    /** Gives (true) or withdraws (false) consent; withdrawing forgets the visitor id and the queue. */
    consent(given) {
      visitor.consent(given);
      if (given) return start();
      events.forget();
    },
    /** Calls back with the assignments once they are applied (or at once if they already are). */
    ready(callback) {
      assignments && antiFlicker.revealed() ? callback(assignments) : waitingForReady.push(callback);
    },
    /** The visitor's variant key in an experiment (recording an exposure), or null. */
    variant(experiment) {
      const assignment = (assignments || []).find((a) => a.experiment === experiment);
      if (!assignment) return null;
      expose(assignment);
      return assignment.variant;
    },
    /** Asks again with debug=1: the console shows, per experiment, why this visitor is not in it. */
    debug() {
      config.debug = 1;
      start();
    },
    flush: () => events.send(),
    visitor: () => visitor.id(),
  };
  for (const name in api) api[name] = guard(api[name]);
  return api;
}
