import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueue } from '../src/queue.js';

/** A queue over an in-memory store with a manual timer and a scripted transport. */
function harness(answers = []) {
  const store = { list: [] };
  const timers = [];
  const sent = [];
  const queue = createQueue({
    load: () => JSON.parse(JSON.stringify(store.list)),
    save: (list) => { store.list = list; },
    send: async (events, unloading) => {
      sent.push({ ids: events.map((e) => e.id), unloading });
      const answer = answers.length ? answers.shift() : true;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    timer: (fn, ms) => timers.push({ fn, ms }),
    max: 5,
  });
  const runTimer = async () => {
    const t = timers.shift();
    await t.fn();
    return t.ms;
  };
  return { store, timers, sent, queue, runTimer };
}

const ev = (id) => ({ type: 'conversion', goal: 'signup', visitor: 'v', id });

test('eventsAreBatchedOnAShortTimer', async () => {
  const h = harness();
  h.queue.add(ev('a'));
  h.queue.add(ev('b'));
  assert.equal(h.timers.length, 1);
  assert.equal(h.timers[0].ms, 1000);
  await h.runTimer();
  assert.deepEqual(h.sent, [{ ids: ['a', 'b'], unloading: false }]);
  assert.deepEqual(h.store.list, []);
});

test('aFailedSendIsRetriedWithTheSameIdsAndBackoff', async () => {
  const h = harness([false, new Error('offline'), true]);
  h.queue.add(ev('a'));
  await h.runTimer();
  assert.equal(h.timers[0].ms, 2000);
  await h.runTimer();
  assert.equal(h.timers[0].ms, 4000);
  assert.deepEqual(h.store.list.map((e) => e.id), ['a']);
  await h.runTimer();
  assert.deepEqual(h.sent.map((s) => s.ids), [['a'], ['a'], ['a']]);
  assert.deepEqual(h.store.list, []);
});

test('unsentEventsSurviveInTheStoreForTheNextPage', async () => {
  const h = harness([false]);
  h.queue.add(ev('a'));
  await h.runTimer();
  const next = createQueue({ load: () => h.store.list, save: (l) => { h.store.list = l; }, send: async (events) => {
    h.sent.push({ ids: events.map((e) => e.id) });
    return true;
  }, timer: () => {} });
  await next.flush();
  assert.deepEqual(h.sent.at(-1).ids, ['a']);
  assert.deepEqual(h.store.list, []);
});

test('theQueueIsBoundedAndDropsTheOldest', () => {
  const h = harness();
  for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) h.queue.add(ev(id));
  assert.deepEqual(h.store.list.map((e) => e.id), ['c', 'd', 'e', 'f', 'g']);
});

test('aBeaconedEventIsNotResentOnThisPageButKeptForTheNext', async () => {
  const h = harness();
  h.queue.add(ev('a'));
  await h.queue.flush(true);
  assert.deepEqual(h.sent, [{ ids: ['a'], unloading: true }]);
  await h.runTimer();
  assert.equal(h.sent.length, 1, 'no second send on the same page');
  assert.deepEqual(h.store.list.map((e) => e.id), ['a'], 'kept until a later page gets it acknowledged');
});

test('eventsAddedDuringASendAreNotLostNorSentTwice', async () => {
  const store = { list: [] };
  let release;
  const sent = [];
  const queue = createQueue({
    load: () => store.list.slice(),
    save: (l) => { store.list = l; },
    send: (events) => { sent.push(events.map((e) => e.id)); return new Promise((r) => { release = r; }); },
    timer: () => {},
  });
  queue.add(ev('a'));
  const inFlight = queue.flush();
  queue.add(ev('b'));
  await queue.flush(); // busy: does nothing
  release(true);
  await inFlight;
  assert.deepEqual(sent, [['a']]);
  assert.deepEqual(store.list.map((e) => e.id), ['b']);
});
