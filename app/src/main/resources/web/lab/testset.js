// The MNIST test-set browser: a page of images at a time, all of them or only those the current
// model gets wrong, each with its label and the model's answer; click one to load it into the pad.
import * as api from "./api.js";
import { greyCanvas } from "./pixels.js";
import { t, formatNumber } from "/i18n.js";
import { fillText } from "./text.js";

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
    this.status.textContent = t("lab.test.loading");
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
    const range = { from: page.from + 1, to: last, total: formatNumber(page.total) };
    if (page.total === 0) this.status.textContent = t("lab.test.none");
    else fillText(this.status, page.accuracy == null ? (page.filter === "misclassified" ? "lab.test.wrongRange" : "lab.test.range")
      : (page.filter === "misclassified" ? "lab.test.wrongRangeAccuracy" : "lab.test.rangeAccuracy"),
      { ...range, model: { name: this.model }, accuracy: formatNumber(page.accuracy ?? 0, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
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
    b.setAttribute("aria-label", t("lab.test.imageLabel", { index: item.index, label: item.label, prediction: item.prediction }));
    const caption = document.createElement("span");
    caption.innerHTML = `#${item.index} · ${item.label} <span class="verdict">${wrong ? "→ " + item.prediction : "✓"}</span>`;
    b.append(greyCanvas(item.pixels), caption);
    b.addEventListener("click", () => this.onLoad(item));
    li.append(b);
    return li;
  }
}
