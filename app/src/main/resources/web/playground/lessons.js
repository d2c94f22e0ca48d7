// The single-neuron lessons. The page only draws: every e, gradient, weight and curve comes from
// /api/lessons/* (the engine's forward and backward passes) or from playground sessions (lesson 5).
import {t} from "/i18n.js";
import {api} from "/api.js";
import {css, drawHeatmap, drawPoints, format} from "/playground/common.js";

const $ = id => document.getElementById(id);

function showError(e) {
  $("error").textContent = e ? String(e.message || e) : "";
  $("error").hidden = !e;
}

/** A plot over [x0, x1] × [y0, y1] with a margin for the axes. */
class Plot {
  constructor(canvas, x0, x1, y0, y1, {xLabel = "", yLabel = ""} = {}) {
    Object.assign(this, {canvas, x0, x1, y0, y1});
    this.ctx = canvas.getContext("2d");
    this.m = {l: 34, r: 8, t: 8, b: 24};
    const c = this.ctx;
    c.clearRect(0, 0, canvas.width, canvas.height);
    c.strokeStyle = "#bbb";
    c.lineWidth = 1;
    c.beginPath();
    c.moveTo(this.m.l, this.m.t);
    c.lineTo(this.m.l, canvas.height - this.m.b);
    c.lineTo(canvas.width - this.m.r, canvas.height - this.m.b);
    c.stroke();
    c.fillStyle = "#777";
    c.font = "11px sans-serif";
    c.fillText(xLabel, (this.m.l + canvas.width - this.m.r - c.measureText(xLabel).width) / 2, canvas.height - 4);   // clear of the end ticks
    c.fillText(yLabel, this.m.l + 4, this.m.t + 10);
    for (const [v, horizontal] of [[x0, true], [x1, true], [y0, false], [y1, false]]) {
      const text = String(Math.round(v * 100) / 100);
      if (horizontal) c.fillText(text, this.px(v) - 6, canvas.height - this.m.b + 13);
      else c.fillText(text, 2, this.py(v) + 4);
    }
  }
  px(x) { return this.m.l + (x - this.x0) / (this.x1 - this.x0) * (this.canvas.width - this.m.l - this.m.r); }
  py(y) { return this.canvas.height - this.m.b - (y - this.y0) / (this.y1 - this.y0) * (this.canvas.height - this.m.t - this.m.b); }
  clampY(y) { return Math.max(this.y0, Math.min(this.y1, y)); }
  line(points, colour, width = 2, dash = []) {
    const c = this.ctx;
    c.save();
    c.beginPath();
    c.rect(this.m.l, this.m.t, this.canvas.width - this.m.l - this.m.r, this.canvas.height - this.m.t - this.m.b);
    c.clip();
    c.beginPath();
    c.strokeStyle = colour;
    c.lineWidth = width;
    c.setLineDash(dash);
    points.forEach(([x, y], i) => i === 0 ? c.moveTo(this.px(x), this.py(y)) : c.lineTo(this.px(x), this.py(y)));
    c.stroke();
    c.restore();
  }
  dot(x, y, r, fill, stroke = "white") {
    const c = this.ctx;
    c.beginPath();
    c.arc(this.px(x), this.py(this.clampY(y)), r, 0, 2 * Math.PI);
    c.fillStyle = fill;
    c.fill();
    c.strokeStyle = stroke;
    c.lineWidth = 1.5;
    c.stroke();
  }
}

/** A step-by-step descent: holds the start and the number of steps; the server recomputes the path. */
function descentLesson(name, {start, rate, draw, max = 200}) {
  const lesson = {steps: 0, timer: null, result: null};
  lesson.load = async () => {
    try {
      showError(null);
      const [w, b] = start();
      lesson.result = await api("POST", `/api/lessons/${name}`, {w, b, rate: Number($(rate).value), steps: lesson.steps, point: lesson.point || 0});
      draw(lesson.result);
      if (lesson.result.diverged || lesson.steps >= max) lesson.stop();
    } catch (e) { lesson.stop(); showError(e); }
  };
  lesson.step = () => { lesson.steps++; return lesson.load(); };
  lesson.stop = () => { clearInterval(lesson.timer); lesson.timer = null; };
  lesson.run = () => {
    if (lesson.timer) return lesson.stop();
    lesson.timer = setInterval(() => lesson.step(), 250);
  };
  lesson.reset = () => { lesson.stop(); lesson.steps = 0; return lesson.load(); };
  return lesson;
}

