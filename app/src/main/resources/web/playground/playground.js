// The playground page: controls -> a setup in the URL -> a session on the server, trained by the Java
// engine a few epochs per animation frame; each answer (a "frame") is drawn as Playground draws its net.
import {t} from "/i18n.js";
import {api} from "/api.js";
import {css, drawHeatmap, drawPoints, drawLines, format, percent} from "/playground/common.js";

const FEATURES = ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY"];
const FEATURE_LABELS = {x: "X₁", y: "X₂", xSquared: "X₁²", ySquared: "X₂²", xTimesY: "X₁X₂", sinX: "sin(X₁)", sinY: "sin(X₂)"};
const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const LAYER_COLOURS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#333333"];
const DEFAULTS = {problem: "classification", dataset: "circle", noise: 0, trainPercent: 50, batchSize: 10,
  features: ["x", "y"], hidden: [4, 2], activation: "tanh", learningRate: 0.03, regularization: "none",
  regularizationRate: 0, seed: 1, showTestData: false, discretize: false, speed: 1};

let state = {...DEFAULTS};
let csv = null;             // an uploaded CSV lives in memory only (too big for a URL)
let catalogue = null;
let sessionId = null;
let data = null;            // {train, test, inputs, grid, thumb} of the current session
let frame = null;           // the last frame drawn
let playing = false;
let past = {train: [], test: [], gradients: []};   // the charts' history
let hovered = null;         // {maps, label} while a neuron is hovered
let chain = Promise.resolve();
const $ = id => document.getElementById(id);

// ---- the URL: Playground's hash keys, so a link is an experiment ----

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const s = {...DEFAULTS};
  const num = (k, d) => p.has(k) && p.get(k) !== "" && !Number.isNaN(Number(p.get(k))) ? Number(p.get(k)) : d;
  s.activation = p.get("activation") || s.activation;
  s.regularization = (p.get("regularization") || s.regularization).toLowerCase();
  s.batchSize = num("batchSize", s.batchSize);
  s.problem = p.get("problem") || s.problem;
  const reg = {"reg-plane": "plane", "reg-gauss": "multigauss"};
  s.dataset = s.problem === "regression" ? (reg[p.get("regDataset")] || p.get("dataset") || "plane") : (p.get("dataset") || s.dataset);
  s.learningRate = num("learningRate", s.learningRate);
  s.regularizationRate = num("regularizationRate", s.regularizationRate);
  s.noise = num("noise", s.noise);
  if (p.has("networkShape")) s.hidden = p.get("networkShape") === "" ? [] : p.get("networkShape").split(",").map(Number);
  s.seed = num("seed", s.seed);
  s.showTestData = p.get("showTestData") === "true";
  s.discretize = p.get("discretize") === "true";
  s.trainPercent = num("percTrainData", s.trainPercent);
  s.speed = num("speed", s.speed);
  if (FEATURES.some(f => p.has(f))) s.features = FEATURES.filter(f => p.has(f) && p.get(f) !== "false");
  if (s.dataset === "upload" && !csv) s.dataset = s.problem === "regression" ? "plane" : "circle";
  return s;
}

function writeHash() {
  const p = new URLSearchParams();
  p.set("activation", state.activation);
  p.set("regularization", state.regularization);
  p.set("batchSize", state.batchSize);
  p.set("dataset", state.dataset);
  p.set("learningRate", state.learningRate);
  p.set("regularizationRate", state.regularizationRate);
  p.set("noise", state.noise);
  p.set("networkShape", state.hidden.join(","));
  p.set("seed", state.seed);
  p.set("showTestData", state.showTestData);
  p.set("discretize", state.discretize);
  p.set("percTrainData", state.trainPercent);
  for (const f of FEATURES) p.set(f, state.features.includes(f));
  p.set("problem", state.problem);
  p.set("speed", state.speed);
  history.replaceState(null, "", "#" + p.toString());
}

function setup() {
  const {showTestData, discretize, speed, ...config} = state;
  return {...config, csv: state.dataset === "upload" ? csv : null};
}

// ---- talking to the server: one request at a time, in order ----

function serial(task) {
  chain = chain.then(task).catch(showError);
  return chain;
}

function showError(e) {
  const box = $("error");
  box.textContent = e ? String(e.message || e) : "";
  box.hidden = !e;
}

