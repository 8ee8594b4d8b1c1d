// The page of `brink serve`. Plain JavaScript, no build step and no network
// beyond the server itself: every number comes from the server's API, which
// answers what `brink run`, `brink solve`, `brink sweep` and `brink
// montecarlo` answer.
"use strict";

const $ = (id) => document.getElementById(id);
const NS = "http://www.w3.org/2000/svg";

const state = {
  models: [],
  model: null,       // library model name, or null for an edited scenario
  source: "",        // the scenario's text
  params: [],        // from /api/check
  values: {},        // current parameter values
  report: null,      // the last /api/run answer
  pending: null,     // the newest run not yet sent, while one is in flight
  inFlight: false,
  seq: 0,
  game: null,        // the last /api/solve answer
  chosen: 0,
};
window.brink = state; // for the browser tests and the curious

// Solve each slider move from the last solution? Measured on the founding
// crisis (release build), the solver's warm start (Newton from the last
// regime) took about twice the time of a cold solve (6 iterations), so the
// page solves cold; `?warm=1` in the address turns it on to compare.
const WARM = new URLSearchParams(location.search).get("warm") === "1";

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const r = await fetch(path, init);
  const data = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) {
    const e = new Error(data.error || `HTTP ${r.status}`);
    e.data = data;
    throw e;
  }
  return data;
}

function status(text) { $("status").textContent = text; }

