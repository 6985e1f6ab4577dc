// Run by tests/mentoring/test_chat_seq.py with node: the chat client's gap detection (chat-seq.js).
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const seq = require(path.join(__dirname, "../../mentoring/static/mentoring/chat-seq.js"));

const cases = {
  "in order: no sync"() {
    const s = seq.create(4, 40);
    assert.equal(seq.receive(s, { id: 41, seq: 5 }), null);
    assert.equal(seq.receive(s, { id: 43, seq: 6 }), null);
    assert.deepEqual([s.seq, s.id], [6, 43]);
  },
  "N+2 after N: sync after N's id at once"() {
    const s = seq.create(0, 0);
    assert.equal(seq.receive(s, { id: 10, seq: 1 }), null);
    assert.equal(seq.receive(s, { id: 12, seq: 3 }), 10);
    assert.ok(seq.hasGap(s));
    // The sync returns 2 and 3: the head moves to 3, the gap is closed.
    assert.equal(seq.receive(s, { id: 11, seq: 2 }), null);
    assert.equal(seq.receive(s, { id: 12, seq: 3 }), null);
    assert.deepEqual([s.seq, s.id, seq.hasGap(s)], [3, 12, false]);
  },
  "a late arrival fills the gap without a second sync"() {
    const s = seq.create(1, 10);
    assert.equal(seq.receive(s, { id: 13, seq: 4 }), 10);
    assert.equal(seq.receive(s, { id: 11, seq: 2 }), null);
    assert.equal(seq.receive(s, { id: 12, seq: 3 }), null);
    assert.deepEqual([s.seq, s.id, seq.hasGap(s)], [4, 13, false]);
  },
  "duplicates (ack and broadcast of one message) are ignored"() {
    const s = seq.create(2, 20);
    assert.equal(seq.receive(s, { id: 21, seq: 3 }), null);
    assert.equal(seq.receive(s, { id: 21, seq: 3 }), null);
    assert.equal(seq.receive(s, { id: 19, seq: 1 }), null);
    assert.deepEqual([s.seq, s.id], [3, 21]);
  },
  "a resync starts after the head, from the start when seq 1 is the one missing"() {
    const s = seq.create(0, 0);
    assert.equal(seq.syncAfter(s, 7), 7); // no seq held: the last id the page holds (older server)
    assert.equal(seq.receive(s, { id: 12, seq: 2 }), 0); // seq 1 dropped, seq 2 held
    assert.equal(seq.syncAfter(s, 12), 0); // not after 12: that would skip seq 1 for good
    assert.equal(seq.receive(s, { id: 11, seq: 1 }), null);
    assert.equal(seq.syncAfter(s, 12), 12);
  },
  "messages without seq (older server) are ignored"() {
    const s = seq.create(0, 0);
    assert.equal(seq.receive(s, { id: 5 }), null);
    assert.equal(seq.receive(s, { id: null, seq: 1 }), null);
    assert.deepEqual([s.seq, s.id], [0, 0]);
  },
  "a completed sync settles: a number that never comes does not cause endless syncs"() {
    const s = seq.create(1, 10);
    assert.equal(seq.receive(s, { id: 14, seq: 5 }), 10);
    seq.settle(s);
    assert.deepEqual([s.seq, s.id, seq.hasGap(s)], [5, 14, false]);
    assert.equal(seq.receive(s, { id: 15, seq: 6 }), null);
  },
};

let failed = 0;
for (const [name, fn] of Object.entries(cases)) {
  try {
    fn();
    console.log("ok - " + name);
  } catch (err) {
    failed += 1;
    console.log("not ok - " + name + "\n" + err.stack);
  }
}
process.exit(failed ? 1 : 0);
