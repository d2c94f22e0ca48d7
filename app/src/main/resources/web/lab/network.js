// The network drawn as the videos draw it: the input as a 28x28 grid, each dense layer as a column
// of circles whose brightness is the neuron's activation, and the strongest weights into each neuron
// as lines (blue positive, red negative, width by |w|, bright when their input is active). Layers
// that keep feature maps (convolutions, pooling) are drawn as a column of small images instead; a first
// layer that redraws the digit (deskew, widthN) as one larger image beside the input.
import { drawGrey, signColour } from "./pixels.js";

const NS = "http://www.w3.org/2000/svg";
const W = 760, H = 460, GRID = 196, MAX_CIRCLES = 48, MAX_TILES = 12;

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

export class NetworkView {
  constructor(svg, onSelect) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.selected = null;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    this.scratch = document.createElement("canvas");
  }

  /** Lays out the model (from GET /api/models/{name}). */
  setModel(detail) {
    const model = detail.model;
    this.model = model;
    this.svg.replaceChildren();
    const linesGroup = el("g", { class: "lines" }, this.svg);
    const unitsGroup = el("g", { class: "units" }, this.svg);
    const gx = 12, gy = (H - GRID) / 2;
    this.input = el("image", { x: gx, y: gy, width: GRID, height: GRID, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, unitsGroup);
    el("rect", { x: gx, y: gy, width: GRID, height: GRID, fill: "none", stroke: "#444" }, unitsGroup);
    el("text", { x: gx, y: gy - 8 }, unitsGroup).textContent = "input 28×28";
    const pixelAt = (p) => [gx + ((p % 28) + 0.5) * (GRID / 28), gy + (Math.floor(p / 28) + 0.5) * (GRID / 28)];

    const layers = model.layers;
    // A first layer that redraws the digit (deskew, widthN) sits between the input and the rest, larger,
    // so the digit the convolutions see can be read beside the one drawn.
    const redraws = layers.length > 1 && layers[0].redraws_input;
    const x0 = gx + GRID + (redraws ? 120 : 90), x1 = W - 50;
    const spread = redraws ? layers.length - 1 : layers.length;
    this.columns = layers.map((layer, i) => {
      const j = redraws ? i - 1 : i, redrawn = j < 0;
      const x = redrawn ? gx + GRID + 48 : spread === 1 ? x1 : x0 + ((x1 - x0) * j) / (spread - 1);
      const isOutput = i === layers.length - 1;
      const shown = Math.min(layer.units, layer.maps ? MAX_TILES : MAX_CIRCLES);
      const step = (H - 40) / shown;
      const size = redrawn ? 64 : layer.maps ? Math.min(44, step - 4) : Math.max(2.5, Math.min(13, step / 2 - 1.5));
      const top = (H - step * shown) / 2 + step / 2;
      const pos = [...Array(shown).keys()].map((u) => [x, top + u * step]);
      // Many columns (a CNN) get short labels on two alternating rows, so neighbours do not overlap.
      const crowded = spread > 4;
      const label = isOutput ? "output" : `${layer.spec}${layer.activation && !crowded ? " " + layer.activation : ""}`;
      const more = shown < layer.units ? ` (first ${shown} of ${layer.units})` : "";
      const text = redrawn ? el("text", { x: x - size / 2, y: H / 2 - size / 2 - 8 }, unitsGroup)
        : el("text", { x: x - 20, y: crowded ? 12 + (j % 2) * 13 : 16 }, unitsGroup);
      text.textContent = label + (crowded ? "" : more);
      if (crowded && more) el("title", {}, text).textContent = label + more;
      const nodes = pos.map(([cx, cy], u) => {
        const name = isOutput ? `output ${u}` : `layer ${i} ${layer.maps ? "feature map" : "neuron"} ${u}`;
        const common = { class: "unit", tabindex: 0, role: "button", "aria-label": name, "data-layer": i, "data-unit": u };
        let node;
        if (layer.maps) {
          node = el("image", { ...common, class: "unit tile", x: cx - size / 2, y: cy - size / 2, width: size, height: size, preserveAspectRatio: "none", style: "image-rendering: pixelated" }, unitsGroup);
          node.frame = el("rect", { class: "tile-frame", x: cx - size / 2, y: cy - size / 2, width: size, height: size, fill: "none", stroke: "#444" }, unitsGroup);
        } else {
          node = el("circle", { ...common, cx, cy, r: size, fill: "#111" }, unitsGroup);
        }
        const title = el("title", {}, node);
        title.textContent = name;
        node.addEventListener("click", () => this.select(i, u));
        node.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.select(i, u); } });
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
    this.select(null);
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
        node.querySelector("title").textContent = `${node.getAttribute("aria-label")}: activation ${a[u].toFixed(3)}`;
      });
      col.labels.forEach((t, u) => t.classList.toggle("winner", u === prediction.digit));
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
