// Shared by the playground and the lessons: Playground's colour scale, heat maps and points.
import {formatNumber} from "/i18n.js";

const ORANGE = [245, 147, 34], GREY = [232, 234, 235], BLUE = [8, 119, 189];

/** Playground's scale: orange at −1, light grey at 0, blue at +1, clamped. */
export function colour(v) {
  if (v === null || Number.isNaN(v)) v = 0;
  const t = Math.max(-1, Math.min(1, v));
  const [from, to, f] = t < 0 ? [GREY, ORANGE, -t] : [GREY, BLUE, t];
  return [0, 1, 2].map(i => Math.round(from[i] + (to[i] - from[i]) * f));
}

export function css(v) { const [r, g, b] = colour(v); return `rgb(${r},${g},${b})`; }

/** Draws a size x size grid of values (row 0 at the top) stretched over the canvas. */
export function drawHeatmap(canvas, values, size, {discretize = false, alpha = 1} = {}) {
  const off = document.createElement("canvas");
  off.width = off.height = size;
  const octx = off.getContext("2d");
  const image = octx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    let v = values[i];
    if (discretize) v = v >= 0 ? 1 : -1;
    const [r, g, b] = colour(v);
    image.data.set([r, g, b, Math.round(255 * alpha)], i * 4);
  }
  octx.putImageData(image, 0, 0);
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = !discretize;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
}

/** Points (x, y, label) over [−domain, domain]²; test points get a dark rim, training points a white one. */
export function drawPoints(canvas, points, {test = false, domain = 6, radius = 3} = {}) {
  const ctx = canvas.getContext("2d");
  const sx = canvas.width / (2 * domain), sy = canvas.height / (2 * domain);
  for (const [x, y, label] of points) {
    if (Math.abs(x) > domain || Math.abs(y) > domain) continue;
    ctx.beginPath();
    ctx.arc((x + domain) * sx, (domain - y) * sy, radius, 0, 2 * Math.PI);
    ctx.fillStyle = css(label);
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = test ? "rgba(0,0,0,0.7)" : "white";
    ctx.stroke();
  }
}

/** Lines on a canvas: series = [{values, colour, width}], y scaled to the range of all values (log if asked). */
export function drawLines(canvas, series, {log = false, min = null, max = null} = {}) {
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const f = v => log ? Math.log10(Math.max(v, 1e-12)) : v;
  const all = series.flatMap(s => s.values.filter(v => v !== null && Number.isFinite(v)).map(f));
  if (all.length === 0) return;
  let lo = min ?? Math.min(...all), hi = max ?? Math.max(...all);
  if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
  const n = Math.max(...series.map(s => s.values.length));
  for (const s of series) {
    ctx.beginPath();
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = s.width || 1.5;
    let started = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) { started = false; return; }
      const x = n <= 1 ? 0 : i / (n - 1) * (canvas.width - 2) + 1;
      const y = canvas.height - 2 - (f(v) - lo) / (hi - lo) * (canvas.height - 4);
      started ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
      started = true;
    });
    ctx.stroke();
  }
  return {lo, hi};
}

export function format(v, digits = 3) {
  return v === null || v === undefined || Number.isNaN(v) ? "NaN" : Number(v).toFixed(digits);
}

/** A share in 0..1 as a percentage with one decimal, written the way the page's language writes it. */
export function percent(share) {
  return formatNumber(share, {style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1});
}