async function newSession() {
  if (sessionId) api("DELETE", `/api/playground/sessions/${sessionId}`).catch(() => {});
  sessionId = null;
  const f = await api("POST", "/api/playground/sessions", setup());
  sessionId = f.id;
  draw(f);
}

/** Sends the controls' setup: the server keeps the weights for a new learning rate and rebuilds otherwise. */
function configure({preset = false} = {}) {
  if (!preset) { $("presets").querySelectorAll("button").forEach(x => x.classList.remove("active")); $("presetSentence").textContent = ""; }
  writeHash();
  return serial(async () => {
    showError(null);
    try {
      if (!sessionId) return await newSession();
      draw(await api("PUT", `/api/playground/sessions/${sessionId}/config`, setup()));
    } catch (e) {
      if (e.status === 404) return newSession();
      const previous = frame && frame.config;
      if (previous) { state = {...state, ...previous, hidden: previous.hidden}; syncControls(); writeHash(); }
      throw e;
    }
  });
}

function command(path, body) {
  return serial(async () => {
    showError(null);
    try { draw(await api("POST", `/api/playground/sessions/${sessionId}/${path}`, body)); }
    catch (e) { if (e.status === 404) return newSession(); throw e; }
  });
}

async function loop() {
  while (playing) {
    await command("train", {epochs: state.speed});
    if (!$("error").hidden) setPlaying(false);
    await new Promise(r => requestAnimationFrame(r));
  }
}

function setPlaying(on) {
  playing = on;
  $("play").textContent = on ? "❚❚" : "▶";
  $("play").setAttribute("aria-pressed", String(on));
  $("play").classList.toggle("playing", on);
  if (on) loop();
}

// ---- drawing a frame ----

function draw(f) {
  if (f.train) data = {train: f.train, test: f.test, inputs: f.inputs, grid: f.grid, thumb: f.thumb};
  if (f.epoch === 0 || !frame || f.epoch < frame.epoch) past = {train: [], test: [], gradients: []};
  past.train.push(f.trainLoss);
  past.test.push(f.testLoss);
  past.gradients.push(f.layers.map(l => l.gradient));
  frame = f;
  $("epoch").textContent = String(f.epoch).padStart(6, "0").replace(/(\d{3})(\d{3})$/, "$1,$2");
  $("trainLoss").textContent = format(f.trainLoss);
  $("testLoss").textContent = format(f.testLoss);
  $("accuracy").textContent = f.trainAccuracy === undefined ? "" :
      t("playground.accuracy", {train: percent(f.trainAccuracy), test: percent(f.testAccuracy)});
  showDiverged(f);
  $("deadNeurons").textContent = f.deadNeurons;
  drawLines($("lossChart"), [{values: past.train, colour: "#777"}, {values: past.test, colour: "black"}]);
  drawGradients();
  drawNetwork(f);
  drawOutput();
  document.body.dataset.epoch = f.epoch;
}

/**
 * A loss of NaN means the weights ran off to infinity (the server sends null): with a linear output,
 * as in regression, a step grows with the inputs, and X₁², X₂² and X₁X₂ reach 36. Say what to change.
 */
function showDiverged(f) {
  const diverged = f.trainLoss === null || f.testLoss === null;
  const big = state.features.some(name => ["xSquared", "ySquared", "xTimesY"].includes(name));
  $("diverged").textContent = diverged ? t(big ? "playground.diverged.bigFeatures" : "playground.diverged", {rate: state.learningRate}) : "";
  $("diverged").hidden = !diverged;
}

function drawOutput() {
  const canvas = $("heatmap");
  // Playground's alpha 160/255 over white, so the points keep their colour against the surface
  if (hovered) drawHeatmap(canvas, hovered.map, data.thumb, {discretize: state.discretize, alpha: 160 / 255});
  else drawHeatmap(canvas, frame.output, data.grid, {discretize: state.discretize, alpha: 160 / 255});
  $("heatmapLabel").textContent = hovered ? hovered.label : t("playground.heatmap.output");
  drawPoints(canvas, data.train);
  if (state.showTestData) drawPoints(canvas, data.test, {test: true});
}

