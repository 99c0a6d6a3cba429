/* "Follow the chair": poll the meeting's tiny state about once a second; when its version moves,
   fetch the live panel and swap it in place (no page reload). Forms marked data-live-form are
   sent in the background and the panel refreshed at once for the person who clicked. */
(function () {
  "use strict";
  var root = document.getElementById("live-panel");
  if (!root) { return; }
  var stateUrl = root.dataset.stateUrl;
  var panelUrl = root.dataset.panelUrl;
  var version = String(root.dataset.version || "");
  var errorBox = document.querySelector("[data-live-error]");
  var INTERVAL = 1000;
  var busy = false;

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

  setInterval(poll, INTERVAL);
})();
