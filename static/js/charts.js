/* Draws the dashboards' charts (Chart.js from the npm registry) from the JSON beside each
   canvas: <canvas data-chart="ID"> reads <script type="application/json" id="ID">.
   Numbers in the page's language (vi-VN: 1.234.567,89). No inline script, for the CSP. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var lang = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var line = spec.type === "line";
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: set.color,
            borderColor: set.color,
            borderWidth: line ? 2 : 0,
            spanGaps: true,
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        locale: lang,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: spec.stacked, ticks: { autoSkip: false, maxRotation: 60 } },
          y: {
            stacked: spec.stacked,
            beginAtZero: true,
            title: { display: Boolean(spec.unit), text: spec.unit },
            ticks: { callback: function (value) { return numbers.format(value); } }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? "—" : numbers.format(item.raw);
                return item.dataset.label + ": " + value + (spec.unit ? " " + spec.unit : "");
              }
            }
          }
        }
      }
    });
  });
})();