function drawGradients() {
  const n = frame.layers.length;
  const series = [];
  for (let l = 0; l < n; l++) series.push({values: past.gradients.map(g => g.length === n && g[l] > 0 ? g[l] : null), colour: LAYER_COLOURS[l % LAYER_COLOURS.length]});
  drawLines($("gradientChart"), series, {log: true});
  $("gradientLegend").innerHTML = frame.layers.map((l, i) =>
      `<span style="color:${LAYER_COLOURS[i % LAYER_COLOURS.length]}">${i === n - 1 ? t("playground.gradient.output") : t("playground.gradient.layer", {n: i + 1})}: ${l.gradient === null ? "NaN" : Number(l.gradient).toExponential(1)}</span>`).join(" · ");
}

/** Positions: column 0 the seven features, then one column per hidden layer, then the output. */
function layout(f) {
  const box = $("network");
  const width = box.clientWidth, columns = f.layers.length + 1;
  const x = c => 70 + c * (width - 70 - 40) / columns;
  const nodes = [FEATURES.map((name, k) => ({x: x(0), y: 36 + k * 52, feature: name}))];
  f.layers.forEach((layer, l) => {
    const n = layer.biases.length, last = l === f.layers.length - 1;
    nodes.push(layer.biases.map((_, j) => ({x: last ? width - 40 : x(l + 1), y: last ? 190 : 40 + j * 46})));
  });
  return nodes;
}

function drawNetwork(f) {
  const box = $("network"), svg = $("links");
  const structure = JSON.stringify([f.config.features, f.config.hidden, data && data.inputs.length]);
  const nodes = layout(f);
  if (box.dataset.structure !== structure) {
    box.dataset.structure = structure;
    box.querySelectorAll(".node, .neuron-controls").forEach(e => e.remove());
    nodes.forEach((column, c) => column.forEach((p, j) => box.appendChild(makeNode(c, j, p))));
    f.config.hidden.forEach((n, l) => {
      const ctl = document.createElement("div");
      ctl.className = "neuron-controls";
      ctl.style.left = (nodes[l + 1][0].x - 20) + "px";
      ctl.style.top = "0px";
      const add = t("playground.addNeuron"), remove = t("playground.removeNeuron");
      ctl.innerHTML = `<button data-layer="${l}" data-delta="1" title="${add}" aria-label="${add}">+</button>` +
          `<button data-layer="${l}" data-delta="-1" title="${remove}" aria-label="${remove}">−</button>` +
          `<div>${n === 1 ? t("playground.neurons.one") : t("playground.neurons.many", {n})}</div>`;
      box.appendChild(ctl);
    });
  }
  const layers = f.config.hidden.length;
  $("layerCount").textContent = layers === 1 ? t("playground.layers.one") : t("playground.layers.many", {n: layers});
  // thumbnails and biases
  FEATURES.forEach((name, k) => {
    const node = box.querySelector(`.node[data-column="0"][data-index="${k}"]`);
    const active = f.config.features.indexOf(name);
    node.classList.toggle("inactive", active < 0);
    if (active >= 0) drawHeatmap(node.querySelector("canvas"), data.inputs[active], data.thumb, {discretize: state.discretize});
    else node.querySelector("canvas").getContext("2d").clearRect(0, 0, 30, 30);
  });
  f.layers.forEach((layer, l) => layer.maps.forEach((map, j) => {
    const node = box.querySelector(`.node[data-column="${l + 1}"][data-index="${j}"]`);
    drawHeatmap(node.querySelector("canvas"), map, data.thumb, {discretize: state.discretize});
    node.querySelector(".bias").style.background = css(layer.biases[j]);
    node.querySelector(".bias").dataset.value = layer.biases[j];
  }));
  // links, from each source node's right edge to each destination's left edge
  const activeInputs = f.config.features.map(name => nodes[0][FEATURES.indexOf(name)]);
  let html = "";
  f.layers.forEach((layer, l) => {
    const sources = l === 0 ? activeInputs : nodes[l];
    layer.weights.forEach((row, j) => row.forEach((w, k) => {
      const s = sources[k], d = nodes[l + 1][j];
      const x1 = s.x + 30, y1 = s.y + 15, x2 = d.x, y2 = d.y + 15 + (k - (row.length - 1) / 2) * Math.min(6, 24 / row.length);
      const m = (x1 + x2) / 2;
      const path = `M${x1},${y1} C${m},${y1} ${m},${y2} ${x2},${y2}`;
      const width = 1 + 9 * Math.min(Math.abs(w), 5) / 5;
      html += `<path class="link" d="${path}" stroke="${css(w)}" stroke-width="${width.toFixed(2)}" stroke-dasharray="9,1" stroke-dashoffset="${-f.epoch / 3}"/>` +
              `<path class="link-hover" d="${path}" data-weight="${w}" data-from="${k}" data-to="${l}:${j}"/>`;
    }));
  });
  svg.innerHTML = html;
}