function fmt(x, digits = 4) {
  if (typeof x !== "number" || !isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toPrecision(digits);
  return String(Number(x.toPrecision(digits)));
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the scenario: model choice, editor, errors ----

function scenarioArg() {
  const lib = state.models.find((m) => m.name === state.model);
  return lib && lib.source === state.source ? state.model : state.source;
}

function drawGutter(badLine) {
  const n = state.source.split("\n").length;
  const g = $("gutter");
  g.textContent = "";
  for (let i = 1; i <= n; i++) {
    const s = el("span", i === badLine ? { class: "bad" } : {}, String(i));
    g.append(s, "\n");
  }
  const ta = $("source");
  ta.style.height = (n * 18 + 12) + "px";
}

function showSourceError(e) {
  const box = $("source-error");
  if (!e) { box.hidden = true; drawGutter(null); return; }
  const d = e.data || {};
  box.hidden = false;
  box.textContent = (d.line ? `line ${d.line}, column ${d.column}: ` : "") + (d.text || e.message);
  box.dataset.line = d.line || "";
  box.dataset.column = d.column || "";
  drawGutter(d.line || null);
}

async function loadModel(name, values) {
  state.model = name;
  const m = state.models.find((x) => x.name === name);
  state.source = m ? m.source : state.source;
  $("source").value = state.source;
  $("model").value = name || "";
  await checkSource(values || {});
}

async function checkSource(keep) {
  try {
    const info = await api("/api/check", { scenario: scenarioArg() });
    showSourceError(null);
    state.params = info.parameters;
    const values = {};
    for (const p of info.parameters) {
      values[p.name] = p.name in keep ? keep[p.name] : p.value;
    }
    state.values = values;
    drawSliders();
    requestRun(performance.now());
  } catch (e) {
    showSourceError(e);
  }
}

let editTimer = null;
function onEdit() {
  state.source = $("source").value;
  drawGutter(null);
  clearTimeout(editTimer);
  editTimer = setTimeout(() => checkSource(overrides()), 300);
}

// ---- sliders ----

function sliderStep(lo, hi) {
  return (hi - lo) / 200;
}

function drawSliders() {
  const box = $("sliders");
  box.textContent = "";
  for (const p of state.params) {
    const div = el("div", { class: "slider" });
    const id = "p-" + p.name;
    const label = el("label", { for: id });
    label.append(el("span", {}, p.name), el("span", { id: id + "-value" }, fmt(state.values[p.name], 6)));
    let input;
    if (p.range) {
      const [lo, hi] = p.range;
      input = el("input", { type: "range", id, min: lo, max: hi, step: sliderStep(lo, hi), "data-param": p.name });
    } else {
      input = el("input", { type: "number", id, step: "any", "data-param": p.name });
    }
    input.value = state.values[p.name];
    input.addEventListener("input", () => {
      const t0 = performance.now();
      let v = Number(input.value);
      if (!isFinite(v)) return;
      v = Number(v.toPrecision(6));
      state.values[p.name] = v;
      $(id + "-value").textContent = fmt(v, 6);
      requestRun(t0);
    });
    div.append(label, input, el("div", { class: "doc" }, p.doc || ""));
    box.append(div);
  }
  const sp = $("sweep-param");
  sp.textContent = "";
  for (const p of state.params.filter((q) => q.range)) sp.append(el("option", { value: p.name }, p.name));
}

/// The overrides: parameters moved away from their declared value.
function overrides() {
  const set = {};
  for (const p of state.params) {
    if (state.values[p.name] !== p.value) set[p.name] = state.values[p.name];
  }
  return set;
}

// ---- running: one request in flight, the newest waiting ----

function requestRun(t0) {
  state.pending = { t0 };
  if (!state.inFlight) sendRun();
}

async function sendRun() {
  const job = state.pending;
  state.pending = null;
  state.inFlight = true;
  const seq = ++state.seq;
  status("solving…");
  try {
    const r = await api("/api/run", {
      scenario: scenarioArg(), set: overrides(), warm: WARM, views: ["text", "levers", "tree"],
    });
    if (seq === state.seq) {
      state.report = r;
      drawReport(r);
      const ms = performance.now() - job.t0;
      $("redraw-ms").textContent = ms.toFixed(0);
      state.lastRedrawMs = ms;
      status("");
      saveUrl();
    }
  } catch (e) {
    status("error");
    showSourceError(e);
  } finally {
    state.inFlight = false;
    if (state.pending) sendRun();
  }
}

// ---- drawing the report ----

function drawReport(r) {
  $("pwar").textContent = fmt(r.p_war);
  $("regret").textContent = fmt(r.regret, 3);
  const text = (r.views && r.views.text) || "";
  $("report-text").textContent = text;
  $("words").textContent = "";
  const wanted = ["most likely play", "lowers P(war)", "certified", "not certified", "NOT"];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (wanted.some((w) => lines[i].startsWith(w))) {
      let s = lines[i];
      while (i + 1 < lines.length && lines[i + 1].startsWith("    ")) s += " " + lines[++i].trim();
      $("words").append(el("p", {}, s));
    }
  }
  drawOutcomes(r);
  drawCosts(r);
  drawLevers(r);
  drawTree($("tree"), r.views && r.views.tree);
  const so = $("sweep-outcome");
  const keep = so.value;
  so.textContent = "";
  so.append(el("option", { value: "__p_war" }, "P(war)"));
  for (const k of Object.keys(r.outcomes)) so.append(el("option", { value: k }, k));
  if (keep) so.value = keep;
}

function drawOutcomes(r) {
  const svg = $("outcomes-chart");
  svg.textContent = "";
  const rows = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]);
  const W = 700, rowH = 24, left = 150, H = rows.length * rowH + 10;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.style.height = H + "px";
  const war = new Set(r.war_outcomes || []);
  rows.forEach(([name, p], i) => {
    const y = 5 + i * rowH;
    svg.append(svgEl("text", { x: left - 8, y: y + 16, "text-anchor": "end", "font-size": 13 }, name));
    svg.append(svgEl("rect", {
      x: left, y: y + 3, width: Math.max(0, p) * (W - left - 70), height: rowH - 6,
      fill: war.has(name) ? "#b22222" : "#457b9d", class: "bar", "data-outcome": name, "data-p": p,
    }));
    svg.append(svgEl("text", { x: left + Math.max(0, p) * (W - left - 70) + 6, y: y + 16, "font-size": 12 }, fmt(p)));
  });
}

function drawCosts(r) {
  const t = $("costs");
  t.textContent = "";
  const tr = el("tr");
  tr.append(el("th", {}, "expected"), el("th", {}, "value"));
  t.append(tr);
  for (const [k, v] of Object.entries(r.expected || {})) {
    const row = el("tr");
    row.append(el("td", {}, k), el("td", {}, fmt(v, 5)));
    t.append(row);
  }
}

