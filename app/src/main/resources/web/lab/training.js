// Live training: starts a fresh network on the server (POST /api/training), listens to its
// server-sent events, and draws the cost and accuracy curves and the first layer's weight maps as
// they change. Stop, resume and save go through the same API.
import * as api from "./api.js";
import { drawWeights } from "./pixels.js";
import { t, formatNumber } from "/i18n.js";

export class Training {
  constructor(root, onSaved) {
    this.root = root;
    this.onSaved = onSaved;
    this.$ = (id) => root.querySelector("#" + id);
    this.session = null;
    this.source = null;
    this.reset();
    this.$("t-start").addEventListener("click", () => this.start());
    this.$("t-stop").addEventListener("click", () => this.act(api.stopTraining));
    this.$("t-resume").addEventListener("click", () => this.act(api.resumeTraining));
    this.$("t-save").addEventListener("click", () => this.save());
    this.draw();
    setInterval(() => this.watch(), 1000);
  }

  /**
   * A safety net for the event stream: when a session should be changing but no event came for a
   * while (a dropped connection, a proxy that buffers), read its state over plain HTTP instead.
   */
  async watch() {
    if (!this.session || !(this.state === "running" || this.state === "stopping")) return;
    if (performance.now() - (this.lastEvent || 0) < 2500) return;
    if (this.source && this.source.readyState === EventSource.CLOSED) this.listen(this.session.id);
    try {
      const s = await api.training(this.session.id);
      this.snapshot(s);
    } catch (e) {
      this.status(e.message);
    }
  }

  snapshot(s) {
    this.points = s.batches;
    this.epochs = s.epochs;
    this.maps = s.maps || [];
    this.apply(s);
    this.draw();
  }

  reset() {
    this.points = [];   // [x in epochs, running cost, running accuracy]
    this.epochs = [];
    this.maps = [];
    this.state = "idle";
  }

  options() {
    const hidden = this.$("t-hidden").value.split(/[,\s]+/).filter(Boolean).map(Number);
    const num = (id) => Number(this.$(id).value);
    return {
      hidden, activation: this.$("t-activation").value, cost: this.$("t-cost").value,
      learning_rate: num("t-lr"), batch_size: num("t-batch"), epochs: num("t-epochs"), examples: num("t-examples"), seed: num("t-seed"),
    };
  }

  status(text) { this.$("t-status").textContent = text; }

  async start() {
    this.source?.close();
    this.source = null;
    let s;
    try {
      s = await api.startTraining(this.options());
    } catch (e) {
      this.status(e.message);
      return;
    }
    this.reset();
    this.session = s;
    this.apply(s);
    this.listen(s.id);
  }

  listen(id) {
    const source = api.trainingEvents(id);
    this.source = source;
    const on = (name, fn) => source.addEventListener(name, (e) => {
      if (this.source !== source) return;
      this.lastEvent = performance.now();
      fn(JSON.parse(e.data));
    });
    on("snapshot", (s) => this.snapshot(s));
    on("batch", (b) => {
      this.points.push(b.point);
      if (b.maps) this.maps = b.maps;
      this.status(t("lab.train.progress", { network: this.session.network, epoch: b.epoch, batch: b.batch, batches: b.batches,
        cost: b.point[1].toFixed(4), rate: formatNumber(b.samples_per_second) }));
      this.draw();
    });
    on("epoch", (e) => {
      this.epochs.push(e.epoch);
      this.maps = e.maps;
      this.draw();
    });
    on("state", (s) => this.apply(s));
  }

