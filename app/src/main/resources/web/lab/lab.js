// The digit lab page: draw a digit and watch every neuron. Wires the pad, the network view, the
// answer bars, the neuron inspector, the test-set browser and live training to the JSON API.
// A committee shows its members' average in the bars, a summary of their votes below (the full list
// folded away), and member 1 in the network view. State in the URL: ?model=NAME.
import * as api from "./api.js";
import { Pad } from "./pad.js";
import { NetworkView } from "./network.js";
import { Inspector } from "./inspector.js";
import { TestSet } from "./testset.js";
import { Training } from "./training.js";
import { drawGrey } from "./pixels.js";
import { t, formatNumber } from "/i18n.js";
import { fillText } from "./text.js";

const $ = (id) => document.getElementById(id);
const lab = { model: null, detail: null, last: null, updates: 0 };

const pad = new Pad($("pad"), () => schedulePredict());
const net = new NetworkView($("net"), (layer, unit) => showUnit(layer, unit), $("net-hover"), (layer, unit) => api.unit(lab.model, layer, unit));
const inspector = new Inspector($("inspector"), (index) => loadTestImage(index));
const testSet = new TestSet(
  { strip: $("test-strip"), status: $("test-status"), filter: $("test-filter"), prev: $("test-prev"), next: $("test-next") },
  (item) => loadIntoPad(item.pixels, "test", t("lab.seen.testImageEdit", { index: item.index, label: item.label })));
new Training(document.querySelector("section.training"), async () => { await fillModels(lab.model); });

// ---- the answer, at most one request in flight ----

let inFlight = false, dirty = false;
const stamps = [];

function schedulePredict() {
  dirty = true;
  if (!inFlight) requestAnimationFrame(sendPredict);
}

async function sendPredict() {
  if (inFlight || !dirty || !lab.model) return;
  dirty = false;
  if (pad.isEmpty()) { showBlank(); return; }
  inFlight = true;
  const body = pad.request();
  const t0 = performance.now(), model = lab.model;
  try {
    const p = await api.predict(model, body);
    lab.roundTrip = performance.now() - t0;
    if (model === lab.model) show(p, p.input ?? body.pixels);
    else dirty = true;   // the model changed meanwhile: ask again
  } catch (e) {
    $("rate").textContent = e.message;
  } finally {
    inFlight = false;
    if (dirty) requestAnimationFrame(sendPredict);
  }
}

