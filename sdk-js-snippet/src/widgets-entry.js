// Entry of dist/momentum-widgets.js: hangs the renderer and local assignment (init's experiments option) on the core's global.
import { assignLocally } from './hash.js';
import { render } from './widgets.js';

if (window.momentum) window.momentum.assignLocally = assignLocally;
if (window.momentum) window.momentum.widgets = (a, ctx) => {
  try {
    render(a, ctx);
  } catch (e) {
    /* never break the host page */
  }
};
