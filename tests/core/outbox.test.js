// Run by tests/core/test_outbox_js.py with node: static/js/outbox.js in a small fake browser
// (IndexedDB in memory, a form, fetch scripted). The real browser runs it in
// tests/e2e/test_offline_outbox_journey.py.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "../../static/js/outbox.js"), "utf8");
const tick = () => new Promise((r) => setTimeout(r, 5));

function fakeIndexedDB(shared) {
  return {
    open() {
      const req = {};
      setTimeout(() => {
        const db = {
          createObjectStore() {},
          transaction() {
            const t = {};
            const done = () => setTimeout(() => t.oncomplete && t.oncomplete(), 0);
            t.objectStore = () => ({
              getAll() { done(); return { result: [...shared.values()].map((v) => structuredClone(v)) }; },
              get(id) {
                // Answered before the transaction completes; two readwrite transactions never interleave
                // (each get-then-put runs in one microtask, as IndexedDB serialises them).
                const req = {};
                queueMicrotask(() => {
                  req.result = shared.has(id) ? structuredClone(shared.get(id)) : undefined;
                  if (req.onsuccess) req.onsuccess();
                });
                done();
                return req;
              },
              put(item) { shared.set(item.id, structuredClone(item)); done(); },
              delete(id) { shared.delete(id); done(); },
            });
            return t;
          },
        };
        req.result = db;
        if (!shared.opened) { shared.opened = true; req.onupgradeneeded && req.onupgradeneeded(); }
        req.onsuccess();
      }, 0);
      return req;
    },
  };
}

function element(props = {}) {
  const listeners = {};
  return Object.assign({
    dataset: {}, hidden: false, textContent: "", classList: { toggle() {} },
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    fire(type, event) { (listeners[type] || []).forEach((fn) => fn(event)); },
    setAttribute() {}, insertBefore() {}, scrollIntoView() {}, querySelector() { return null; },
    querySelectorAll() { return []; },
  }, props);
}

function node(tag) {
  const listeners = {};
  const n = {
    tagName: tag, children: [], dataset: {}, className: "", hidden: false, href: "", _text: "",
    classList: { toggle() {} },
    append(...kids) { n.children.push(...kids); },
    set textContent(v) { n._text = v; n.children = []; },
    get textContent() { return [n._text, ...n.children.map((c) => c.textContent)].filter(Boolean).join(" | "); },
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    fire(type, event) { (listeners[type] || []).forEach((fn) => fn(event)); },
    closest(sel) { return sel === "[data-outbox-action]" && n.dataset.outboxAction ? n : null; },
    find(pred) { return pred(n) ? n : n.children.map((c) => c.find(pred)).find(Boolean) || null; },
  };
  return n;
}

