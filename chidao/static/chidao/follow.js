/* "Follow the chair": the server pushes the meeting's tiny state (server-sent events, data-events-url);
   where that channel is cut (EventSource error) we poll it about once a second instead and try the
   push again after RETRY_PUSH ms. When its version moves, fetch the live panel and swap it in place
   (no page reload). Forms marked data-live-form are
   sent in the background and the panel refreshed at once for the person who clicked. */
(function () {
  "use strict";
  var root = document.getElementById("live-panel");
  if (!root) { return; }
  var stateUrl = root.dataset.stateUrl;
  var panelUrl = root.dataset.panelUrl;
  var version = String(root.dataset.version || "");
  var errorBox = document.querySelector("[data-live-error]");
  var eventsUrl = root.dataset.eventsUrl;
  var INTERVAL = 1000;
  var RETRY_PUSH = 20000;
  var busy = false;
  var pollTimer = null;
  var source = null;

  function showError(text) {
    if (!errorBox) { return; }
    errorBox.textContent = text || "";
    errorBox.classList.toggle("d-none", !text);
  }

  function refresh() {
    return fetch(panelUrl, {credentials: "same-origin", headers: {"X-Live": "1"}})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        root.innerHTML = html;
        var panel = root.firstElementChild;
        if (panel && panel.dataset.version) { version = panel.dataset.version; }
      });
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    fetch(stateUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) {
        // The session ended (idle timeout): show the login page and its reason instead of a frozen screen.
        if (r.redirected && r.url.indexOf("/dang-nhap/") !== -1) { window.location.href = r.url; return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (state) {
        if (state && String(state.version) !== version) {
          version = String(state.version);
          return refresh();
        }
      })
      .catch(function () { /* the network blinked: try again at the next tick */ })
      .then(function () { busy = false; });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-live-form")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin", headers: {"X-Live": "1"}})
      .then(function (r) {
        if (r.ok) { showError(""); return refresh(); }
        return r.text().then(function (text) { showError(text || "Không thực hiện được."); });
      })
      .catch(function () { showError("Mất kết nối tới máy chủ; hãy thử lại."); });
  });

  function onState(state) {
    if (state && String(state.version) !== version) {
      version = String(state.version);
      refresh().catch(function () { /* the next change or poll tries again */ });
    }
  }

  function startPolling() {
    if (pollTimer === null) { pollTimer = setInterval(poll, INTERVAL); }
  }

  function stopPolling() {
    if (pollTimer !== null) { clearInterval(pollTimer); pollTimer = null; }
  }

  function push() {
    if (!eventsUrl || typeof EventSource === "undefined") { startPolling(); return; }
    source = new EventSource(eventsUrl, {withCredentials: true});
    source.addEventListener("open", stopPolling);
    source.addEventListener("state", function (event) {
      var state = null;
      try { state = JSON.parse(event.data); } catch (e) { return; }
      onState(state);
      if (state && state.state === "closed") { source.close(); source = null; }
    });
    source.addEventListener("error", function () {
      // Cut (proxy, firewall, server restart): poll meanwhile, and try the push again later.
      if (source) { source.close(); source = null; }
      startPolling();
      setTimeout(push, RETRY_PUSH);
    });
  }

  push();
})();
