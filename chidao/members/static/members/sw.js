/* Chỉ Đạo service worker (served at /sw.js by members.views.service_worker, which prepends
   CHIDAO_SHELL, CHIDAO_VERSION and CHIDAO_SAVED_URL).
   - the app shell (personal page, offline page, CSS, JS, icon) is cached on install;
   - pages: network first, the cached copy when there is no connection, else the offline page;
   - the documents a person saved (bookmarked) are cached with their file and text whenever a page
     asks for it ("sync-saved"), so they open without a connection. */
/* global CHIDAO_SHELL, CHIDAO_VERSION, CHIDAO_SAVED_URL */
"use strict";

const SHELL_CACHE = "chidao-shell-" + CHIDAO_VERSION;
const SAVED_CACHE = "chidao-saved";
const PAGES_CACHE = "chidao-pages";
const OFFLINE_URL = CHIDAO_SHELL[1];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => Promise.all(CHIDAO_SHELL.map((url) =>
        fetch(url, {credentials: "same-origin"}).then((r) => (r.ok && !r.redirected ? cache.put(url, r) : null))
          .catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys
      .filter((k) => k.startsWith("chidao-shell-") && k !== SHELL_CACHE)
      .map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function syncSaved() {
  if (!CHIDAO_SAVED_URL) return {count: 0};
  const response = await fetch(CHIDAO_SAVED_URL, {credentials: "same-origin", cache: "no-store"});
  if (!response.ok || response.redirected) return {count: 0};
  const data = await response.clone().json();
  const cache = await caches.open(SAVED_CACHE);
  const wanted = new Set([CHIDAO_SAVED_URL]);
  await cache.put(CHIDAO_SAVED_URL, response);
  for (const doc of data.documents || []) {
    for (const url of [doc.url, doc.download_url, doc.text_url]) {
      if (!url) continue;
      wanted.add(url);
      const cached = await cache.match(url);
      if (cached && url !== doc.url) continue;  // files do not change; the page may
      try {
        const r = await fetch(url, {credentials: "same-origin"});
        if (r.ok && !r.redirected) await cache.put(url, r);
      } catch (e) { /* offline meanwhile: keep what is cached */ }
    }
  }
  // A document no longer saved leaves the device.
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!wanted.has(path)) await cache.delete(request);
  }
  return {count: (data.documents || []).length};
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "sync-saved") {
    event.waitUntil(syncSaved().then((result) => {
      if (event.source) event.source.postMessage({type: "saved-synced", count: result.count});
    }).catch(() => null));
  }
});

async function fromCaches(request) {
  const path = new URL(request.url).pathname;
  for (const name of [SAVED_CACHE, PAGES_CACHE, SHELL_CACHE]) {
    const cache = await caches.open(name);
    const hit = await cache.match(path) || await cache.match(request);
    if (hit) return hit;
  }
  return null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === "/sw.js") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.open(SHELL_CACHE).then((cache) => cache.match(request).then((hit) => hit || fetch(request).then((r) => {
        if (r.ok) cache.put(request, r.clone());
        return r;
      })))
    );
    return;
  }
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (request.mode === "navigate" && response.ok && !response.redirected) {
        const saved = await caches.open(SAVED_CACHE);
        if (await saved.match(url.pathname)) await saved.put(url.pathname, response.clone());
        else if (url.pathname === CHIDAO_SHELL[0]) {
          await (await caches.open(SHELL_CACHE)).put(url.pathname, response.clone());
        }
      }
      return response;
    } catch (error) {
      const hit = await fromCaches(request);
      if (hit) return hit;
      if (request.mode === "navigate") {
        const offline = await (await caches.open(SHELL_CACHE)).match(OFFLINE_URL);
        if (offline) return offline;
      }
      throw error;
    }
  })());
});