// ---- 1. y = w x ----

const line = descentLesson("line", {
  start: () => [Number($("lineStart").value), 0], rate: "lineRate",
  draw: r => {
    const now = r.path[r.path.length - 1], [w, , e, g] = now;
    const data = new Plot($("lineData"), 0, 3.2, -0.5, 3.5, {xLabel: t("lessons.axis.size"), yLabel: t("lessons.axis.toxicity")});
    data.line([[0, 0], [3.2, 3.2 * w]], "#0877bd", 2);
    for (const bean of r.beans) data.dot(bean.x, bean.y, 4, "#f59322");
    const top = Math.max(...r.curve.map(p => p[1]));
    const err = new Plot($("lineError"), -1, 3, 0, top, {xLabel: "w", yLabel: "e(w)"});
    err.line(r.curve, "#999", 2);
    err.line(r.path.map(p => [p[0], err.clampY(p[2])]), "#f59322", 1, [4, 3]);
    r.path.forEach((p, i) => err.dot(Math.max(-1, Math.min(3, p[0])), p[2], i === r.path.length - 1 ? 6 : 3, i === r.path.length - 1 ? "#0877bd" : "#f59322"));
    $("lineK").textContent = r.path.length - 1;
    $("lineW").textContent = format(w, 4);
    $("lineE").textContent = format(e, 4);
    $("lineG").textContent = format(g, 4);
    const growing = r.path.length > 3 && Math.abs(r.path[r.path.length - 1][0] - 0.91) > Math.abs(r.path[r.path.length - 3][0] - 0.91) + 1e-9;
    $("lineNote").textContent = r.diverged ? t("lessons.line.diverged", {w: format(w, 0)}) : growing ? t("lessons.line.overshooting") : "";
  }});

// ---- 2. y = w x + b ----

let bowlStart = [-0.5, 2.2];
const bowl = descentLesson("bowl", {
  start: () => bowlStart, rate: "bowlRate",
  draw: r => {
    const now = r.path[r.path.length - 1], [w, b, e, gw, gb] = now;
    const data = new Plot($("bowlData"), 0, 3.2, 0, 3.5, {xLabel: t("lessons.axis.size"), yLabel: t("lessons.axis.toxicity")});
    data.line([[0, b], [3.2, b + 3.2 * w]], "#0877bd", 2);
    for (const bean of r.beans) data.dot(bean.x, bean.y, 4, "#f59322");
    drawBowl($("bowl"), r.bowl, r.path);
    $("bowlK").textContent = r.path.length - 1;
    $("bowlW").textContent = format(w, 4);
    $("bowlB").textContent = format(b, 4);
    $("bowlE").textContent = format(e, 4);
    $("bowlGw").textContent = format(gw, 4);
    $("bowlGb").textContent = format(gb, 4);
  }});

