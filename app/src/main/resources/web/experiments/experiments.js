// The experiments page: lists the seven experiments and their reports (GET /api/experiments): the last
// run's, else the one shipped with Glassbox; starts a run (POST /api/experiments/{name}/run) and shows
// its progress lines while it goes.
import { api } from "/api.js";
import { t, has, language } from "/i18n.js";
import { fillText } from "/lab/text.js";

const list = document.getElementById("experiments");
const status = document.getElementById("status");
const progressBox = document.getElementById("progress");
let polling = null;

/** A new element with the given properties and children. */
function el(name, props = {}, ...children) {
  const e = Object.assign(document.createElement(name), props);
  e.append(...children);
  return e;
}

/** The headline object as "key: value" lines, nested keys joined with " · " (e.g. "mlp-30 · centred: 0.946"). */
function flatten(value, prefix = "") {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix, JSON.stringify(value)]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix} · ${k}` : k));
}

/** Headline figures as they are in result.json: names the scripts check, kept as they are (translate="no"). */
function headline(figures) {
  const box = el("div", { className: "headline", translate: false });
  if (!figures) return box;
  const lines = flatten(figures).map(([k, v]) => el("div", {}, `${k}: `, el("b", { textContent: v })));
  box.append(...lines.slice(0, 6));
  if (lines.length > 6) {
    const more = el("details", {}, el("summary", { textContent: t("experiments.more", { n: lines.length - 6 }) }), ...lines.slice(6));
    more.translate = true;
    box.append(more);
  }
  return box;
}

function describeRun(e) {
  const box = el("div", { className: "run" });
  if (!e.report) { box.textContent = t("experiments.notRun"); return box; }
  const when = e.created ? new Date(e.created).toLocaleDateString(language === "zh" ? "zh-CN" : "en-GB", { year: "numeric", month: "short", day: "numeric" }) : "";
  box.append(el("a", { href: e.report, textContent: t(e.shipped ? "experiments.shippedReport" : "experiments.report") }), el("br"),
    t(e.shipped ? "experiments.shippedWhen" : "experiments.ranWhen", { when, seconds: Math.round(e.seconds), seed: e.seed }));
  if (e.quick) box.append(el("br"), el("b", { textContent: t("experiments.quickRun") }));
  return box;
}

function drawExperiments(data, running) {
  list.replaceChildren(...data.experiments.map((e) => {
    const title = has(`experiments.claim.${e.name}`) ? t(`experiments.claim.${e.name}`) : e.title;
    const button = el("button", { type: "button", textContent: t("experiments.run"), disabled: running });
    button.dataset.name = e.name;
    button.setAttribute("aria-label", t("experiments.runLabel", { name: e.name }));
    button.addEventListener("click", () => startRun(e.name));
    const li = el("li", { className: "card entry" },
      el("div", {}, el("h2", { textContent: title }), el("div", { className: "name", translate: false, textContent: `glassbox experiment ${e.name}` }), describeRun(e)),
      headline(e.headline), button);
    li.dataset.name = e.name;
    return li;
  }));
  fillText(document.getElementById("folder"), "experiments.folder", { folder: { name: data.reports } });
}

function drawProgress(p) {
  progressBox.textContent = (p.lines || []).join("\n");
  progressBox.scrollTop = progressBox.scrollHeight;
  if (p.running) status.textContent = t("experiments.running", { name: p.name });
  else if (p.error) status.textContent = t("experiments.failed", { name: p.name, error: p.error });
  else if (p.name) {
    status.textContent = t("experiments.finished", { name: p.name }) + " ";
    status.append(el("a", { href: p.report, textContent: t("experiments.open") }));
  } else status.textContent = t("experiments.idle");
}

async function refresh() {
  const data = await api("GET", "/api/experiments");
  drawExperiments(data, data.run.running);
  drawProgress(data.run);
  if (data.run.running && !polling) polling = setInterval(pollProgress, 1000);
  document.body.dataset.ready = "true";
}

async function pollProgress() {
  const p = await api("GET", "/api/experiments/progress");
  drawProgress(p);
  if (!p.running) {
    clearInterval(polling);
    polling = null;
    await refresh();
  }
}

async function startRun(name) {
  const quick = document.getElementById("quick").checked;
  let body;
  try {
    body = await api("POST", `/api/experiments/${encodeURIComponent(name)}/run?quick=${quick}`);
  } catch (e) {
    status.textContent = e.message;
    return;
  }
  drawProgress(body);
  await refresh();
}

refresh();