function leverWords(m) {
  if (!m) return "";
  return `${m.player} now chooses ${m.action} with probability ${fmt(m.after, 3)} instead of ${fmt(m.before, 3)}`;
}

function drawLevers(r) {
  const t = $("levers");
  t.textContent = "";
  const levers = r.levers || [];
  $("lever-chart").innerHTML = (r.views && r.views.levers) || "";
  if (!levers.length) { t.append(el("tr", {}, "this scenario declares no lever")); return; }
  const metric = "deaths" in (r.expected || {}) ? "deaths" : Object.keys(r.expected || {})[0];
  const head = el("tr");
  for (const h of ["lever", "P(war)", "change", metric ? "expected " + metric : "", "how"]) head.append(el("th", {}, h));
  t.append(head);
  const base = el("tr");
  base.append(el("td", {}, "baseline"), el("td", {}, fmt(r.p_war)), el("td"), el("td", {}, metric ? fmt(r.expected[metric], 5) : ""), el("td"));
  t.append(base);
  for (const l of levers) {
    const row = el("tr", { title: l.doc || "" });
    row.append(
      el("td", {}, l.name + (l.converged === false ? " ✗" : "")),
      el("td", {}, fmt(l.p_war)),
      el("td", {}, (l.p_war_change >= 0 ? "+" : "") + fmt(l.p_war_change)),
      el("td", {}, metric && l.expected ? fmt(l.expected[metric], 5) : ""),
      el("td", { class: "small" }, leverWords(l.mechanism)),
    );
    t.append(row);
  }
}

// ---- the tree: SVG from the server, zoom and pan by its viewBox ----

function drawTree(box, svgText) {
  box.innerHTML = svgText || "";
  const svg = box.querySelector("svg");
  if (!svg) return;
  const w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
  if (!svg.getAttribute("viewBox") && w && h) svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMin meet");
}

function viewBox(box) {
  const svg = box.querySelector("svg");
  if (!svg) return null;
  const v = svg.getAttribute("viewBox").split(/[ ,]+/).map(Number);
  return { svg, v };
}

function zoom(box, factor, cx = 0.5, cy = 0.5) {
  const vb = viewBox(box);
  if (!vb) return;
  const [x, y, w, h] = vb.v;
  const nw = w * factor, nh = h * factor;
  vb.svg.setAttribute("viewBox", `${x + (w - nw) * cx} ${y + (h - nh) * cy} ${nw} ${nh}`);
}

function pan(box, dx, dy) {
  const vb = viewBox(box);
  if (!vb) return;
  const [x, y, w, h] = vb.v;
  const rect = box.getBoundingClientRect();
  const s = Math.max(w / rect.width, h / rect.height);
  vb.svg.setAttribute("viewBox", `${x - dx * s} ${y - dy * s} ${w} ${h}`);
}