/** The bowl as bands of log e (a contour map: darker is lower) with the descent path on top. */
function drawBowl(canvas, {w: [w0, w1], b: [b0, b1], e}, path) {
  const size = e.length, ctx = canvas.getContext("2d");
  const logs = e.flat().map(v => Math.log(v + 1e-4)), lo = Math.min(...logs), hi = Math.max(...logs);
  const off = document.createElement("canvas");
  off.width = off.height = size;
  const image = off.getContext("2d").createImageData(size, size);
  logs.forEach((v, i) => {
    const t = (v - lo) / (hi - lo), band = Math.floor(t * 12) / 12;
    const shade = Math.round(40 + 200 * band);
    image.data.set([Math.round(shade * 0.55), Math.round(shade * 0.75), shade, 255], i * 4);
  });
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  const px = w => (w - w0) / (w1 - w0) * canvas.width, py = b => (b1 - b) / (b1 - b0) * canvas.height;
  ctx.strokeStyle = "#f59322";
  ctx.lineWidth = 2;
  ctx.beginPath();
  path.forEach(([w, b], i) => i === 0 ? ctx.moveTo(px(w), py(b)) : ctx.lineTo(px(w), py(b)));
  ctx.stroke();
  path.forEach(([w, b], i) => {
    ctx.beginPath();
    ctx.arc(px(w), py(b), i === path.length - 1 ? 5 : 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = i === path.length - 1 ? "white" : "#f59322";
    ctx.fill();
  });
  ctx.fillStyle = "white";
  ctx.font = "11px sans-serif";
  ctx.fillText(`w → (${w0} … ${w1})`, canvas.width - 90, canvas.height - 6);
  ctx.fillText(`b ↑ (${b0} … ${b1})`, 6, 14);
  canvas.onclick = ev => {
    const rect = canvas.getBoundingClientRect();
    const x = (ev.clientX - rect.left) / rect.width * canvas.width, y = (ev.clientY - rect.top) / rect.height * canvas.height;
    bowlStart = [w0 + x / canvas.width * (w1 - w0), b1 - y / canvas.height * (b1 - b0)];
    bowl.reset();
  };
}

// ---- 3. sigmoid and the chain rule ----

const sigmoid = descentLesson("sigmoid", {
  start: () => [0.3, -0.5], rate: "sigmoidRate",
  draw: r => {
    const [w, b, e] = r.path[r.path.length - 1];
    const plot = new Plot($("sigmoidData"), 0, 6, -0.1, 1.1, {xLabel: t("lessons.axis.size"), yLabel: t("lessons.axis.toxic")});
    plot.line([[0, 0.5], [6, 0.5]], "#ddd", 1, [3, 3]);
    plot.line(r.fit, "#0877bd", 2.5);
    r.beans.forEach((bean, i) => plot.dot(bean.x, bean.y, i === r.chain.index ? 7 : 4, bean.y > 0.5 ? "#0877bd" : "#f59322", i === r.chain.index ? "black" : "white"));
    $("sigmoidData").onclick = ev => {
      const rect = $("sigmoidData").getBoundingClientRect();
      const x = (ev.clientX - rect.left) / rect.width * $("sigmoidData").width;
      let best = 0;
      r.beans.forEach((bean, i) => { if (Math.abs(plot.px(bean.x) - x) < Math.abs(plot.px(r.beans[best].x) - x)) best = i; });
      sigmoid.point = best;
      sigmoid.load();
    };
    $("sigmoidK").textContent = r.path.length - 1;
    $("sigmoidW").textContent = format(w, 3);
    $("sigmoidB").textContent = format(b, 3);
    $("sigmoidE").textContent = format(e, 4);
    const c = r.chain, f = v => format(v, 4);
    $("chain").innerHTML = `
      <tr><td>${t("lessons.chain.bean")}</td><td>x = ${f(c.x)}, y = ${c.y}</td></tr>
      <tr><td>z = w·x + b</td><td>${f(c.z)}</td></tr>
      <tr><td>a = σ(z)</td><td>${f(c.a)}</td></tr>
      <tr><td>∂e/∂a = −2(y − a)</td><td>${f(c.de_da)}</td></tr>
      <tr><td>∂a/∂z = a(1 − a)</td><td>${f(c.da_dz)}</td></tr>
      <tr><td>∂z/∂w = x, ∂z/∂b = 1</td><td>${f(c.dz_dw)}, 1</td></tr>
      <tr><td>∂e/∂w = ${t("lessons.chain.product")}</td><td><b>${f(c.de_dw)}</b> ${t("lessons.chain.engine", {value: f(c.engine_de_dw)})}</td></tr>
      <tr><td>∂e/∂b = ${t("lessons.chain.product")}</td><td><b>${f(c.de_db)}</b> ${t("lessons.chain.engine", {value: f(c.engine_de_db)})}</td></tr>`;
  }});

// ---- 4. the hill ----

let hillTimer = null;
async function hill() {
  const epochs = Number($("hillEpochs").value);
  $("hillEpochsValue").textContent = epochs;
  try {
    showError(null);
    const r = await api("POST", "/api/lessons/hill", {epochs, rate: 2, seed: 3});
    const data = new Plot($("hillData"), 0, 6, -0.1, 1.1, {xLabel: t("lessons.axis.size"), yLabel: t("lessons.axis.toxic")});
    data.line(r.one.fit, "#999", 2, [5, 4]);
    data.line(r.x.map((x, i) => [x, r.two.output[i]]), "#2ca02c", 3);
    for (const bean of r.beans) data.dot(bean.x, bean.y, 4, bean.y > 0.5 ? "#0877bd" : "#f59322");
    const two = r.two, all = [...two.z, ...two.share[0], ...two.share[1], 0, 1];
    const lo = Math.min(...all), hi = Math.max(...all);
    const hidden = new Plot($("hillHidden"), 0, 6, -0.1, 1.1, {xLabel: t("lessons.axis.size"), yLabel: "a"});
    const parts = new Plot($("hillParts"), 0, 6, lo, hi, {xLabel: t("lessons.axis.size")});
    parts.line([[0, 0], [6, 0]], "#ddd", 1);
    const colours = ["#0877bd", "#d62728"];
    for (let k = 0; k < 2; k++) {
      hidden.line(r.x.map((x, i) => [x, two.hidden[k][i]]), colours[k], 2.5);
      parts.line(r.x.map((x, i) => [x, two.share[k][i]]), colours[k], 1.5, [5, 4]);
    }
    parts.line(r.x.map((x, i) => [x, two.z[i]]), "black", 2);
    $("hillOne").textContent = format(r.one.e, 4);
    $("hillTwo").textContent = format(two.e, 4);
    $("hillW").textContent = `${format(two.w[0], 2)}, ${format(two.w[1], 2)}, ${format(two.b, 2)}`;
  } catch (e) { showError(e); }
}

/** Train slides the epochs up to the end of the slider; while it runs its button says Pause. */
function hillRun() {
  if (hillTimer) return hillStop();
  $("hillRun").textContent = t("lessons.pause");
  hillTimer = setInterval(async () => {
    const next = Number($("hillEpochs").value) + 250;
    if (next > Number($("hillEpochs").max)) return hillStop();
    $("hillEpochs").value = next;
    await hill();
  }, 200);
}

function hillStop() {
  clearInterval(hillTimer);
  hillTimer = null;
  $("hillRun").textContent = t("lessons.train");
}

// ---- 5. two inputs, via two playground sessions on the same ring of beans ----

const PLANES = {
  one: {dataset: "circle", noise: 0, hidden: [], features: ["x", "y"], activation: "tanh", learningRate: 0.03, seed: 2},
  hidden: {dataset: "circle", noise: 0, hidden: [3], features: ["x", "y"], activation: "tanh", learningRate: 0.03, seed: 2},
};
const planeIds = {}, planeData = {};
let planeRunning = false;

async function planeFrame(key, path, body) {
  try {
    if (!planeIds[key]) {
      const f = await api("POST", "/api/playground/sessions", PLANES[key]);
      planeIds[key] = f.id;
      return f;
    }
    return await api("POST", `/api/playground/sessions/${planeIds[key]}/${path}`, body);
  } catch (e) {
    if (e.status === 404) { planeIds[key] = null; return planeFrame(key, path, body); }
    throw e;
  }
}

function drawPlane(key, f) {
  if (f.train) planeData[key] = f;
  const d = planeData[key], canvas = key === "one" ? $("planeOne") : $("planeHidden");
  drawHeatmap(canvas, f.output, d.grid, {alpha: 160 / 255});
  drawPoints(canvas, d.train, {radius: 2.5});
  if (key === "one") {
    const [w1, w2] = f.layers[0].weights[0], b = f.layers[0].biases[0];
    const signed = v => (v < 0 ? " − " : " + ") + format(Math.abs(v), 2);
    $("planeLine").textContent = `${format(w1, 2)}·x₁${signed(w2)}·x₂${signed(b)} = 0`;
    $("planeLossOne").textContent = format(f.testLoss);
    const ctx = canvas.getContext("2d"), s = canvas.width / 12, p = (x, y) => [(x + 6) * s, (6 - y) * s];
    ctx.strokeStyle = "black";
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (Math.abs(w2) > Math.abs(w1)) { ctx.moveTo(...p(-6, (-b + 6 * w1) / w2)); ctx.lineTo(...p(6, (-b - 6 * w1) / w2)); }
    else if (Math.abs(w1) > 1e-9) { ctx.moveTo(...p((-b + 6 * w2) / w1, -6)); ctx.lineTo(...p((-b - 6 * w2) / w1, 6)); }
    ctx.stroke();
  } else {
    $("planeLossHidden").textContent = format(f.testLoss);
    $("planeEpoch").textContent = f.epoch;
    const box = $("planeNeurons");
    if (box.children.length !== 3) box.innerHTML = `<canvas width="50" height="50"></canvas>`.repeat(3);
    f.layers[0].maps.forEach((m, j) => drawHeatmap(box.children[j], m, d.thumb));
  }
}

async function planeStep(epochs) {
  for (const key of ["one", "hidden"]) drawPlane(key, await planeFrame(key, "train", {epochs}));
}

async function planeRun() {
  planeRunning = !planeRunning;
  $("planeRun").textContent = planeRunning ? t("lessons.pause") : t("lessons.plane.train");
  try {
    while (planeRunning) {
      await planeStep(2);
      if (Number($("planeEpoch").textContent) >= 400) { planeRunning = false; $("planeRun").textContent = t("lessons.plane.train"); }
      await new Promise(r => requestAnimationFrame(r));
    }
  } catch (e) { planeRunning = false; showError(e); }
}

async function planeReset() {
  planeRunning = false;
  $("planeRun").textContent = t("lessons.plane.train");
  try { for (const key of ["one", "hidden"]) drawPlane(key, planeIds[key] ? await planeFrame(key, "reset") : await planeFrame(key)); }
  catch (e) { showError(e); }
}

// ---- wiring ----

async function start() {
  $("lineStart").addEventListener("input", () => { $("lineStartValue").textContent = $("lineStart").value; line.reset(); });
  for (const [lesson, prefix] of [[line, "line"], [bowl, "bowl"], [sigmoid, "sigmoid"]]) {
    $(prefix + "Step").addEventListener("click", () => { lesson.stop(); lesson.step(); });
    $(prefix + "Run").addEventListener("click", () => lesson.run());
    $(prefix + "Reset").addEventListener("click", () => lesson.reset());
    $(prefix + "Rate").addEventListener("change", () => lesson.load());
  }
  $("hillEpochs").addEventListener("input", hill);
  $("hillRun").addEventListener("click", hillRun);
  $("hillReset").addEventListener("click", () => { hillStop(); $("hillEpochs").value = 0; hill(); });
  $("planeRun").addEventListener("click", planeRun);
  $("planeReset").addEventListener("click", planeReset);
  const h = PLANES.hidden;
  $("planeLink").href = `/playground#dataset=circle&networkShape=3&activation=tanh&learningRate=0.03&x=true&y=true&seed=${h.seed}`;
  window.addEventListener("pagehide", () => Object.values(planeIds).forEach(id => id && navigator.sendBeacon(`/api/playground/sessions/${id}/close`)));
  await Promise.all([line.load(), bowl.load(), sigmoid.load(), hill(), planeReset()]);
  document.body.dataset.ready = "true";
}

start().catch(showError);
