/* The indicator page's trend chart, from the JSON block "trend-data" (a static file: CSP allows no inline script). */
(function () {
  var el = document.getElementById("trend"); if (!el) return;
  var d = JSON.parse(document.getElementById("trend-data").textContent);
  var fmt = function (v) { return v === null ? "" : v.toLocaleString("vi-VN"); };
  var hasValues = d.values.some(function (v) { return v !== null; });
  var datasets = [];
  if (hasValues) {
    datasets.push({label: "Giá trị" + (d.unit ? " (" + d.unit + ")" : ""), data: d.values, borderColor: "#b02a37", backgroundColor: "#b02a37", tension: 0.2, spanGaps: true});
    datasets.push({label: "Chỉ tiêu năm", data: d.targets, borderColor: "#198754", borderDash: [6, 4], pointRadius: 0, spanGaps: true});
  } else {
    datasets.push({label: "Thứ hạng", data: d.ranks, borderColor: "#0d6efd", backgroundColor: "#0d6efd"});
  }
  new Chart(el, {type: "line", data: {labels: d.labels, datasets: datasets}, options: {
    locale: "vi-VN", animation: false,
    scales: {y: {reverse: !hasValues, ticks: {callback: fmt}}},
    plugins: {tooltip: {callbacks: {label: function (c) { return c.dataset.label + ": " + fmt(c.parsed.y); }}}}
  }});
})();