function zoomable(box) {
  box.addEventListener("wheel", (e) => {
    e.preventDefault();
    const rect = box.getBoundingClientRect();
    zoom(box, e.deltaY > 0 ? 1.15 : 1 / 1.15, (e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height);
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (e) => { drag = [e.clientX, e.clientY]; box.setPointerCapture(e.pointerId); });
  box.addEventListener("pointermove", (e) => {
    if (!drag) return;
    pan(box, e.clientX - drag[0], e.clientY - drag[1]);
    drag = [e.clientX, e.clientY];
  });
  box.addEventListener("pointerup", () => { drag = null; });
  box.addEventListener("keydown", (e) => {
    const k = { "+": [0.8], "=": [0.8], "-": [1.25], ArrowLeft: [null, 40, 0], ArrowRight: [null, -40, 0], ArrowUp: [null, 0, 40], ArrowDown: [null, 0, -40] }[e.key];
    if (!k) return;
    e.preventDefault();
    if (k[0]) zoom(box, k[0]); else pan(box, k[1], k[2]);
  });
}

// ---- sweep and Monte Carlo ----

function pWarOf(names, probs, war) {
  let s = 0;
  names.forEach((n, i) => { if (war.has(n)) s += probs[i]; });
  return s;
}

function lineChart(svg, xs, ys, xlabel, ylabel) {
  svg.textContent = "";
  const W = 700, H = 260, L = 60, B = 40, T = 10, R = 20;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const ok = ys.map((y, i) => [xs[i], y]).filter((p) => p[1] !== null && isFinite(p[1]));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  let y0 = Math.min(0, ...ok.map((p) => p[1])), y1 = Math.max(...ok.map((p) => p[1]), 1e-9);
  if (y1 <= 1 && y0 >= 0) { y0 = 0; y1 = Math.max(y1, 0.05); }
  const px = (x) => L + (x - x0) / ((x1 - x0) || 1) * (W - L - R);
  const py = (y) => H - B - (y - y0) / ((y1 - y0) || 1) * (H - B - T);
  svg.append(svgEl("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#333" }));
  svg.append(svgEl("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#333" }));
  for (let k = 0; k <= 4; k++) {
    const yv = y0 + (y1 - y0) * k / 4, xv = x0 + (x1 - x0) * k / 4;
    svg.append(svgEl("text", { x: L - 6, y: py(yv) + 4, "text-anchor": "end", "font-size": 11 }, fmt(yv, 3)));
    svg.append(svgEl("text", { x: px(xv), y: H - B + 16, "text-anchor": "middle", "font-size": 11 }, fmt(xv, 3)));
  }
  svg.append(svgEl("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", "font-size": 12 }, xlabel));
  svg.append(svgEl("text", { x: 14, y: T + 10, "font-size": 12 }, ylabel));
  const d = ok.map((p, i) => `${i ? "L" : "M"}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(" ");
  svg.append(svgEl("path", { d, fill: "none", stroke: "#b22222", "stroke-width": 2, class: "curve" }));
}

async function runSweep() {
  const name = $("sweep-param").value;
  const p = state.params.find((q) => q.name === name);
  if (!p) return;
  const set = overrides();
  delete set[name];
  status("sweeping…");
  try {
    const t = await api("/api/sweep", {
      scenario: scenarioArg(), set, vary: [{ name, from: p.range[0], to: p.range[1], steps: 21 }],
    });
    const which = $("sweep-outcome").value;
    const war = new Set(state.report ? state.report.war_outcomes : []);
    const xs = t.points.map((q) => q.params[0]);
    const ys = t.points.map((q) => {
      if (q.error || !(q.outcomes || []).length) return null;
      return which === "__p_war" ? pWarOf(t.outcome_names, q.outcomes, war) : q.outcomes[t.outcome_names.indexOf(which)];
    });
    lineChart($("sweep-chart"), xs, ys, name, which === "__p_war" ? "P(war)" : which);
    state.sweep = t;
    status("");
  } catch (e) { status("sweep failed: " + e.message); }
}

async function runMonteCarlo() {
  const draws = Number($("mc-draws").value) || 200;
  status("drawing…");
  try {
    const run = await api("/api/montecarlo", { scenario: scenarioArg(), set: overrides(), draws });
    const war = new Set(state.report ? state.report.war_outcomes : []);
    const xs = run.points.filter((d) => !d.error && (d.outcomes || []).length).map((d) => pWarOf(run.outcome_names, d.outcomes, war));
    histogram($("mc-chart"), xs, `P(war) over ${xs.length} draws of the declared distributions`);
    state.montecarlo = run;
    status("");
  } catch (e) { status("Monte Carlo failed: " + e.message); }
}

function histogram(svg, xs, label) {
  svg.textContent = "";
  const W = 700, H = 260, L = 50, B = 40, T = 20, bins = 20;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!xs.length) return;
  const lo = Math.min(...xs), hi = Math.max(...xs) + 1e-12;
  const counts = new Array(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - lo) / (hi - lo) * bins))]++;
  const top = Math.max(...counts);
  const bw = (W - L - 10) / bins;
  counts.forEach((c, i) => {
    const h = c / top * (H - B - T);
    svg.append(svgEl("rect", { x: L + i * bw, y: H - B - h, width: bw - 1, height: h, fill: "#457b9d", class: "bar" }));
  });
  for (let k = 0; k <= 4; k++) {
    const xv = lo + (hi - lo) * k / 4;
    svg.append(svgEl("text", { x: L + (W - L - 10) * k / 4, y: H - B + 16, "text-anchor": "middle", "font-size": 11 }, fmt(xv, 3)));
  }
  svg.append(svgEl("text", { x: L, y: 14, "font-size": 12 }, label));
}

// ---- downloads and the URL ----

function download(name, text, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

async function onDownload(kind) {
  const r = state.report;
  if (!r) return;
  const base = r.model || "scenario";
  if (kind === "json") {
    const copy = Object.assign({}, r);
    delete copy.views;
    download(base + ".json", JSON.stringify(copy, null, 2) + "\n", "application/json");
  } else if (kind === "csv") {
    const rows = ["outcome,probability", ...Object.entries(r.outcomes).map(([k, v]) => `${k},${v}`), `p_war,${r.p_war}`];
    download(base + "-outcomes.csv", rows.join("\n") + "\n", "text/csv");
  } else if (kind === "tree-svg") {
    download(base + "-tree.svg", r.views.tree || "", "image/svg+xml");
  } else if (kind === "levers-svg") {
    download(base + "-levers.svg", r.views.levers || "", "image/svg+xml");
  } else if (kind === "tikz") {
    const t = await api("/api/run", { scenario: scenarioArg(), set: overrides(), warm: WARM, views: ["tikz"] });
    download(base + "-tree.tex", t.views.tikz, "text/x-tex");
  }
}

function saveUrl() {
  const q = new URLSearchParams();
  const lib = state.models.find((m) => m.name === state.model);
  if (lib && lib.source === state.source) q.set("model", state.model);
  else q.set("source", state.source);
  const set = overrides();
  const s = Object.entries(set).map(([k, v]) => `${k}=${v}`).join(",");
  if (s) q.set("set", s);
  history.replaceState(null, "", "#" + q.toString());
}

function readUrl() {
  const q = new URLSearchParams(location.hash.slice(1));
  const set = {};
  for (const kv of (q.get("set") || "").split(",")) {
    const [k, v] = kv.split("=");
    if (k && v !== undefined && isFinite(Number(v))) set[k] = Number(v);
  }
  return { model: q.get("model"), source: q.get("source"), set };
}

// ---- Gambit games ----

function eqRows(eq) {
  const parts = [];
  for (const p of eq.players) {
    const items = p.strategies
      ? p.strategies.map((s) => `${s.label || "\"\""}=${s.exact || fmt(s.prob)}`)
      : p.infosets.map((i) => i.actions.map((a) => `${a.label || "\"\""}=${a.exact || fmt(a.prob)}`).join(" "));
    parts.push(`${p.name}: ${items.join(" | ")}`);
  }
  return parts;
}

async function solveGame() {
  const box = $("game-error");
  box.hidden = true;
  status("solving…");
  try {
    const r = await api("/api/solve", {
      game: $("game-text").value, method: $("game-method").value, float: $("game-float").checked,
      views: ["tree", "table"],
    });
    state.game = r;
    state.chosen = 0;
    drawEquilibria();
    status("");
  } catch (e) {
    const d = e.data || {};
    box.hidden = false;
    box.textContent = (d.line ? `line ${d.line}, column ${d.column}: ` : "") + e.message;
    status("error");
  }
}

function drawEquilibria() {
  const r = state.game;
  const t = $("equilibria");
  t.textContent = "";
  const head = el("tr");
  head.append(el("th", {}, "#"), el("th", {}, "regret"), el("th", {}, "profile"));
  t.append(head);
  r.equilibria.forEach((eq, k) => {
    const row = el("tr", { tabindex: 0, class: k === state.chosen ? "chosen eq" : "eq", "data-index": k });
    const prof = el("td", { class: "profile" });
    for (const line of eqRows(eq)) prof.append(el("div", {}, line));
    row.append(el("td", {}, String(k + 1)), el("td", {}, eq.regret_exact || fmt(eq.regret, 3)), prof);
    const choose = () => { state.chosen = k; drawEquilibria(); };
    row.addEventListener("click", choose);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") choose(); });
    t.append(row);
  });
  const v = r.views || {};
  const trees = v.equilibrium_trees || [];
  drawTree($("game-tree"), trees[state.chosen] || v.tree || "");
  $("game-table").textContent = "";
  if (v.table) drawPayoffTable(v.table, r.equilibria[state.chosen]);
}

function drawPayoffTable(tab, eq) {
  const box = $("game-table");
  const t = el("table", { class: "payoffs" });
  if (tab.players.length === 2) {
    const [rows, cols] = tab.strategies;
    const head = el("tr");
    head.append(el("th", {}, `${tab.players[0]} \\ ${tab.players[1]}`));
    cols.forEach((c, j) => head.append(el("th", {}, `${c}${eq ? " (" + fmt(eq.players[1].strategies[j].prob, 3) + ")" : ""}`)));
    t.append(head);
    rows.forEach((rname, i) => {
      const tr = el("tr");
      tr.append(el("th", {}, `${rname}${eq ? " (" + fmt(eq.players[0].strategies[i].prob, 3) + ")" : ""}`));
      cols.forEach((_, j) => tr.append(el("td", {}, tab.cells[i + j * rows.length].join(", "))));
      t.append(tr);
    });
  } else {
    const shape = tab.strategies.map((s) => s.length);
    tab.cells.forEach((c, k) => {
      const tr = el("tr");
      let rest = k;
      const prof = shape.map((n, p) => { const s = tab.strategies[p][rest % n]; rest = Math.floor(rest / n); return s; });
      tr.append(el("td", {}, prof.join(", ")), el("td", {}, c.join(", ")));
      t.append(tr);
    });
  }
  box.append(t);
}

// ---- start ----

function selectTab(name) {
  for (const b of document.querySelectorAll("nav button")) b.setAttribute("aria-selected", String(b.dataset.panel === name));
  $("crisis").hidden = name !== "crisis";
  $("gambit").hidden = name !== "gambit";
}

async function start() {
  for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => selectTab(b.dataset.panel));
  zoomable($("tree"));
  zoomable($("game-tree"));
  $("source").addEventListener("input", onEdit);
  $("source").addEventListener("scroll", () => { $("gutter").scrollTop = $("source").scrollTop; });
  $("model").addEventListener("change", () => loadModel($("model").value));
  $("reset").addEventListener("click", () => loadModel(state.model || $("model").value));
  $("sweep-go").addEventListener("click", runSweep);
  $("mc-go").addEventListener("click", runMonteCarlo);
  for (const b of document.querySelectorAll("[data-download]")) b.addEventListener("click", () => onDownload(b.dataset.download));
  $("copy-link").addEventListener("click", () => navigator.clipboard && navigator.clipboard.writeText(location.href));
  $("game-solve").addEventListener("click", solveGame);
  $("game-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (f) { $("game-text").value = await f.text(); solveGame(); }
  });
  $("game-json").addEventListener("click", () => state.game && download("solve.json", JSON.stringify(Object.assign({}, state.game, { views: undefined }), null, 2) + "\n", "application/json"));
  $("game-svg").addEventListener("click", () => {
    const v = state.game && state.game.views;
    if (v) download("game-tree.svg", (v.equilibrium_trees || [])[state.chosen] || v.tree || "", "image/svg+xml");
  });

  const lib = await api("/api/models");
  state.models = lib.models;
  for (const m of lib.models) $("model").append(el("option", { value: m.name, title: m.description }, m.name));
  $("model").append(el("option", { value: "" }, "(edited scenario)"));
  const url = readUrl();
  if (url.source !== null) {
    state.model = null;
    state.source = url.source;
    $("source").value = url.source;
    $("model").value = "";
    $("editor-box").open = true;
    await checkSource(url.set);
  } else {
    await loadModel(url.model && lib.models.some((m) => m.name === url.model) ? url.model : lib.default, url.set);
  }
}

start();
