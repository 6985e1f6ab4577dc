/* Gap detection for the chat's per-conversation sequence numbers (docs/chat-protocol.md).
 * Pure functions, no DOM: loaded by chat.js in the browser (window.TumbuhChatSeq) and by
 * tests/mentoring/chat_seq.test.js under node (module.exports).
 *
 * The tracker keeps the "head": the highest seq up to which the client holds every message, and
 * that message's id. A message above head + 1 means one was missed (the channel layer delivers at
 * most once): the caller syncs at once from the head's id, which returns the missing ones. */
(function (exports) {
  "use strict";

  function create(seq, id) {
    return { seq: seq || 0, id: id || 0, ahead: {} };
  }

  /* Record one received message ({id, seq}). Returns the id to sync after when a gap was found,
   * otherwise null. Messages without a seq (an older server) are ignored. */
  function receive(state, msg) {
    if (!msg || typeof msg.seq !== "number" || !msg.id) return null;
    if (msg.seq <= state.seq) return null; // already held (an ack and its broadcast, a resync)
    if (msg.seq > state.seq + 1) {
      state.ahead[msg.seq] = msg.id;
      return state.id;
    }
    state.seq = msg.seq;
    state.id = msg.id;
    while (state.ahead[state.seq + 1] !== undefined) {
      state.seq += 1;
      state.id = state.ahead[state.seq];
      delete state.ahead[state.seq];
    }
    // Drop anything at or below the new head.
    for (var key in state.ahead) if (Number(key) <= state.seq) delete state.ahead[key];
    return null;
  }

  /* A sync answered completely (has_more false): the server holds nothing more after the head,
   * so whatever is still missing below the highest seq received is not coming (never loop). */
  function settle(state) {
    var top = state.seq;
    for (var key in state.ahead) {
      if (Number(key) > top) { top = Number(key); state.id = state.ahead[key]; }
    }
    state.seq = top;
    state.ahead = {};
  }

  function hasGap(state) {
    for (var key in state.ahead) return true; // eslint-disable-line no-unused-vars
    return false;
  }

  exports.create = create;
  exports.receive = receive;
  exports.settle = settle;
  exports.hasGap = hasGap;
})(typeof module === "object" && module.exports ? module.exports : (window.TumbuhChatSeq = {}));
