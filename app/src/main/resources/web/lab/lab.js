// The digit lab page: draw a digit and watch every neuron. Wires the pad, the network view, the
// answer bars, the neuron inspector, the test-set browser and live training to the JSON API.
// A committee shows its members' average in the bars, each member's vote below, and member 1 in the
// network view. State in the URL: ?model=NAME.
import * as api from "./api.js";
import { Pad } from "./pad.js";
import { NetworkView } from "./network.js";
import { Inspector } from "./inspector.js";
import { TestSet } from "./testset.js";
import { Training } from "./training.js";
import { drawGrey } from "./pixels.js";

const $ = (id) => document.getElementById(id);
const lab = { model: null, detail: null, last: null, updates: 0 };

const pad = new Pad($("pad"), () => schedulePredict());
const net = new NetworkView($("net"), (layer, unit) => showUnit(layer, unit));
const inspector = new Inspector($("inspector"), (index) => loadTestImage(index));
const testSet = new TestSet(
  { strip: $("test-strip"), status: $("test-status"), filter: $("test-filter"), prev: $("test-prev"), next: $("test-next") },
  (item) => loadIntoPad(item.pixels, "test", `Test image #${item.index}, labelled ${item.label}. Draw on it to change it; Undo removes your strokes, then the image.`));
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
  $("rate").textContent = `${stamps.length} updates/s · ${Math.round(lab.roundTrip)} ms`;
  lab.maxRate = Math.max(lab.maxRate || 0, stamps.length);
  document.body.dataset.maxRate = String(lab.maxRate);
  document.body.dataset.updates = String(lab.updates);
  drawGrey($("seen"), seen);
  net.update(seen, p);
  $("digit").textContent = String(p.digit);
  $("confidence").textContent = `${(100 * p.probabilities[p.digit]).toFixed(1)}% of the output`;
  [...$("bars").children].forEach((li, d) => {
    li.classList.toggle("winner", d === p.digit);
    li.querySelector(".bar span").style.width = `${(100 * Math.max(0, Math.min(1, p.outputs[d]))).toFixed(1)}%`;
    li.querySelector(".value").textContent = p.outputs[d].toFixed(3);
    li.setAttribute("aria-label", `digit ${d}: output ${p.outputs[d].toFixed(3)}`);
  });
  showVotes(p.votes, p.digit);
  inspector.update(p);
}

/** A committee's members, each with its own digit and how sure it is; a member that disagrees is marked. */
function showVotes(votes, digit) {
  const list = $("votes");
  list.hidden = !votes;
  list.replaceChildren(...(votes ?? []).map((v) => {
    const li = document.createElement("li");
    li.classList.toggle("disagrees", v.digit !== digit);
    li.textContent = `member ${v.member}: ${v.digit} (${(100 * v.probability).toFixed(1)}%)`;
    return li;
  }));
}

function showBlank() {
  lab.last = null;
  drawGrey($("seen"), new Array(784).fill(0));
  $("digit").textContent = "?";
  $("confidence").textContent = "draw a digit";
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
  const img = await fetch(`/api/mnist/test/${index}`).then((r) => r.json());
  loadIntoPad(img.pixels, "test", `Test image #${index}, labelled ${img.label}. Draw on it to change it.`);
}

async function feedNoise() {
  const { pixels, seed } = await api.noise(Math.floor(Math.random() * 1e9));
  loadIntoPad(pixels, "noise", `Pure noise (seed ${seed}), each pixel uniform in 0..1: the network still gives an answer.`);
  const note = $("noise-note");
  note.textContent = "A network trained only on digits has no way to say \"not a digit\"; watch how confident it is.";
  const exists = await fetch("/experiments/noise", { method: "HEAD" }).then((r) => r.ok).catch(() => false);
  if (exists) note.innerHTML += ` <a href="/experiments/noise">The noise experiment</a> measures this over many images.`;
}

function resetNote() {
  if (pad.isEmpty()) {
    $("seen-note").textContent = "Draw anywhere: the lab crops to the ink, scales it into 20x20 and centres its centre of mass, as MNIST did.";
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
    o.textContent = `${m.name} · ${m.network}${m.test_accuracy != null ? ` · ${(100 * m.test_accuracy).toFixed(1)}%` : ""}`;
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
  $("net-name").textContent = m.kind === "committee"
    ? `committee of ${m.members}, answers averaged · showing member ${m.shown_member}: ${m.member_networks[m.shown_member - 1]} · ${m.parameters.toLocaleString("en")} parameters in all`
    : `${m.network} · ${m.parameters.toLocaleString("en")} parameters`;
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
else $("net-name").textContent = "No models are loaded; train one below or with 'glassbox train'.";
document.body.dataset.ready = "true";