function show(p, seen) {
  lab.last = p;
  lab.updates++;
  const now = performance.now();
  stamps.push(now);
  while (stamps.length && stamps[0] < now - 1000) stamps.shift();
  $("rate").textContent = t("lab.pad.rate", { n: stamps.length, ms: Math.round(lab.roundTrip) });
  lab.maxRate = Math.max(lab.maxRate || 0, stamps.length);
  document.body.dataset.maxRate = String(lab.maxRate);
  document.body.dataset.updates = String(lab.updates);
  drawGrey($("seen"), seen);
  net.update(seen, p);
  $("digit").textContent = String(p.digit);
  // A softmax output is a probability, so a share; a sigmoid output is an activation in 0..1 and the
  // ten need not add up to anything: the words say what the bar shows.
  const softmax = outputActivation() === "softmax";
  $("confidence").textContent = softmax
    ? t("lab.answer.probability", { p: formatNumber(p.outputs[p.digit], { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
    : t("lab.answer.activation", { a: p.outputs[p.digit].toFixed(3) });
  [...$("bars").children].forEach((li, d) => {
    li.classList.toggle("winner", d === p.digit);
    li.querySelector(".bar span").style.width = `${(100 * Math.max(0, Math.min(1, p.outputs[d]))).toFixed(1)}%`;
    li.querySelector(".value").textContent = p.outputs[d].toFixed(3);
    li.setAttribute("aria-label", t(softmax ? "lab.answer.barProbability" : "lab.answer.barActivation", { digit: d, a: p.outputs[d].toFixed(3) }));
  });
  showVotes(p.votes, p.digit);
  inspector.update(p);
}

/** The output layer's squashing function (member 1's for a committee). */
function outputActivation() { return lab.detail?.model.layers.at(-1)?.activation; }

/**
 * A committee's votes, summarised: per digit chosen, how many members chose it and how sure they were
 * on average; each member's own answer behind a <details>, a member that disagrees marked.
 */
function showVotes(votes, digit) {
  const box = $("votes");
  box.hidden = !votes;
  if (!votes) { box.replaceChildren(); return; }
  const open = box.querySelector("details")?.open ?? false;
  const byDigit = new Map();
  for (const v of votes) byDigit.set(v.digit, [...(byDigit.get(v.digit) ?? []), v]);
  const pct = (x) => formatNumber(x, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const summary = document.createElement("ul");
  summary.className = "vote-summary";
  summary.setAttribute("aria-label", t("lab.votes.summaryLabel"));
  for (const [d, list] of [...byDigit].sort((a, b) => b[1].length - a[1].length)) {
    const li = document.createElement("li");
    li.classList.toggle("disagrees", d !== digit);
    const mean = list.reduce((s, v) => s + v.probability, 0) / list.length;
    li.textContent = t("lab.votes.digit", { digit: d, n: list.length, all: votes.length, p: pct(mean) });
    summary.append(li);
  }
  const details = document.createElement("details");
  details.open = open;
  const s = document.createElement("summary");
  s.textContent = t("lab.votes.each", { n: votes.length });
  const list = document.createElement("ul");
  list.className = "vote-list";
  list.replaceChildren(...votes.map((v) => {
    const li = document.createElement("li");
    li.classList.toggle("disagrees", v.digit !== digit);
    li.textContent = t("lab.votes.member", { member: v.member, digit: v.digit, p: pct(v.probability) });
    return li;
  }));
  details.append(s, list);
  box.replaceChildren(summary, details);
}

function showBlank() {
  lab.last = null;
  drawGrey($("seen"), new Array(784).fill(0));
  $("digit").textContent = "?";
  $("confidence").textContent = t("lab.answer.blank");
  showVotes(null);
  for (const li of $("bars").children) {
    li.classList.remove("winner");
    li.querySelector(".bar span").style.width = "0";
    li.querySelector(".value").textContent = "";
  }
}

function buildBars() {
  $("bars").replaceChildren(...[...Array(10).keys()].map((d) => {
    const li = document.createElement("li");
    li.innerHTML = `<span>${d}</span><span class="bar"><span></span></span><span class="value"></span>`;
    return li;
  }));
}

// ---- the pad's other inputs ----

function loadIntoPad(pixels, kind, note) {
  $("seen-note").textContent = note;
  $("noise-note").hidden = kind !== "noise";
  pad.load(pixels, kind);
}

async function loadTestImage(index) {
  const img = await api.testImage(index);
  loadIntoPad(img.pixels, "test", t("lab.seen.testImage", { index, label: img.label }));
}

async function feedNoise() {
  const { pixels, seed } = await api.noise(Math.floor(Math.random() * 1e9));
  loadIntoPad(pixels, "noise", t("lab.seen.noise", { seed }));
  const note = $("noise-note");
  note.textContent = t("lab.seen.noiseNote");
  const report = await api.experiments().then((l) => l.experiments.find((e) => e.name === "noise")?.report).catch(() => null);
  if (report) {
    const a = Object.assign(document.createElement("a"), { href: report, textContent: t("lab.seen.noiseLink") });
    note.append(" ", a);
  }
}

function resetNote() {
  if (pad.isEmpty()) {
    $("seen-note").textContent = t("lab.seen.note");
    $("noise-note").hidden = true;
  }
}

$("undo").addEventListener("click", () => { pad.undo(); resetNote(); });
$("clear").addEventListener("click", () => { pad.clear(); resetNote(); });
$("noise").addEventListener("click", feedNoise);

// ---- models ----

async function fillModels(preferred) {
  const models = await api.listModels();
  const select = $("model");
  select.replaceChildren(...models.map((m) => {
    const o = document.createElement("option");
    o.value = m.name;
    o.textContent = `${m.name} · ${m.network}${m.test_accuracy != null ? ` · ${formatNumber(m.test_accuracy, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 })}` : ""}`;
    return o;
  }));
  const name = models.some((m) => m.name === preferred) ? preferred : models[0]?.name;
  if (name) select.value = name;
  return name;
}

async function setModel(name) {
  lab.model = name;
  lab.detail = await api.modelDetail(name);
  const url = new URL(location.href);
  url.searchParams.set("model", name);
  history.replaceState(null, "", url);
  const m = lab.detail.model;
  if (m.kind === "committee") fillText($("net-name"), "lab.net.committee", { n: m.members, member: m.shown_member, network: { name: m.member_networks[m.shown_member - 1] }, parameters: formatNumber(m.parameters) });
  else fillText($("net-name"), "lab.net.network", { network: { name: m.network }, parameters: formatNumber(m.parameters) });
  net.setModel(lab.detail);
  inspector.clear();
  testSet.setModel(name);
  schedulePredict();
}

function showUnit(layer, unit) {
  inspector.show(lab.detail.model, layer, unit).then(() => { if (lab.last) inspector.update(lab.last); });
}

$("model").addEventListener("change", (e) => setModel(e.target.value));

buildBars();
showBlank();
const first = await fillModels(new URLSearchParams(location.search).get("model"));
if (first) await setModel(first);
else $("net-name").textContent = t("lab.net.noModels");
document.body.dataset.ready = "true";