/* One tab: a page with the figures form; `shared` is the phone's IndexedDB, `server` answers. */
function tab({ shared, server, user = "u1", online = true, locks = null, hash = "", list = null, empty = null }) {
  const key = element({ name: "form_key", type: "hidden", value: "00000000-0000-4000-8000-000000000000" });
  const fields = [
    element({ name: "csrfmiddlewaretoken", type: "hidden", value: "stale" }),
    key,
    element({ name: "revenue", type: "text", value: "2.500.000" }),
    element({ name: "workers", type: "number", value: "1" }),
  ];
  const count = element();
  const badge = element({ dataset: { label: "Menunggu sinyal ({n})", queued: "Tersimpan" }, hidden: true,
    querySelector: () => count });
  let notices = [];
  const form = element({
    elements: fields, action: "http://x/portal/reports/", dataset: { offlineOutbox: "figures", outboxTitle: "Laporan" },
    querySelector: (s) => (s === "[data-form-key]" ? key : s === "[data-outbox-notice]" ? { set textContent(t) { notices.push(t); }, setAttribute() {}, scrollIntoView() {} } : null),
    querySelectorAll: (sel) => {
      const name = /^\[name='(.+)'\]$/.exec(sel);
      return name ? fields.filter((f) => f.name === name[1]) : [];
    },
    reset() { fields[2].value = ""; },
  });
  const sent = [];
  const windowListeners = {};
  const docListeners = {};
  const context = {
    console, setTimeout, queueMicrotask, Promise, structuredClone, FormData, Blob, URL, CustomEvent,
    indexedDB: fakeIndexedDB(shared),
    crypto: globalThis.crypto,
    navigator: { onLine: online, locks },
    confirm: () => true,
    location: { pathname: "/portal/reports/", search: "", hash, href: "http://x/portal/reports/",
      assign(url) { this.assigned = url; }, reload() { this.reloaded = true; } },
    history: { replaceState() {} },
    HTMLFormElement: { prototype: { submit() { context.nativeSubmits = (context.nativeSubmits || 0) + 1; } } },
    fetch(url, init) {
      sent.push({ url, init, body: Object.fromEntries(init.body.entries()) });
      return server(url, init);
    },
    document: {
      body: { dataset: { offlineKey: user } },
      cookie: "sessionid=abc; csrftoken=fresh-token",
      documentElement: { lang: "id" },
      querySelector: (s) => ({ "[data-outbox-badge]": badge, "[data-outbox-list]": list, "[data-outbox-empty]": empty,
        "form[data-offline-outbox='figures']": list ? null : form })[s] || null,
      querySelectorAll: (s) => (s === "form[data-offline-outbox]" && !list ? [form] : []),
      createElement: (tag) => (list ? node(tag) : element()),
      addEventListener(type, fn) { (docListeners[type] = docListeners[type] || []).push(fn); },
      dispatchEvent(e) { (docListeners[e.type] || []).forEach((fn) => fn(e)); },
    },
    addEventListener(type, fn) { (windowListeners[type] = windowListeners[type] || []).push(fn); },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(SOURCE, context);
  return {
    context, form, badge, count, sent, notices: () => notices,
    outbox: context.TumbuhOutbox,
    submit() { form.fire("submit", { preventDefault() {} }); },
    goOnline() { context.navigator.onLine = true; (windowListeners.online || []).forEach((fn) => fn()); },
  };
}

const json = (status, body) => Promise.resolve({
  status, headers: { get: () => "application/json" }, json: () => Promise.resolve(body),
});
const offline = () => Promise.reject(new TypeError("Failed to fetch"));

const cases = {
  async "offline: the whole submission is kept for this person, without the old CSRF token"() {
    const shared = new Map();
    const t = tab({ shared, server: offline, online: false });
    await tick();
    const pageKey = t.form.elements[1].value;
    assert.notEqual(pageKey, "00000000-0000-4000-8000-000000000000");  // a fresh key per page load
    t.submit();
    await tick(); await tick();
    assert.equal(t.sent.length, 0);
    const [item] = [...shared.values()];
    assert.equal(item.user, "u1");
    assert.equal(item.id, pageKey);
    assert.equal(item.kind, "figures");
    assert.deepEqual(item.fields.map((f) => f.n), ["form_key", "revenue", "workers"]);
    assert.equal(item.fields[1].v, "2.500.000");
    assert.equal(t.count.textContent, "Menunggu sinyal (1)");
    assert.equal(t.badge.hidden, false);
    assert.equal(t.form.elements[2].value, "");  // the form is ready for the next one
    assert.notEqual(t.form.elements[1].value, pageKey);  // with a new key
    assert.equal(await t.outbox.count(), 1);
  },

  async "online again: sent once with the key, the header and the fresh CSRF token, then gone"() {
    const shared = new Map();
    const t = tab({ shared, server: () => json(200, { ok: true, url: "/portal/reports/" }), online: false });
    await tick();
    t.submit();
    await tick(); await tick();
    t.goOnline();
    await tick(); await tick(); await tick();
    assert.equal(t.sent.length, 1);
    const { init, body } = t.sent[0];
    assert.equal(init.headers["X-Tumbuh-Outbox"], "1");
    assert.equal(init.headers["X-CSRFToken"], "fresh-token");
    assert.equal(init.redirect, "manual");
    assert.equal(body.form_key, [...t.sent][0].body.form_key);
    assert.equal(body.revenue, "2.500.000");
    assert.equal(shared.size, 0);
    assert.equal(t.badge.hidden, true);
  },

  async "refused: the item stays with the server's message and is not sent again by itself"() {
    const shared = new Map();
    const t = tab({ shared, server: () => json(409, { ok: false, message: "Sudah ada laporan bulan ini." }), online: false });
    await tick();
    t.submit();
    await tick(); await tick();
    t.goOnline();
    await tick(); await tick(); await tick();
    const [item] = [...shared.values()];
    assert.equal(item.state, "refused");
    assert.equal(item.message, "Sudah ada laporan bulan ini.");
    await t.outbox.flush();
    await tick();
    assert.equal(t.sent.length, 1);
  },

  async "online but the send fails on the way: kept, not lost"() {
    const shared = new Map();
    const t = tab({ shared, server: offline, online: true });
    await tick(); await tick();
    t.submit();
    await tick(); await tick(); await tick();
    assert.equal(t.sent.length, 1);
    assert.equal(shared.size, 1);
    assert.equal([...shared.values()][0].state, "waiting");
    assert.equal(t.context.location.assigned, undefined);
  },

  async "online and accepted: the page goes where the server said"() {
    const shared = new Map();
    const t = tab({ shared, server: () => json(200, { ok: true, url: "/portal/milestones/3/" }), online: true });
    await tick(); await tick();
    t.submit();
    await tick(); await tick(); await tick();
    assert.equal(t.context.location.assigned, "http://x/portal/milestones/3/");
    assert.equal(shared.size, 0);
  },

  async "online and refused: the message is shown on the form, nothing is kept"() {
    const shared = new Map();
    const t = tab({ shared, server: () => json(400, { ok: false, message: "Omzet (Rp): angka saja." }), online: true });
    await tick(); await tick();
    t.submit();
    await tick(); await tick(); await tick();
    assert.deepEqual(t.notices(), ["Omzet (Rp): angka saja."]);
    assert.equal(shared.size, 0);
  },

  async "two tabs flushing at once send each item once (the sending mark)"() {
    const shared = new Map();
    let release;
    const slow = () => new Promise((r) => { release = () => r(json(200, { ok: true, url: "/" })); });
    const a = tab({ shared, server: offline, online: false });
    await tick();
    a.submit();
    await tick(); await tick();
    const b = tab({ shared, server: slow, online: true });
    const c = tab({ shared, server: slow, online: true });
    await tick(); await tick(); await tick(); await tick();
    assert.equal(b.sent.length + c.sent.length, 1);
    release();
    await tick(); await tick(); await tick();
    assert.equal(shared.size, 0);
  },

  async "the outbox page lists a refused item with its message, and discarding removes it"() {
    const shared = new Map();
    const id = "11111111-1111-4111-8111-111111111111";
    shared.set(id, { id, user: "u1", kind: "evidence", title: "Mencatat kas", page: "/portal/milestones/3/",
      url: "http://x/portal/milestones/3/", state: "refused", message: "Capaian ini sudah diverifikasi.", created: 1, fields: [] });
    const list = node("ul");
    Object.assign(list.dataset, { waiting: "Menunggu sinyal", sending: "Mengirim…", refused: "Tidak diterima",
      saved: "Disimpan {when}", edit: "Ubah", resend: "Kirim ulang", discard: "Buang", confirmDiscard: "Buang?" });
    const empty = node("p");
    const t = tab({ shared, server: offline, online: true, list, empty });
    await tick(); await tick();
    assert.equal(t.sent.length, 0);  // refused items wait for the person
    assert.equal(list.children.length, 1);
    const text = list.children[0].textContent;
    for (const part of ["Mencatat kas", "Tidak diterima", "Capaian ini sudah diverifikasi.", "Ubah", "Buang"]) {
      assert.ok(text.includes(part), `${part} in ${text}`);
    }
    const editLink = list.find((n) => n.tagName === "a");
    assert.equal(editLink.href, "/portal/milestones/3/#outbox-edit=" + id);
    assert.equal(empty.hidden, true);
    const discard = list.find((n) => n.dataset.outboxAction === "discard");
    list.fire("click", { target: discard });
    await tick(); await tick();
    assert.equal(shared.size, 0);
    assert.equal(list.children.length, 0);
    assert.equal(empty.hidden, false);
  },

  async "edit re-opens the form with the person's values, the item's key and the server's message"() {
    const shared = new Map();
    const id = "22222222-2222-4222-8222-222222222222";
    shared.set(id, { id, user: "u1", kind: "figures", title: "Laporan", page: "/portal/reports/", url: "http://x/portal/reports/",
      state: "refused", message: "Sudah ada laporan bulan ini.", created: 1,
      fields: [{ n: "form_key", v: id }, { n: "revenue", v: "900.000" }, { n: "workers", v: "3" }] });
    const t = tab({ shared, server: offline, online: false, hash: "#outbox-edit=" + id });
    await tick(); await tick();
    const [, key, revenue, workers] = t.form.elements;
    assert.deepEqual([key.value, revenue.value, workers.value], [id, "900.000", "3"]);
    assert.equal(t.form.dataset.outboxEditing, id);
    assert.deepEqual(t.notices(), ["Sudah ada laporan bulan ini."]);
    t.submit();  // still no signal: the same item is kept again, now waiting, not a second one
    await tick(); await tick();
    assert.equal(shared.size, 1);
    assert.equal(shared.get(id).state, "waiting");
  },

  async "count and clear touch only this person's items"() {
    const shared = new Map();
    shared.set("other", { id: "other", user: "u2", state: "waiting", created: 1, fields: [] });
    const t = tab({ shared, server: offline, online: false });
    await tick();
    t.submit();
    await tick(); await tick();
    assert.equal(await t.outbox.count(), 1);
    await t.outbox.clear();
    assert.equal(await t.outbox.count(), 0);
    assert.deepEqual([...shared.keys()], ["other"]);
  },
};

(async () => {
  for (const [name, run] of Object.entries(cases)) {
    await run();
    console.log("ok -", name);
  }
})().catch((err) => { console.error(err); process.exit(1); });
