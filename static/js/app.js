// actionplan's JavaScript, loaded as an ES module by templates/base.html.
//
// The Content-Security-Policy allows no inline scripts, so everything that NHS.UK's page
// template does in an inline <script> happens here instead. Pages work without JavaScript:
// this file only enhances them.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";
import "./picker.js";

// NHS.UK frontend's components only start when <body> has this class; its page template sets
// it from an inline snippet for browsers that support ES modules, which any browser running
// this module does.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// --- Charts -----------------------------------------------------------------------------
//
// templates/components/chart.html renders, for each chart:
//
//   <figure class="app-chart" data-app-chart data-chart-data="ID" data-chart-src="…/chart.umd.min.js">
//     <div class="app-chart__canvas-wrapper" hidden><canvas role="img" aria-label="…"></canvas></div>
//     <table>…the same numbers…</table>
//   </figure>
//   <script type="application/json" id="ID">{"columns": [{"name", "rating"}], "rows": [{"label", "values"}], …}</script>
//
// The JSON comes from Django's json_script (not executed, so the CSP allows it). We load the
// Chart.js bundle only on pages that have a chart, then draw each one and show its canvas.

const RAG_COLOURS = {
  red: "#d5281b",
  amber: "#ffb81c",
  green: "#007f3b",
  blue: "#005eb8",
  not_rated: "#aeb7bd",
};
// For series that are not ratings: NHS blue, purple, aqua green, pink, orange, dark grey.
const PALETTE = ["#005eb8", "#330072", "#00a499", "#ae2573", "#ed8b00", "#425563"];

let chartJsPromise = null;

function loadChartJs(src) {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartJsPromise) {
    chartJsPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error("Chart.js did not load")));
      script.onerror = () => reject(new Error(`Could not load ${src}`));
      document.head.append(script);
    });
  }
  return chartJsPromise;
}

// Category labels on a chart: wrapped into at most LABEL_LINES lines that fit the room the
// axis has, the last cut short with "…" (the table under each chart has every label in full).
// Chart.js does not wrap labels itself: an array of strings is drawn as lines.
const LABEL_LINES = 2;
const CHAR_WIDTH = 8; // px: about one character at the charts' 14px font

function fitLabel(label, maxChars) {
  const lines = [];
  let line = "";
  for (const word of String(label).split(/\s+/).filter(Boolean)) {
    // A word longer than a line (a URL, a 3,000-character word) is cut into line-long pieces.
    for (let start = 0; start < word.length; start += maxChars) {
      const piece = word.slice(start, start + maxChars);
      if (line && (line + " " + piece).length > maxChars) {
        lines.push(line);
        line = piece;
      } else {
        line = line ? `${line} ${piece}` : piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > LABEL_LINES) {
    lines.length = LABEL_LINES;
    lines[LABEL_LINES - 1] = `${lines[LABEL_LINES - 1].slice(0, maxChars - 1).trimEnd()}…`;
  }
  return lines.length > 1 ? lines : lines[0] || "";
}

// The characters a label line may have: a horizontal chart's labels take at most 40% of its
// width; a vertical chart's share the width between its bars. Read at every draw, so the labels
// fit again when the window is resized.
function labelChars(chart, horizontal, count) {
  const room = horizontal ? chart.width * 0.4 : chart.width / Math.max(count, 1);
  return Math.max(6, Math.floor(room / CHAR_WIDTH));
}

function readChartData(figure) {
  const source = document.getElementById(figure.dataset.chartData || "");
  if (!source) return null;
  try {
    return JSON.parse(source.textContent);
  } catch {
    return null;
  }
}

function drawChart(figure, Chart) {
  const data = readChartData(figure);
  const canvas = figure.querySelector("canvas");
  if (!data || !canvas || !Array.isArray(data.columns) || !Array.isArray(data.rows)) return;

  const wrapper = canvas.parentElement;
  const horizontal = Boolean(data.horizontal);
  const stacked = Boolean(data.stacked);
  const labels = data.rows.map((row) => String(row.label));
  wrapper.hidden = false;
  if (horizontal) {
    // Every row gets the same band, tall enough for a label of LABEL_LINES lines, plus room
    // for the axis and legend. (CSSOM, not a style attribute: the CSP allows it.)
    const perLine = labelChars({ width: wrapper.clientWidth }, true, 0);
    const lines = labels.some((label) => label.length > perLine) ? LABEL_LINES : 1;
    const band = Math.max(2.5, lines * 1.2 + 1);
    wrapper.style.height = `${Math.ceil(labels.length * band + 7)}rem`;
  }

  const styles = getComputedStyle(document.body);
  Chart.defaults.font.family = styles.fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#212b32";

  const valueAxis = {
    stacked,
    beginAtZero: true,
    ticks: { precision: 0 },
    title: { display: Boolean(data.value_label), text: data.value_label || "" },
  };
  const categoryAxis = {
    stacked,
    ticks: {
      autoSkip: false,
      callback(value, index) {
        return fitLabel(labels[index], labelChars(this.chart, horizontal, labels.length));
      },
    },
  };

  new Chart(canvas, {
    type: "bar",
    data: {
      // The table has one row per category and one column per series; Chart.js wants series.
      labels,
      datasets: data.columns.map((column, index) => ({
        label: column.name,
        data: data.rows.map((row) => row.values[index]),
        backgroundColor: RAG_COLOURS[column.rating] || PALETTE[index % PALETTE.length],
        borderColor: "#ffffff",
        borderWidth: stacked ? 1 : 0,
        maxBarThickness: 40,
      })),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { display: data.columns.length > 1, position: "bottom" },
        // A tooltip names its bar with the label cut to two lines too.
        tooltip: { callbacks: { title: (items) => fitLabel(labels[items[0].dataIndex], 40) } },
      },
    },
  });
}

const charts = document.querySelectorAll("[data-app-chart]");
if (charts.length) {
  loadChartJs(charts[0].dataset.chartSrc)
    .then((Chart) => charts.forEach((figure) => drawChart(figure, Chart)))
    .catch(() => {
      // No chart library: the data tables beside each canvas still say everything.
    });
}

// --- Import progress --------------------------------------------------------------------
//
// templates/importers/reading.html: while the worker reads an upload, ask its status every
// couple of seconds and reload when it is done. Without JavaScript the page has a button.
const progress = document.querySelector("[data-import-status-url]");
if (progress) {
  const statusUrl = progress.dataset.importStatusUrl;
  const label = progress.querySelector("[data-import-status-label]");
  const poll = () => {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (state && state.finished) {
          window.location.reload();
          return;
        }
        if (state && label) label.textContent = state.label;
        window.setTimeout(poll, 2000);
      })
      .catch(() => window.setTimeout(poll, 5000));
  };
  window.setTimeout(poll, 1000);
}
