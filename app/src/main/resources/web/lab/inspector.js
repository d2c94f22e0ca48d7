// The neuron panel: a clicked unit's weight map (28x28, blue positive, red negative; for deeper
// layers the effective map, a linear reading through the layers below), its activation now, its
// bias, and the test digits that excite it most (click one to load it into the pad).
import * as api from "./api.js";
import { drawGrey, drawWeights, greyCanvas } from "./pixels.js";

export class Inspector {
  constructor(root, onLoadTestImage) {
    this.root = root;
    this.onLoadTestImage = onLoadTestImage;
    this.current = null;
  }

  clear() {
    this.current = null;
    this.root.innerHTML = `<p class="muted">Click a neuron in the network to see its weight map and the test digits that excite it most.</p>`;
  }

  async show(model, layer, unit) {
    this.model = model;
    const info = model.layers[layer];
    const isOutput = layer === model.layers.length - 1;
    const token = {};
    this.current = { token, layer, unit };
    this.root.innerHTML = `<p class="muted">Loading layer ${layer}, unit ${unit} …</p>`;
    let n;
    try {
      n = await api.unit(model.name, layer, unit);
    } catch (e) {
      if (this.current?.token === token) this.root.innerHTML = `<p role="alert">${e.message}</p>`;
      return;
    }
    if (this.current?.token !== token) return;
    const title = (isOutput ? `Output neuron ${unit} (the digit ${unit})` : `Layer ${layer} · ${info.maps ? "feature map" : "neuron"} ${unit}`)
      + (n.shown_member ? ` of committee member ${n.shown_member}` : "");
    const mapCaption = n.map_kind === "weights" ? "its 784 incoming weights"
      : n.map_kind === "effective" ? "effective map: Σₖ wₖ × map of neuron k below (ignores the squashing)" : "";
    this.root.innerHTML = `
      <h3 id="insp-name">${title}</h3>
      <p class="facts">activation now <b id="insp-activation">–</b>${n.bias != null ? ` · bias <b>${n.bias.toFixed(3)}</b>` : ""} · ${info.activation ?? info.kind}</p>
      <div class="maps-row">
        ${n.weight_map ? `<figure><canvas id="insp-map" class="pixels" role="img" aria-label="Weight map of ${title}"></canvas>
          <figcaption class="legend"><span id="insp-min"></span><i></i><span id="insp-max"></span></figcaption>
          <figcaption class="muted small">${mapCaption}</figcaption></figure>` : ""}
        ${n.kernel ? `<figure><div id="insp-kernel" class="maps"></div><figcaption class="muted small">kernel ${n.kernel_shape.join("×")} (blue +, red −)</figcaption></figure>` : ""}
        <figure><canvas id="insp-mean" class="pixels" role="img" aria-label="Average of the test digits that excite it most"></canvas>
          <figcaption class="muted small">mean of its top ${n.top.length} test digits</figcaption></figure>
      </div>
      <h3>Test digits that excite it most</h3>
      <ul class="thumbs" id="insp-top"></ul>`;
    if (n.weight_map) {
      const max = drawWeights(this.root.querySelector("#insp-map"), n.weight_map);
      this.root.querySelector("#insp-min").textContent = (-max).toFixed(2);
      this.root.querySelector("#insp-max").textContent = "+" + max.toFixed(2);
    }
    if (n.kernel) {
      const [c, h, w] = n.kernel_shape.length === 3 ? n.kernel_shape : [1, ...n.kernel_shape.slice(-2)];
      const box = this.root.querySelector("#insp-kernel");
      const scale = Math.max(1e-9, ...n.kernel.map(Math.abs));
      for (let k = 0; k < Math.min(c, 16); k++) {
        const cv = document.createElement("canvas");
        drawWeights(cv, n.kernel.slice(k * h * w, (k + 1) * h * w), w, h, scale);
        box.append(cv);
      }
    }
    drawGrey(this.root.querySelector("#insp-mean"), n.mean_top_image);
    const list = this.root.querySelector("#insp-top");
    for (const t of n.top) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("aria-label", `Load test image ${t.index} (a ${t.label}) into the pad`);
      b.append(greyCanvas(t.pixels), Object.assign(document.createElement("span"), { textContent: `${t.label}${t.prediction !== t.label ? " → " + t.prediction : ""}` }));
      b.addEventListener("click", () => this.onLoadTestImage(t.index));
      li.append(b);
      list.append(li);
    }
  }

  /** Keeps "activation now" in step with the pad. */
  update(prediction) {
    if (!this.current) return;
    const el = this.root.querySelector("#insp-activation");
    const a = prediction.activations[this.current.layer];
    if (!el || !a) return;
    const info = this.model?.layers?.[this.current.layer];
    if (info?.maps) {
      const [, h, w] = info.shape;
      let s = 0;
      for (let i = this.current.unit * h * w; i < (this.current.unit + 1) * h * w; i++) s += a[i];
      el.textContent = (s / (h * w)).toFixed(3) + " (mean)";
    } else {
      el.textContent = a[this.current.unit].toFixed(3);
    }
  }
}

