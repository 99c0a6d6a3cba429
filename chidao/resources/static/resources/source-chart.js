/* Plan and disbursement by funding source, from the JSON block "source-data" (static file: CSP allows no inline script). */
(function () {
  var rows = document.querySelectorAll("[data-testid=by-source] tr[data-source]");
  var labels = [], planned = [], paid = [];
  var d = JSON.parse(document.getElementById("source-data").textContent) || [];
  d.forEach(function (r) { labels.push(r.label); planned.push(r.planned / 1e9); paid.push(r.disbursed / 1e9); });
  if (!labels.length) return;
  var fmt = function (v) { return v.toLocaleString("vi-VN", {maximumFractionDigits: 2}) + " tỷ"; };
  new Chart(document.getElementById("by-source-chart"), {type: "bar", data: {labels: labels, datasets: [
    {label: "Kế hoạch (tỷ đồng)", data: planned, backgroundColor: "#adb5bd"},
    {label: "Đã giải ngân (tỷ đồng)", data: paid, backgroundColor: "#b02a37"}]},
    options: {animation: false, scales: {y: {ticks: {callback: fmt}}},
      plugins: {tooltip: {callbacks: {label: function (c) { return c.dataset.label + ": " + fmt(c.parsed.y); }}}}}});
  void rows;
})();