function makeNode(column, index, p) {
  const node = document.createElement("div");
  node.className = "node" + (column === 0 ? " feature" : "");
  node.dataset.column = column;
  node.dataset.index = index;
  node.style.left = p.x + "px";
  node.style.top = p.y + "px";
  node.innerHTML = `<canvas width="30" height="30"></canvas>` +
      (column === 0 ? `<span class="name">${FEATURE_LABELS[p.feature]}</span>` : `<span class="bias"></span>`);
  if (column === 0) node.title = t("playground.feature.toggle");
  return node;
}

function hover(e) {
  const card = $("hovercard");
  const link = e.target.closest(".link-hover"), bias = e.target.closest(".bias"), node = e.target.closest(".node");
  if (link || bias) {
    card.textContent = link ? t("playground.weightIs", {w: Number(link.dataset.weight).toPrecision(2)}) : t("playground.biasIs", {b: Number(bias.dataset.value).toPrecision(2)});
    card.style.left = (e.clientX + 12) + "px";
    card.style.top = (e.clientY + 12) + "px";
    card.hidden = false;
  } else card.hidden = true;
  const next = node && frame ? neuronMap(node) : null;
  if ((next && next.label) !== (hovered && hovered.label)) { hovered = next; if (data) drawOutput(); }
}

function neuronMap(node) {
  const c = Number(node.dataset.column), j = Number(node.dataset.index);
  if (c === 0) {
    const name = FEATURES[j], k = frame.config.features.indexOf(name);
    return k < 0 ? null : {map: data.inputs[k], label: t("playground.heatmap.feature", {name: FEATURE_LABELS[name]})};
  }
  const last = c === frame.layers.length;
  return {map: frame.layers[c - 1].maps[j], label: last ? t("playground.heatmap.outputNeuron") : t("playground.heatmap.neuron", {layer: c, neuron: j + 1})};
}

// ---- controls ----

function syncControls() {
  for (const [id, v] of [["learningRate", state.learningRate], ["regularizationRate", state.regularizationRate]])
    if (![...$(id).options].some(o => o.value === String(v))) $(id).add(new Option(String(v), String(v)));
  $("learningRate").value = String(state.learningRate);
  $("activation").value = state.activation;
  $("regularization").value = state.regularization;
  $("regularizationRate").value = String(state.regularizationRate);
  $("problem").value = state.problem;
  $("speed").value = String(state.speed);
  for (const k of ["trainPercent", "noise", "batchSize"]) { $(k).value = state[k]; $(k + "Value").textContent = state[k] + (k === "trainPercent" ? "%" : ""); }
  $("showTestData").checked = state.showTestData;
  $("discretize").checked = state.discretize;
  drawDatasets();
}

async function drawDatasets() {
  const box = $("datasets");
  const names = state.problem === "regression" ? catalogue.regression : catalogue.classification;
  if (box.dataset.problem !== state.problem) {
    box.dataset.problem = state.problem;
    box.innerHTML = "";
    for (const name of names) {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 60;
      canvas.dataset.name = name;
      canvas.title = t(`playground.dataset.${name}`);
      canvas.setAttribute("aria-label", canvas.title);
      box.appendChild(canvas);
      const sample = await api("GET", `/api/playground/datasets/${name}?count=200`);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#f4f4f4";
      ctx.fillRect(0, 0, 60, 60);
      for (const [x, y, label] of sample.points) { ctx.fillStyle = css(label); ctx.fillRect((x + 6) * 5 - 1, (6 - y) * 5 - 1, 3, 3); }
    }
  }
  box.querySelectorAll("canvas").forEach(c => c.classList.toggle("selected", c.dataset.name === state.dataset));
  $("uploadNote").hidden = state.dataset !== "upload";
}

