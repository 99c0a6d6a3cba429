// Charts of the leader's supervision dashboard, drawn with the vendored Chart.js from the data
// the page embeds with json_script. Fonts grow with the screen so a projector stays readable.
(function () {
  "use strict";
  var el = document.getElementById("supervision-chart-data");
  if (!el || typeof Chart === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var wide = window.matchMedia("(min-width: 992px)").matches;
  Chart.defaults.font.size = wide ? 16 : 13;
  Chart.defaults.maintainAspectRatio = false;
  // No animation: a projected page must read at once, and a phone has no cycles to spare.
  Chart.defaults.animation = false;
  var colours = {
    done_on_time: "#198754", done_late: "#ffc107", open_on_time: "#0d6efd",
    not_started: "#6c757d", open_overdue: "#dc3545"
  };
  var pct = function (v) { return v === null || v === undefined ? "—" : v.toFixed(2).replace(".", ",") + "%"; };

  new Chart(document.getElementById("chart-status"), {
    type: "doughnut",
    data: {
      labels: data.status.labels,
      datasets: [{ data: data.status.values, backgroundColor: data.status.codes.map(function (c) { return colours[c]; }) }]
    },
    options: { cutout: "55%", plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } } }
  });

  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: [{
        label: "Tỷ lệ hoàn thành", data: data.trend.values, borderColor: "#a4161a",
        backgroundColor: "rgba(164,22,26,.12)", fill: true, tension: 0.25, pointRadius: 5, borderWidth: 3,
        spanGaps: true
      }]
    },
    options: {
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return pct(c.parsed.y); } } } }
    }
  });

  new Chart(document.getElementById("chart-ranking"), {
    type: "bar",
    data: {
      labels: data.ranking.labels,
      datasets: [{ label: "Điểm", data: data.ranking.values, backgroundColor: data.ranking.colours }]
    },
    options: {
      indexAxis: "y",
      scales: { x: { min: 0, max: 100 } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return c.parsed.x.toFixed(2).replace(".", ","); } } } }
    }
  });
})();
