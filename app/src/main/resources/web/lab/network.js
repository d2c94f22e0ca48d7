// The network drawn as the videos draw it. An MLP: the input as a 28x28 grid, each dense layer as a
// column of circles whose brightness is the neuron's activation, and the strongest weights into each
// neuron as lines (blue positive, red negative, width by |w|, bright when their input is active).
// A network with feature maps (a CNN) as ConvNetJS draws one: a row per layer, every map of it as a
// small image and every neuron as a circle; hovering a map shows the kernels that make it and the
// patch of the input one of its values reads. A first layer that redraws the digit (deskew, widthN)
// is one larger image beside the input.
import { drawGrey, drawWeights, signColour } from "./pixels.js";
import { t } from "/i18n.js";

const NS = "http://www.w3.org/2000/svg";
const W = 760, H = 460, GRID = 196, MAX_CIRCLES = 48;

function el(name, attrs = {}, parent = null) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

/** Activations scaled to 0..1 for brightness: as they are for sigmoid/softmax, else by the layer's largest. */
function brightness(values, activation) {
  if (activation === "sigmoid" || activation === "softmax") return values;
  const max = Math.max(1e-6, ...values.map(Math.abs));
  return values.map((v) => Math.abs(v) / max);
}

/** What a layer's spec says about the window it slides: conv5x5x32p0 → {k: 5, pad: 0, stride: 1}; maxpool2 → {k: 2, stride: 2}. */
export function windowOf(spec) {
  const conv = /^conv(\d+)x(\d+)x\d+(?:p(\d+))?(?:s(\d+))?/.exec(spec);
  if (conv) { const k = Number(conv[1]); return { k, pad: conv[3] != null ? Number(conv[3]) : Math.floor(k / 2), stride: Number(conv[4] ?? 1), conv: true }; }
  const pool = /pool(\d+)/.exec(spec);
  if (pool) return { k: Number(pool[1]), pad: 0, stride: Number(pool[1]), conv: false };
  return null;
}

/**
 * Where one value of each layer's maps looks in the input: value (x, y) of layer i reads the input
 * square from (start + x·jump, start + y·jump), size pixels wide (the receptive field, clipped later).
 */
export function receptiveFields(layers) {
  let size = 1, jump = 1, start = 0;
  return layers.map((layer) => {
    const w = windowOf(layer.spec);
    if (w) { start -= w.pad * jump; size += (w.k - 1) * jump; jump *= w.stride; }
    return { size, jump, start };
  });
}