function bind() {
  const change = (id, key, parse = v => v) => $(id).addEventListener("change", () => { state[key] = parse($(id).value); configure(); });
  change("learningRate", "learningRate", Number);
  change("activation", "activation");
  change("regularization", "regularization");
  change("regularizationRate", "regularizationRate", Number);
  $("problem").addEventListener("change", () => {
    state.problem = $("problem").value;
    state.dataset = state.problem === "regression" ? "plane" : "circle";
    syncControls();
    configure();
  });
  $("speed").addEventListener("change", () => { state.speed = Number($("speed").value); writeHash(); });
  for (const k of ["trainPercent", "noise", "batchSize"]) {
    $(k).addEventListener("input", () => { $(k + "Value").textContent = $(k).value + (k === "trainPercent" ? "%" : ""); });
    $(k).addEventListener("change", () => { state[k] = Number($(k).value); configure(); });
  }
  $("showTestData").addEventListener("change", () => { state.showTestData = $("showTestData").checked; writeHash(); if (frame) drawOutput(); });
  $("discretize").addEventListener("change", () => { state.discretize = $("discretize").checked; writeHash(); if (frame) draw(frame); });
  $("datasets").addEventListener("click", e => {
    if (!e.target.dataset.name) return;
    state.dataset = e.target.dataset.name;
    drawDatasets();
    configure();
  });
  $("play").addEventListener("click", () => setPlaying(!playing));
  $("step").addEventListener("click", () => { setPlaying(false); command("train", {epochs: 1}); });
  $("reset").addEventListener("click", () => command("reset"));
  $("regenerate").addEventListener("click", () => {
    state.seed = Math.floor(Math.random() * 100000);
    writeHash();
    command("regenerate", {seed: state.seed});
  });
  $("addLayer").addEventListener("click", () => { if (state.hidden.length < 6) { state.hidden = [...state.hidden, 2]; configure(); } });
  $("removeLayer").addEventListener("click", () => { if (state.hidden.length > 0) { state.hidden = state.hidden.slice(0, -1); configure(); } });
  $("network").addEventListener("click", e => {
    const button = e.target.closest("button[data-layer]");
    if (button) {
      const l = Number(button.dataset.layer), n = state.hidden[l] + Number(button.dataset.delta);
      if (n >= 1 && n <= 8) { state.hidden = state.hidden.map((v, i) => i === l ? n : v); configure(); }
      return;
    }
    const node = e.target.closest(".node.feature");
    if (node) {
      const name = FEATURES[Number(node.dataset.index)];
      state.features = state.features.includes(name) ? state.features.filter(f => f !== name) : FEATURES.filter(f => f === name || state.features.includes(f));
      configure();
    }
  });
  $("network").addEventListener("mousemove", hover);
  $("network").addEventListener("mouseleave", () => { $("hovercard").hidden = true; hovered = null; if (frame) drawOutput(); });
  $("upload").addEventListener("change", async () => {
    const file = $("upload").files[0];
    if (!file) return;
    if (file.size > 100000) { showError(new Error(t("playground.upload.tooBig"))); return; }
    csv = await file.text();
    state.dataset = "upload";
    drawDatasets();
    configure();
  });
  window.addEventListener("hashchange", () => {
    const next = readHash();
    if (JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    syncControls();
    serial(newSession);
  });
  window.addEventListener("pagehide", () => { if (sessionId) navigator.sendBeacon(`/api/playground/sessions/${sessionId}/close`); });
  window.addEventListener("resize", () => { $("network").dataset.structure = ""; if (frame) draw(frame); });
}

function buildPresets() {
  const box = $("presets");
  for (const p of catalogue.presets) {
    const b = document.createElement("button");
    b.textContent = t(`playground.preset.${p.name}.title`);
    b.dataset.preset = p.name;
    b.title = t(`playground.preset.${p.name}.sentence`);
    b.addEventListener("click", () => {
      setPlaying(false);
      state = {...state, ...p.config};
      box.querySelectorAll("button").forEach(x => x.classList.toggle("active", x === b));
      $("presetSentence").textContent = b.title;
      syncControls();
      configure({preset: true});
    });
    box.appendChild(b);
  }
}

async function start() {
  $("learningRate").innerHTML = RATES.map(r => `<option value="${r}">${r}</option>`).join("");
  $("regularizationRate").innerHTML = REG_RATES.map(r => `<option value="${r}">${r}</option>`).join("");
  catalogue = await api("GET", "/api/playground/datasets");
  state = readHash();
  buildPresets();
  syncControls();
  bind();
  writeHash();
  await serial(newSession);
  document.body.dataset.ready = "true";
}

start().catch(showError);
