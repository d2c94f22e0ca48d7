// The MNIST test-set browser: a page of images at a time, all of them or only those the current
// model gets wrong, each with its label and the model's answer; click one to load it into the pad.
import * as api from "./api.js";
import { greyCanvas } from "./pixels.js";

const PAGE = 12;

export class TestSet {
  constructor({ strip, status, filter, prev, next }, onLoad) {
    Object.assign(this, { strip, status, filter, prev, next, onLoad });
    this.from = 0;
    this.total = 0;
    this.model = null;
    filter.addEventListener("change", () => { this.from = 0; this.load(); });
    prev.addEventListener("click", () => { this.from = Math.max(0, this.from - PAGE); this.load(); });
    next.addEventListener("click", () => { if (this.from + PAGE < this.total) { this.from += PAGE; this.load(); } });
  }

  setModel(name) {
    this.model = name;
    if (this.filter.value === "misclassified") this.from = 0;
    this.load();
  }

  async load() {
    if (!this.model) return;
    const want = `${this.model}|${this.filter.value}|${this.from}`;
    this.want = want;
    this.status.textContent = "Loading …";
    let page;
    try {
      page = await api.testPage(this.model, this.filter.value, this.from, PAGE);
    } catch (e) {
      if (this.want === want) this.status.textContent = e.message;
      return;
    }
    if (this.want !== want) return;
    this.total = page.total;
    const last = Math.min(page.total, page.from + page.items.length);
    const acc = page.accuracy != null ? ` · ${this.model} gets ${(100 * page.accuracy).toFixed(2)}% of all 10,000 right` : "";
    this.status.textContent = page.total === 0 ? "No images." :
      `${page.filter === "misclassified" ? "Misclassified images" : "Images"} ${page.from + 1}–${last} of ${page.total.toLocaleString("en")}${acc}`;
    this.strip.replaceChildren(...page.items.map((item) => this.tile(item)));
    this.prev.disabled = page.from === 0;
    this.next.disabled = last >= page.total;
  }

  tile(item) {
    const li = document.createElement("li");
    const wrong = item.prediction != null && item.prediction !== item.label;
    li.classList.toggle("wrong", wrong);
    li.dataset.index = item.index;
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-label", `Test image ${item.index}: a ${item.label}, the model says ${item.prediction}. Load it into the pad`);
    const caption = document.createElement("span");
    caption.innerHTML = `#${item.index} · ${item.label} <span class="verdict">${wrong ? "→ " + item.prediction : "✓"}</span>`;
    b.append(greyCanvas(item.pixels), caption);
    b.addEventListener("click", () => this.onLoad(item));
    li.append(b);
    return li;
  }
}
