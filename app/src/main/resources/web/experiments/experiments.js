// The experiments page: lists the seven experiments and their last run (GET /api/experiments),
// starts a run (POST /api/experiments/{name}/run) and shows its progress lines while it goes.

const table = document.getElementById("experiments");
const status = document.getElementById("status");
const progressBox = document.getElementById("progress");
let polling = null;

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** The headline object as "key: value" lines, nested keys joined with " · " (e.g. "mlp-30 · centred: 0.946"). */
function flatten(value, prefix = "") {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [[prefix, JSON.stringify(value)]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix} · ${k}` : k));
}

function drawHeadline(headline) {
  if (!headline) return "";
  const lines = flatten(headline).map(([k, v]) => `<div>${escapeHtml(k)}: <b>${escapeHtml(v)}</b></div>`);
  if (lines.length <= 6) return lines.join("");
  return lines.slice(0, 6).join("") + `<details><summary>${lines.length - 6} more</summary>${lines.slice(6).join("")}</details>`;
}

function describeRun(e) {
  if (!e.ran) return "not run yet";
  const when = e.created ? new Date(e.created).toLocaleString() : "";
  return `<a href="${e.report}">report</a><br>${escapeHtml(when)}<br>${e.seconds} s, seed ${e.seed}${e.quick ? ", <b>quick</b>" : ""}`;
}

function drawExperiments(list, running) {
  table.innerHTML = "";
  for (const e of list.experiments) {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><b>${escapeHtml(e.name)}</b></td><td>${escapeHtml(e.title)}</td><td>${describeRun(e)}</td>
      <td class="headline">${drawHeadline(e.headline)}</td>
      <td><button type="button" data-name="${escapeHtml(e.name)}">Run</button></td>`;
    const button = tr.querySelector("button");
    button.disabled = running;
    button.addEventListener("click", () => startRun(e.name));
    table.appendChild(tr);
  }
  document.getElementById("folder").textContent = `Reports are written to ${list.reports}.`;
}

function drawProgress(p) {
  progressBox.textContent = (p.lines || []).join("\n");
  progressBox.scrollTop = progressBox.scrollHeight;
  if (p.running) status.textContent = `Running ${p.name}…`;
  else if (p.error) status.textContent = `${p.name} failed: ${p.error}`;
  else if (p.name) status.innerHTML = `${escapeHtml(p.name)} finished: <a href="${p.report}">open the report</a>.`;
  else status.textContent = "No run in progress.";
}

async function refresh() {
  const list = await (await fetch("/api/experiments")).json();
  drawExperiments(list, list.run.running);
  drawProgress(list.run);
  if (list.run.running && !polling) polling = setInterval(pollProgress, 1000);
}

async function pollProgress() {
  const p = await (await fetch("/api/experiments/progress")).json();
  drawProgress(p);
  if (!p.running) {
    clearInterval(polling);
    polling = null;
    await refresh();
  }
}

async function startRun(name) {
  const quick = document.getElementById("quick").checked;
  const r = await fetch(`/api/experiments/${encodeURIComponent(name)}/run?quick=${quick}`, { method: "POST" });
  const body = await r.json();
  if (!r.ok) { status.textContent = body.error; return; }
  drawProgress(body);
  await refresh();
}

refresh();
