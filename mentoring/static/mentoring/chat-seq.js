/* Gap detection for the chat's per-conversation sequence numbers (docs/chat-protocol.md). */
(function (exports) {
  "use strict";

  function create(seq, id) {
    return { seq: seq || 0, id: id || 0, ahead: {} };
  }

  /* Record one received message ({id, seq}). */
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

  /* A complete sync answer (has_more false) closes every gap up to its last seq. */
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

  /* Where a resync starts (after a reconnect, or when idle): after the head's id once there is a head
     or a gap (a gap with no head means seq 1 is missing: from the start), else after the last id the
     page holds (messages of an older server carry no seq). */
  function syncAfter(state, lastHeld) {
    return state.seq || hasGap(state) ? state.id : lastHeld;
  }

  exports.create = create;
  exports.syncAfter = syncAfter;
  exports.receive = receive;
  exports.settle = settle;
  exports.hasGap = hasGap;
})(typeof module === "object" && module.exports ? module.exports : (window.TumbuhChatSeq = {}));
