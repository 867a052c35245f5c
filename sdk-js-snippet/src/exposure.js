// Exposures: an experiment counts a visitor only when the page really showed the variant.

/**
 * expose(assignment) records one exposure per experiment and page, with the visitor's source and page attributes (the
 * server fixes the visitor's segments from them); forced (QA) and rollout assignments are never counted.
 */
export function createExposures(events, config) {
  const exposed = new Set();
  return function expose(assignment) {
    if (exposed.has(assignment.experiment) || (assignment.source && assignment.source != 'bucketed')) return;
    exposed.add(assignment.experiment);
    events.record({ type: 'exposure', experiment: assignment.experiment, token: assignment.token, attributes: { ...config.source, ...config.attributes } }); // the token is the server's proof of the assignment
  };
}
