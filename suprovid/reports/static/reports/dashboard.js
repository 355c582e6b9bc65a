// Suprovid dashboard: draws the charts from the data embedded in the page.
// Every chart has the same numbers in an accessible table next to it.
(function () {
  var dataEl = document.getElementById("dashboard-charts");
  if (!dataEl || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(dataEl.textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  // Counts and money: every value axis starts at zero, so bar heights compare honestly.
  Chart.defaults.scales.linear.beginAtZero = true;

  // Clicking a bar, point or slice opens the drill-down list behind it (the same address
  // as the link in the table next to the chart).
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    var source = { "chart-months": charts.months, "chart-topics": charts.topics,
      "chart-outcomes": charts.outcomes, "chart-caseload": charts.caseload,
      "chart-positions": charts.positions }[id];
    if (source && source.urls) {
      config.options = config.options || {};
      config.options.onClick = function (event, elements) {
        if (elements.length && source.urls[elements[0].index]) {
          window.location.href = source.urls[elements[0].index];
        }
      };
      config.options.onHover = function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      };
    }
    new Chart(canvas, config);
  }
  function opts() { return { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } }; }

  draw("chart-months", { type: "line", data: { labels: charts.months.labels, datasets: [
    { label: labels.appeals, data: charts.months.values, tension: 0.2, fill: true } ] }, options: opts() });
  draw("chart-outcomes", { type: "doughnut", data: { labels: charts.outcomes.labels, datasets: [
    { label: labels.issues, data: charts.outcomes.values } ] },
    options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "right" } } } });
  draw("chart-topics", { type: "bar", data: { labels: charts.topics.labels, datasets: [
    { label: labels.issues, data: charts.topics.values } ] }, options: opts() });
  var norm = charts.caseload.norm;
  draw("chart-caseload", { type: "bar", data: { labels: charts.caseload.labels, datasets: [
    { label: labels.open_cases, data: charts.caseload.values,
      backgroundColor: charts.caseload.values.map(function (v) { return v > norm ? "#b02a37" : "#0d6efd"; }) },
    { type: "line", label: labels.norm, data: charts.caseload.labels.map(function () { return norm; }),
      borderColor: "#997404", pointRadius: 0, borderDash: [6, 4] } ] },
    options: { responsive: true, maintainAspectRatio: false, indexAxis: "x" } });
  draw("chart-positions", { type: "bar", data: { labels: charts.positions.labels, datasets: [
    { label: labels.planned, data: charts.positions.planned },
    { label: labels.filled, data: charts.positions.filled } ] },
    options: { responsive: true, maintainAspectRatio: false } });
})();
(function () {
  var dataEl = document.getElementById("dashboard-charts");
  if (!dataEl || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(dataEl.textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var canvas = document.getElementById("chart-budget");
  if (!canvas || !charts.budget) { return; }
  new Chart(canvas, { type: "bar", data: { labels: charts.budget.labels, datasets: [
    { label: labels.budget_planned, data: charts.budget.planned },
    { label: labels.budget_spent, data: charts.budget.spent } ] },
    options: { responsive: true, maintainAspectRatio: false } });
})();
