/* Chỉ Đạo on a phone: registers the service worker, keeps the device's saved documents fresh, and
   keeps forms written without a connection (a question, a report draft, a study reflection) in
   IndexedDB until the connection returns, then sends each exactly once: every draft carries a key
   made here, and the server stores a key only once (a resend is answered "already received"). */
"use strict";
(function () {
  const script = document.currentScript;
  const SW_URL = script ? script.dataset.sw : "/sw.js";
  const SYNC_URL = script ? script.dataset.sync : "/cua-toi/dong-bo/";
  // Drafts belong to the person who wrote them: on a shared phone another person's session never sends them.
  const USER = script ? script.dataset.user : "";
  const DB_NAME = "chidao-outbox";
  const STORE = "drafts";
  let flushing = null;

  function csrfToken() {
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (e) { /* fall through to the cookie */ }
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, {keyPath: "key"});
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function withStore(mode, fn) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : result);
      tx.onerror = () => reject(tx.error);
    }));
  }

  const outbox = {
    put: (draft) => withStore("readwrite", (s) => s.put(draft)),
    all: () => withStore("readonly", (s) => s.getAll()),
    remove: (key) => withStore("readwrite", (s) => s.delete(key)),
  };
  window.chidaoOutbox = outbox;

  function status(text) {
    const el = document.getElementById("offline-outbox-status");
    if (el) el.textContent = text;
    const box = document.createElement("div");
    box.className = "alert alert-info small position-fixed bottom-0 start-0 m-2";
    box.style.zIndex = 2000;
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "offline-toast");
    box.textContent = text;
    document.body.appendChild(box);
    setTimeout(() => box.remove(), 6000);
  }

  async function flush() {
    if (flushing) return flushing;
    flushing = (async () => {
      let drafts = [];
      if (!USER) return;
      try { drafts = (await outbox.all()).filter((d) => d.user === USER); } catch (e) { return; }
      for (const draft of drafts) {
        let response;
        try {
          response = await fetch(SYNC_URL, {
            method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
            body: JSON.stringify({key: draft.key, kind: draft.kind, payload: draft.payload}),
          });
        } catch (e) { return; }  // still offline: keep everything for later
        let data = {};
        try { data = await response.json(); } catch (e) { /* not JSON: a login page */ }
        if (response.ok) {
          await outbox.remove(draft.key);
          status(data.message || "Đã gửi nội dung soạn khi mất mạng.");
        } else if (response.status === 400 || response.status === 403) {
          await outbox.remove(draft.key);  // the server refused it: resending would not help
          status("Không gửi được nội dung soạn khi mất mạng: " + (data.error || response.status));
        } else {
          return;  // server trouble: try again later
        }
      }
    })().finally(() => { flushing = null; });
    return flushing;
  }
  window.chidaoOutboxFlush = flush;

  function formPayload(form) {
    const payload = {};
    new FormData(form).forEach((value, name) => {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") payload[name] = value;
    });
    for (const [name, value] of Object.entries(form.dataset)) {
      if (name.startsWith("offlineField")) {
        payload[name.slice("offlineField".length).toLowerCase()] = value;
      }
    }
    return payload;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.logout !== undefined && window.caches) {
      // Signing out leaves nothing of this person readable offline on the device (drafts stay, theirs only).
      const mine = document.querySelector("[data-testid='nav-my-page']");
      caches.keys().then((keys) => keys.forEach((k) => {
        if (k === "chidao-saved" || k === "chidao-pages") caches.delete(k);
        else if (k.startsWith("chidao-shell-") && mine) caches.open(k).then((c) => c.delete(mine.getAttribute("href")));
      }));
    }
    // A form with a device key (a study reflection) gets one per draft, so a double submit is stored once.
    const keyInput = form.querySelector("input[name='device_key']");
    if (keyInput && !keyInput.value) keyInput.value = newKey();
    if (!form.dataset.offlineKind || navigator.onLine) return;
    event.preventDefault();
    const draft = {key: keyInput ? keyInput.value : newKey(), kind: form.dataset.offlineKind, user: USER,
                   payload: formPayload(form),
                   saved_at: new Date().toISOString()};
    outbox.put(draft).then(() => {
      form.reset();
      if (keyInput) keyInput.value = "";
      form.setAttribute("data-offline-saved", draft.key);
      status("Không có mạng: nội dung đã được giữ trên máy và sẽ tự gửi khi có mạng trở lại.");
    });
  });

  function syncSaved() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller || !navigator.onLine) return;
    navigator.serviceWorker.controller.postMessage({type: "sync-saved"});
  }

  async function listSaved() {
    const list = document.getElementById("offline-saved-list");
    if (!list || !window.caches) return;
    const cache = await caches.open("chidao-saved");
    for (const request of await cache.keys()) {
      if (!request.url.endsWith(".json")) continue;
      const data = await (await cache.match(request)).json();
      for (const doc of data.documents || []) {
        const li = document.createElement("li");
        li.className = "list-group-item";
        const a = document.createElement("a");
        a.href = doc.url;
        a.textContent = doc.code + " — " + doc.title;
        li.appendChild(a);
        list.appendChild(li);
      }
    }
  }

  if ("serviceWorker" in navigator && SW_URL) {
    navigator.serviceWorker.register(SW_URL, {scope: "/"}).then(() => {
      navigator.serviceWorker.ready.then(syncSaved);
    }).catch(() => null);
    navigator.serviceWorker.addEventListener("controllerchange", syncSaved);
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "saved-synced") document.documentElement.dataset.savedSynced = event.data.count;
    });
  }
  window.addEventListener("online", () => { flush(); syncSaved(); });
  if (navigator.onLine && document.getElementById("mainnav")) flush();
  listSaved();
})();