  apply(s) {
    this.session = { ...this.session, ...s };
    this.state = s.state;
    const running = s.state === "running" || s.state === "stopping";
    this.$("t-start").disabled = running;
    this.$("t-stop").disabled = s.state !== "running";
    this.$("t-resume").disabled = running || s.state === "failed" || s.state === "finished";   // a finished run has nothing left to resume
    this.$("t-save").disabled = running || s.state === "failed" || !(s.position > 0);
    this.root.dataset.state = s.state;
    const last = this.epochs.at(-1);
    const acc = last?.test_accuracy != null
      ? t("lab.train.testAccuracy", { accuracy: formatNumber(last.test_accuracy, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }) }) : "";
    if (s.state !== "running" || !this.points.length) this.status(`${s.network} · ${stateText(s)}${acc}`);
  }

  async act(call) {
    if (!this.session) return;
    try { this.apply(await call(this.session.id)); } catch (e) { this.status(e.message); }
  }

  async save() {
    const name = this.$("t-name").value.trim();
    try {
      const r = await api.saveTraining(this.session.id, name);
      this.status(t("lab.train.saved", { model: r.model }));
      this.onSaved(r.model);
    } catch (e) {
      this.status(e.message);
    }
  }

  draw() {
    const xMax = Math.max(this.options().epochs || 1, ...this.points.map((p) => p[0]), 1);
    const cost = this.points.map((p) => [p[0], p[1]]);
    const epochCost = this.epochs.map((e) => [e.x ?? e.epoch, e.train_cost]);
    chart(this.$("t-cost-chart"), xMax, 0, Math.max(cost.length ? 1e-3 : 0.5, ...cost.map((p) => p[1]), ...epochCost.map((p) => p[1])),
      [{ points: cost, colour: "#f5c542" }, { points: epochCost, colour: "#f5c542", dots: true }], (v) => v.toFixed(3));
    const acc = this.points.map((p) => [p[0], p[2]]);
    const test = this.epochs.filter((e) => e.test_accuracy != null).map((e) => [e.x ?? e.epoch, e.test_accuracy]);
    chart(this.$("t-acc-chart"), xMax, 0, 1,
      [{ points: acc, colour: "#9aa3b2" }, { points: test, colour: "#3ecf8e", dots: true, line: true }], (v) => (100 * v).toFixed(0) + "%");
    this.$("t-acc-chart").dataset.points = String(this.points.length);
    this.$("t-acc-chart").dataset.epochs = String(this.epochs.length);
    const box = this.$("t-maps");
    while (box.children.length < this.maps.length) box.append(document.createElement("canvas"));
    while (box.children.length > this.maps.length) box.lastChild.remove();
    this.maps.forEach((m, j) => drawWeights(box.children[j], m));
  }
}

/** The session's state in words: the server's message is English, so the page says it from the state and the epochs. */
function stateText(s) {
  if (s.state === "failed") return t("lab.train.failed", { message: s.message });
  if (s.state === "running") return t(s.position > 0 ? "lab.train.running" : "lab.train.starting");
  return t(`lab.train.${s.state}`, { epochs: s.epochs_done });
}

/** A small line chart: x from 0 to xMax epochs, y from yMin to yMax. */
function chart(canvas, xMax, yMin, yMax, series, fmt) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, l = 44, r = 10, t = 10, b = 22;
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = "#2c313c";
  ctx.fillStyle = "#9aa3b2";
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  const X = (x) => l + ((w - l - r) * x) / xMax;
  const Y = (y) => h - b - ((h - t - b) * (y - yMin)) / (yMax - yMin || 1);
  for (let k = 0; k <= 4; k++) {
    const y = yMin + ((yMax - yMin) * k) / 4;
    ctx.beginPath(); ctx.moveTo(l, Y(y)); ctx.lineTo(w - r, Y(y)); ctx.stroke();
    ctx.fillText(fmt(y), 2, Y(y) + 4);
  }
  const stepX = Math.max(1, Math.ceil(xMax / 10));
  for (let x = 0; x <= xMax; x += stepX) ctx.fillText(String(x), X(x) - 3, h - 6);
  for (const s of series) {
    ctx.strokeStyle = ctx.fillStyle = s.colour;
    ctx.lineWidth = 1.5;
    if (!s.dots || s.line) {
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i ? ctx.lineTo(X(x), Y(y)) : ctx.moveTo(X(x), Y(y))));
      ctx.stroke();
    }
    if (s.dots) for (const [x, y] of s.points) { ctx.beginPath(); ctx.arc(X(x), Y(y), 3, 0, 2 * Math.PI); ctx.fill(); }
  }
}
