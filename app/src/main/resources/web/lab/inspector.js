// The neuron panel: a clicked unit's weight map (28x28, blue positive, red negative; for deeper
// layers the effective map, a linear reading through the layers below), its activation now, its
// bias, and the test digits that excite it most (click one to load it into the pad).
import * as api from "./api.js";
import { drawGrey, drawWeights, greyCanvas } from "./pixels.js";
import { t } from "/i18n.js";

export class Inspector {
  constructor(root, onLoadTestImage) {
    this.root = root;
    this.onLoadTestImage = onLoadTestImage;
    this.current = null;
  }

  clear() {
    this.current = null;
    this.root.innerHTML = `<p class="muted"></p>`;
    this.root.querySelector("p").textContent = t("lab.inspector.empty");
  }

  async show(model, layer, unit) {
    this.model = model;
    const info = model.layers[layer];
    const isOutput = layer === model.layers.length - 1;
    const token = {};
    this.current = { token, layer, unit };
    this.root.innerHTML = `<p class="muted"></p>`;
    this.root.querySelector("p").textContent = t("lab.inspector.loading", { layer, unit });
    let n;
    try {
      n = await api.unit(model.name, layer, unit);
    } catch (e) {
      if (this.current?.token === token) {
        this.root.innerHTML = `<p role="alert"></p>`;
        this.root.querySelector("p").textContent = e.message;
      }
      return;
    }
    if (this.current?.token !== token) return;
    const title = (isOutput ? t("lab.inspector.output", { unit }) : t(info.maps ? "lab.inspector.map" : "lab.inspector.neuron", { layer, unit }))
      + (n.shown_member ? t("lab.inspector.ofMember", { member: n.shown_member }) : "");
    const mapCaption = n.map_kind === "weights" ? t("lab.inspector.weights") : n.map_kind === "effective" ? t("lab.inspector.effective") : "";
    this.root.innerHTML = `
      <h3 id="insp-name"></h3>
      <p class="facts"><span class="k-activation"></span> <b id="insp-activation">–</b>${n.bias != null ? ` · <span class="k-bias"></span> <b>${n.bias.toFixed(3)}</b>` : ""} · <span translate="no">${info.activation ?? info.kind}</span></p>
      <div class="maps-row">
        ${n.weight_map ? `<figure><canvas id="insp-map" class="pixels" role="img"></canvas>
          <figcaption class="legend"><span id="insp-min"></span><i></i><span id="insp-max"></span></figcaption>
          <figcaption class="muted small k-map"></figcaption></figure>` : ""}
        <figure><canvas id="insp-mean" class="pixels" role="img"></canvas>
          <figcaption class="muted small k-mean"></figcaption></figure>
      </div>
      ${n.kernel ? `<figure class="kernel-figure"><div id="insp-kernel" class="kernels"></div><figcaption class="muted small k-kernel"></figcaption></figure>` : ""}
      <h3 class="k-top"></h3>
      <ul class="thumbs" id="insp-top"></ul>`;
    const put = (selector, text) => { const e = this.root.querySelector(selector); if (e) e.textContent = text; };
    put("#insp-name", title);
    put(".k-activation", t("lab.inspector.activationNow"));
    put(".k-bias", t("lab.inspector.bias"));
    put(".k-map", mapCaption);
    put(".k-mean", t("lab.inspector.mean", { n: n.top.length }));
    put(".k-top", t("lab.inspector.top"));
    this.root.querySelector("#insp-map")?.setAttribute("aria-label", t("lab.inspector.mapLabel", { title }));
    this.root.querySelector("#insp-mean").setAttribute("aria-label", t("lab.inspector.meanLabel"));
    if (n.weight_map) {
      const max = drawWeights(this.root.querySelector("#insp-map"), n.weight_map);
      this.root.querySelector("#insp-min").textContent = (-max).toFixed(2);
      this.root.querySelector("#insp-max").textContent = "+" + max.toFixed(2);
    }
    if (n.kernel) {
      // every kernel, each large enough to read its weights (8 px a weight at least, see lab.css)
      const [c, h, w] = n.kernel_shape.length === 3 ? n.kernel_shape : [1, ...n.kernel_shape.slice(-2)];
      const box = this.root.querySelector("#insp-kernel");
      box.classList.toggle("one", c === 1);
      const scale = Math.max(1e-9, ...n.kernel.map(Math.abs));
      for (let k = 0; k < c; k++) {
        const cv = document.createElement("canvas");
        drawWeights(cv, n.kernel.slice(k * h * w, (k + 1) * h * w), w, h, scale);
        cv.title = t("lab.net.kernelOf", { ch: k });
        box.append(cv);
      }
      put(".k-kernel", t("lab.inspector.kernel", { n: c, k: `${h}×${w}`, max: scale.toFixed(3) }));
    }
    drawGrey(this.root.querySelector("#insp-mean"), n.mean_top_image);
    const list = this.root.querySelector("#insp-top");
    for (const top of n.top) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("aria-label", t("lab.inspector.load", { index: top.index, label: top.label }));
      b.append(greyCanvas(top.pixels), Object.assign(document.createElement("span"), { textContent: `${top.label}${top.prediction !== top.label ? " → " + top.prediction : ""}` }));
      b.addEventListener("click", () => this.onLoadTestImage(top.index));
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
      el.textContent = t("lab.inspector.meanValue", { a: (s / (h * w)).toFixed(3) });
    } else {
      el.textContent = a[this.current.unit].toFixed(3);
    }
  }
}

