/* Runs /sw.js under Node with an in-memory Cache Storage and a scripted network (tests/core/test_pwa.py).
 * argv[2]: the served worker (with its TUMBUH_SHELL head); prints the outcome of each scripted step. */
const fs = require("fs");
const ORIGIN = "https://tumbuh.example";
const listeners = {};
const store = new Map(); // cache name -> Map(url -> Response)
const abs = (r) => new URL(typeof r === "string" ? r : r.url, ORIGIN).href;
function cacheFor(name) {
  if (!store.has(name)) store.set(name, new Map());
  const entries = store.get(name);
  return {
    match: async (r) => (entries.has(abs(r)) ? entries.get(abs(r)).clone() : undefined),
    put: async (r, response) => { entries.set(abs(r), response.clone()); },
    delete: async (r) => entries.delete(abs(r)),
    keys: async () => [...entries.keys()].map((url) => ({ url })),
    addAll: async (urls) => { for (const u of urls) entries.set(abs(u), await network(new Request(abs(u)))); },
  };
}
global.caches = {
  open: async (name) => cacheFor(name),
  keys: async () => [...store.keys()],
  has: async (name) => store.has(name),
  // CacheStorage.match with a cacheName looks in that cache only and never creates it.
  match: async (r, options = {}) => {
    const names = options.cacheName ? [options.cacheName] : [...store.keys()];
    for (const name of names) {
      const entries = store.get(name);
      if (entries && entries.has(abs(r))) return entries.get(abs(r)).clone();
    }
    return undefined;
  },
  delete: async (name) => store.delete(name),
};
let online = true;
const pages = {};
async function network(request) {
  if (!online) throw new TypeError("Failed to fetch");
  const path = new URL(request.url).pathname;
  if (path.endsWith("/offline/")) return new Response("<body class=\"offline-page\">No signal " + path + "</body>", { headers: { "Content-Type": "text/html; charset=utf-8" } });
  if (path.startsWith("/static/")) return new Response("static " + path, { headers: { "Content-Type": "text/plain" } });
  const html = pages[path];
  if (html === undefined) return new Response("not found", { status: 404, headers: { "Content-Type": "text/html" } });
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
global.fetch = network;
global.self = {
  location: { origin: ORIGIN },
  addEventListener: (type, fn) => { listeners[type] = fn; },
  skipWaiting: async () => {},
  clients: { claim: async () => {}, matchAll: async () => [] },
  registration: {},
};
require("vm").runInThisContext(fs.readFileSync(process.argv[2], "utf8"));

async function dispatch(type, extra) {
  const waits = [];
  let responded;
  const event = Object.assign({ waitUntil: (p) => waits.push(p), respondWith: (p) => { responded = p; } }, extra);
  listeners[type](event);
  const response = responded ? await responded : undefined;
  await Promise.all(waits);
  await new Promise((r) => setTimeout(r, 0));
  await Promise.all(waits);
  return response;
}
const navigate = async (path) => {
  const request = new Request(ORIGIN + path);
  Object.defineProperty(request, "mode", { value: "navigate" });
  const response = await dispatch("fetch", { request });
  return { status: response.status, body: await response.text() };
};
const names = () => [...store.keys()].sort();
const urls = (name) => (store.has(name) ? [...store.get(name).keys()].map((u) => u.replace(ORIGIN, "")).sort() : []);

(async () => {
  const out = {};
  store.set("tumbuh-shell-oldversion", new Map());
  await dispatch("install");
  await dispatch("activate");
  out.afterActivate = names();
  pages["/portal/"] = '<html><body class="x" data-offline-key="aaaaaaaaaaaaaaaaaaaa">Dashboard Ani</body></html>';
  pages["/learn/kas/"] = '<html><body data-offline-key="aaaaaaaaaaaaaaaaaaaa">Lesson</body></html>';
  pages["/accounts/email/"] = '<html><body data-offline-key="aaaaaaaaaaaaaaaaaaaa">Account</body></html>';
  pages["/"] = '<html><body>Public home</body></html>';
  out.online = (await navigate("/portal/")).body;
  await navigate("/learn/kas/");
  await navigate("/accounts/email/");
  out.kept = urls("tumbuh-pages-aaaaaaaaaaaaaaaaaaaa");
  online = false;
  out.offlineKept = await navigate("/portal/");
  out.offlineNever = await navigate("/portal/reports/");
  out.offlineStart = await navigate("/accounts/home/?source=pwa");
  out.offlineNeverEn = await navigate("/en/portal/reports/");
  online = true;
  // The admin's own pages carry no key: they neither stop offline reading nor are kept.
  pages["/cms/"] = "<html><body>Wagtail</body></html>";
  await navigate("/cms/");
  online = false;
  out.offlineAfterAdmin = (await navigate("/portal/")).body.includes("Dashboard Ani");
  online = true;
  // Another person signs in on this phone: the first person's cache goes.
  pages["/portal/"] = '<html><body data-offline-key="bbbbbbbbbbbbbbbbbbbb">Dashboard Budi</body></html>';
  await navigate("/portal/");
  out.afterOtherPerson = names();
  // A signed-out page: nobody's pages are served offline any more.
  await navigate("/");
  online = false;
  out.offlineSignedOut = await navigate("/portal/");
  online = true;
  await navigate("/portal/");
  await dispatch("message", { data: { type: "tumbuh.signout" } });
  out.afterSignout = names();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