export class NetworkView {
  constructor(svg, onSelect, hoverCard = null, loadUnit = null) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.hoverCard = hoverCard;
    this.loadUnit = loadUnit;
    this.selected = null;
    this.scratch = document.createElement("canvas");
  }

  /** Lays out the model (from GET /api/models/{name}). */
  setModel(detail) {
    const model = detail.model;
    this.model = model;
    this.kernels = new Map();
    this.fields = null;
    this.svg.replaceChildren();
    this.hide();
    const stacked = model.layers.some((l, i) => l.maps && !(i === 0 && l.redraws_input));
    this.svg.dataset.layout = stacked ? "rows" : "columns";
    if (stacked) this.layoutRows(model);
    else this.layoutColumns(detail);
    this.select(null);
  }

  /** A unit's shape: a tile for a feature map, a circle for a neuron; clickable, with its name for screen readers. */
  unit(parent, i, u, layer, isOutput, box) {
    const name = isOutput ? t("lab.net.outputUnit", { digit: u })
      : t(layer.maps ? "lab.net.mapUnit" : "lab.net.neuronUnit", { layer: i, unit: u });
    const common = { class: "unit", tabindex: 0, role: "button", "aria-label": name, "data-layer": i, "data-unit": u };
    let node;
    if (layer.maps) {
      const { x, y, size } = box;
      node = el("image", { ...common, class: "unit tile", x, y, width: size, height: size, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, parent);
      node.frame = el("rect", { class: "tile-frame", x, y, width: size, height: size, fill: "none", stroke: "#444" }, parent);
      node.addEventListener("pointerenter", (e) => this.hover(i, u, e));
      node.addEventListener("pointermove", (e) => this.hover(i, u, e));
      node.addEventListener("pointerleave", () => this.hide());
      node.addEventListener("focus", () => this.hover(i, u, null));
      node.addEventListener("blur", () => this.hide());
    } else {
      node = el("circle", { ...common, cx: box.x, cy: box.y, r: box.size, fill: "#111" }, parent);
    }
    el("title", {}, node).textContent = name;
    node.addEventListener("click", () => this.select(i, u));
    node.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.select(i, u); } });
    return node;
  }

  /** Writes a layer's label into an SVG text: its spec and activation (names, kept as they are) and what it holds. */
  static label(text, layer, isOutput) {
    el("tspan", { translate: "no" }, text).textContent = [layer.spec, layer.activation].filter(Boolean).join(" ") + " · ";
    el("tspan", {}, text).textContent = isOutput ? t("lab.net.output")
      : layer.maps ? t("lab.net.maps", { n: layer.units, h: layer.shape[1], w: layer.shape[2] }) : t("lab.net.neurons", { n: layer.units });
  }

  // ---- a CNN: one row per layer, every map and every neuron ----

  layoutRows(model) {
    const g = el("g", { class: "units" }, this.svg);
    this.hoverGroup = null;
    const pad = 8, width = W - 2 * pad, gap = 3;
    let y = 4;
    const inputSize = 112;
    el("text", { x: pad, y: y + 13 }, g).textContent = t("lab.net.input");
    y += 20;
    this.input = el("image", { x: pad, y, width: inputSize, height: inputSize, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, g);
    el("rect", { x: pad, y, width: inputSize, height: inputSize, fill: "none", stroke: "#444" }, g);
    this.inputBox = { x: pad, y, size: inputSize };
    y += inputSize + 12;
    const layers = model.layers;
    this.fields = receptiveFields(layers);
    this.columns = layers.map((layer, i) => {
      const isOutput = i === layers.length - 1;
      NetworkView.label(el("text", { class: "layer-label", x: pad, y: y + 13 }, g), layer, isOutput);
      y += 20;
      let size, step;
      if (layer.maps) {
        // maps of 24x24 at 2 px a pixel; small maps no smaller than 20 px, so each stays a visible picture
        size = Math.max(20, Math.min(48, 2 * layer.shape[2]));
        if (layer.redraws_input) size = inputSize;
        step = size + gap;
      } else {
        size = isOutput ? 11 : Math.max(4.5, Math.min(9, (width / Math.ceil(layer.units / 2)) / 2 - 1));
        step = 2 * size + (isOutput ? 30 : 3);
      }
      const perRow = Math.max(1, Math.floor((width + gap) / step));
      const rows = Math.ceil(layer.units / perRow);
      const nodes = [], pos = [];
      for (let u = 0; u < layer.units; u++) {
        const cx = pad + (u % perRow) * step, cy = y + Math.floor(u / perRow) * step;
        const box = layer.maps ? { x: cx, y: cy, size } : { x: cx + size, y: cy + size, size };
        pos.push([box.x, box.y]);
        nodes.push(this.unit(g, i, u, layer, isOutput, box));
        if (isOutput) el("text", { class: "out", x: box.x + size + 4, y: box.y + 5 }, g).textContent = String(u);
      }
      y += rows * step + 10;
      const labels = isOutput ? [...g.querySelectorAll("text.out")] : [];
      return { layer, pos, nodes, shown: layer.units, size, isOutput, labels };
    });
    this.lines = layers.map(() => []);
    this.height = y;
    this.svg.setAttribute("viewBox", `0 0 ${W} ${y}`);
    this.hoverGroup = el("g", { class: "hover-marks" }, this.svg);
  }

  // ---- an MLP: columns of circles, the strongest weights as lines ----

  layoutColumns(detail) {
    const model = detail.model;
    this.svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const linesGroup = el("g", { class: "lines" }, this.svg);
    const unitsGroup = el("g", { class: "units" }, this.svg);
    const gx = 12, gy = (H - GRID) / 2;
    this.input = el("image", { x: gx, y: gy, width: GRID, height: GRID, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, unitsGroup);
    el("rect", { x: gx, y: gy, width: GRID, height: GRID, fill: "none", stroke: "#444" }, unitsGroup);
    el("text", { x: gx, y: gy - 8 }, unitsGroup).textContent = t("lab.net.input");
    const pixelAt = (p) => [gx + ((p % 28) + 0.5) * (GRID / 28), gy + (Math.floor(p / 28) + 0.5) * (GRID / 28)];

    const layers = model.layers;
    // A first layer that redraws the digit (deskew, widthN) sits between the input and the rest, larger,
    // so the digit the network reads can be compared with the one drawn.
    const redraws = layers.length > 1 && layers[0].redraws_input;
    const x0 = gx + GRID + (redraws ? 120 : 90), x1 = W - 50;
    const spread = redraws ? layers.length - 1 : layers.length;
    this.columns = layers.map((layer, i) => {
      const j = redraws ? i - 1 : i, redrawn = j < 0;
      const x = redrawn ? gx + GRID + 48 : spread === 1 ? x1 : x0 + ((x1 - x0) * j) / (spread - 1);
      const isOutput = i === layers.length - 1;
      const shown = Math.min(layer.units, layer.maps ? 1 : MAX_CIRCLES);
      const step = (H - 40) / shown;
      const size = redrawn ? 64 : Math.max(2.5, Math.min(13, step / 2 - 1.5));
      const top = (H - step * shown) / 2 + step / 2;
      const pos = [...Array(shown).keys()].map((u) => [x, top + u * step]);
      const more = shown < layer.units ? " " + t("lab.net.firstOf", { shown, n: layer.units }) : "";
      const text = redrawn ? el("text", { x: x - size / 2, y: H / 2 - size / 2 - 8 }, unitsGroup) : el("text", { x: x - 20, y: 16 }, unitsGroup);
      if (isOutput) text.textContent = t("lab.net.output") + more;
      else {
        el("tspan", { translate: "no" }, text).textContent = `${layer.spec}${layer.activation ? " " + layer.activation : ""}`;
        el("tspan", {}, text).textContent = more;
      }
      const nodes = pos.map(([cx, cy], u) => {
        const node = this.unit(unitsGroup, i, u, layer, isOutput, layer.maps ? { x: cx - size / 2, y: cy - size / 2, size } : { x: cx, y: cy, size });
        if (isOutput) el("text", { class: "out", x: cx + size + 6, y: cy + 5 }, unitsGroup).textContent = String(u);
        return node;
      });
      return { layer, pos, nodes, shown, size, isOutput, labels: isOutput ? [...unitsGroup.querySelectorAll("text.out")].slice(-shown) : [] };
    });

    // Lines: the strongest weights into each shown unit, from a shown unit (or pixel) of the layer before.
    this.lines = layers.map(() => []);
    layers.forEach((layer, i) => {
      const conns = detail.connections[i] || [];
      if (!conns.length || layer.maps) return;
      const prev = i > 0 ? this.columns[i - 1] : null;
      if (prev && prev.layer.maps) return;
      const perUnit = i === 0 ? 3 : 6;
      const count = new Map();
      const max = Math.max(1e-9, ...conns.map((c) => Math.abs(c[2])));
      for (const [from, to, w] of conns) {
        if (to >= this.columns[i].shown || (prev && from >= prev.shown)) continue;
        const n = count.get(to) || 0;
        if (n >= perUnit) continue;
        count.set(to, n + 1);
        const [ax, ay] = prev ? prev.pos[from] : pixelAt(from);
        const [bx, by] = this.columns[i].pos[to];
        const line = el("line", { x1: ax, y1: ay, x2: bx, y2: by, stroke: signColour(w), "stroke-width": (0.4 + (2.6 * Math.abs(w)) / max).toFixed(2), "stroke-opacity": 0.15 }, linesGroup);
        this.lines[i].push({ line, from });
      }
    });
  }

  // ---- hovering a map: its kernels, the maps before it, and the patch of the input it reads ----

  async hover(i, u, event) {
    if (!this.hoverCard || !this.fields) return;
    const layer = this.model.layers[i];
    const node = this.columns[i].nodes[u];
    const card = this.hoverCard;
    const same = !card.hidden && card.dataset.layer === String(i) && card.dataset.unit === String(u);
    this.hoverGroup.replaceChildren();
    // the value under the pointer (the centre of the map when focused by keyboard)
    const [, h, w] = layer.shape;
    let px = Math.floor(w / 2), py = Math.floor(h / 2);
    if (event) {
      const r = node.getBoundingClientRect();
      px = Math.max(0, Math.min(w - 1, Math.floor(((event.clientX - r.left) / r.width) * w)));
      py = Math.max(0, Math.min(h - 1, Math.floor(((event.clientY - r.top) / r.height) * h)));
    }
    const f = this.fields[i], box = this.inputBox, k = box.size / 28;
    const x0 = Math.max(0, f.start + px * f.jump), y0 = Math.max(0, f.start + py * f.jump);
    const x1 = Math.min(28, f.start + px * f.jump + f.size), y1 = Math.min(28, f.start + py * f.jump + f.size);
    el("rect", { class: "field", x: box.x + x0 * k, y: box.y + y0 * k, width: (x1 - x0) * k, height: (y1 - y0) * k }, this.hoverGroup);
    const size = this.columns[i].size;
    el("rect", { class: "field", x: Number(node.getAttribute("x")) + (px * size) / w, y: Number(node.getAttribute("y")) + (py * size) / h, width: size / w, height: size / h }, this.hoverGroup);
    // the maps it reads: all of the layer before for a convolution, its own for batch norm and pooling
    const prev = this.columns[i - 1];
    const win = windowOf(layer.spec);
    if (prev?.layer.maps) {
      const feeding = win?.conv ? prev.nodes : [prev.nodes[u]];
      for (const n of feeding) el("rect", { class: "feeds", x: n.getAttribute("x"), y: n.getAttribute("y"), width: n.getAttribute("width"), height: n.getAttribute("height") }, this.hoverGroup);
    }
    if (same) {   // the pointer moved within the map: only the patch it reads changes
      card.querySelector("p.muted").textContent = t("lab.net.hoverField", { x: px, y: py, size: Math.min(28, f.size) });
      return;
    }
    card.hidden = false;
    card.dataset.layer = i;
    card.dataset.unit = u;
    const token = (this.hoverToken = {});
    const what = win?.conv ? t("lab.net.hoverConv", { k: `${win.k}×${win.k}`, inputs: i === 0 || !prev?.layer.maps ? t("lab.net.theInput") : t("lab.net.mapsBefore", { n: prev.layer.units }) })
      : win ? t("lab.net.hoverPool", { k: win.k }) : t("lab.net.hoverSame");
    card.innerHTML = `<b></b><p class="small"></p><p class="small muted"></p><div class="kernels"></div>`;
    card.querySelector("b").textContent = t("lab.net.mapUnit", { layer: i, unit: u }) + ` · ${layer.spec}`;
    card.querySelector("p").textContent = what;
    card.querySelector("p.muted").textContent = t("lab.net.hoverField", { x: px, y: py, size: Math.min(28, f.size) });
    const host = this.svg.parentElement.getBoundingClientRect();
    const r = node.getBoundingClientRect();
    card.style.left = `${Math.max(0, Math.min(host.width - 280, r.right - host.left + 8))}px`;
    card.style.top = `${r.top - host.top}px`;
    if (!win?.conv || !this.loadUnit) return;
    const key = `${i}/${u}`;
    if (!this.kernels.has(key)) this.kernels.set(key, this.loadUnit(i, u).catch(() => null));
    const n = await this.kernels.get(key);
    if (this.hoverToken !== token || card.hidden || !n?.kernel) return;
    const [c, kh, kw] = n.kernel_shape.length === 3 ? n.kernel_shape : [1, ...n.kernel_shape.slice(-2)];
    const scale = Math.max(1e-9, ...n.kernel.map(Math.abs));
    const grid = card.querySelector(".kernels");
    grid.setAttribute("aria-label", t("lab.net.kernels", { n: c, k: `${kh}×${kw}` }));
    grid.classList.toggle("one", c === 1);
    for (let ch = 0; ch < c; ch++) {
      const cv = document.createElement("canvas");
      drawWeights(cv, n.kernel.slice(ch * kh * kw, (ch + 1) * kh * kw), kw, kh, scale);
      cv.title = t("lab.net.kernelOf", { ch });
      grid.append(cv);
    }
  }

  hide() {
    this.hoverToken = null;
    if (this.hoverCard) this.hoverCard.hidden = true;
    this.hoverGroup?.replaceChildren();
  }

  /** Shows a forward pass: the input the network read and every layer's activations. */
  update(input, prediction) {
    if (!this.model) return;
    drawGrey(this.scratch, input);
    this.input.setAttribute("href", this.scratch.toDataURL());
    const acts = prediction.activations;
    this.columns.forEach((col, i) => {
      const a = acts[i];
      if (!a) return;
      if (col.layer.maps) {
        const [, h, w] = col.layer.shape;
        const max = Math.max(1e-6, ...a);
        col.nodes.forEach((node, u) => {
          drawGrey(this.scratch, a.slice(u * h * w, (u + 1) * h * w).map((v) => v / max), w, h);
          node.setAttribute("href", this.scratch.toDataURL());
        });
        return;
      }
      const b = brightness(a.slice(0, col.shown), col.layer.activation);
      col.nodes.forEach((node, u) => {
        const v = Math.round(18 + 237 * Math.max(0, Math.min(1, b[u])));
        node.setAttribute("fill", `rgb(${v},${v},${Math.round(v * 0.92)})`);
        node.querySelector("title").textContent = t("lab.net.activationTitle", { name: node.getAttribute("aria-label"), a: a[u].toFixed(3) });
      });
      col.labels.forEach((label, u) => label.classList.toggle("winner", u === prediction.digit));
      const source = i === 0 ? input : brightness(acts[i - 1], this.columns[i - 1].layer.activation);
      for (const { line, from } of this.lines[i]) line.setAttribute("stroke-opacity", (0.06 + 0.9 * Math.max(0, Math.min(1, source[from]))).toFixed(2));
    });
  }

  /** Marks a unit (or none) and tells the page. */
  select(layer, unit) {
    for (const n of this.svg.querySelectorAll(".selected")) n.classList.remove("selected");
    this.selected = layer == null ? null : { layer, unit };
    if (layer != null) {
      const node = this.columns[layer]?.nodes[unit];
      node?.classList.add("selected");
      node?.frame?.classList.add("selected");
    }
    if (layer != null) this.onSelect(layer, unit);
  }
}
