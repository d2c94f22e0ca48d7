// Drawing numbers as pixels: grey images (0..1, ink white) and weight maps (blue +, red −, scaled
// symmetrically by the largest |w| so that zero is always black).

/** Paints values (w x h, row by row, 0..1) as grey into a canvas of that size. */
export function drawGrey(canvas, values, w = 28, h = 28) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const v = Math.max(0, Math.min(255, Math.round(values[i] * 255)));
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Paints signed weights: blue for positive, red for negative, brightness |w| / max|w|. */
export function drawWeights(canvas, weights, w = 28, h = 28, scale = null) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const max = scale ?? Math.max(1e-9, ...weights.map(Math.abs));
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const t = Math.max(-1, Math.min(1, weights[i] / max));
    const [r, g, b] = t >= 0 ? [0.24 * t, 0.55 * t, 1.0 * t] : [0.94 * -t, 0.31 * -t, 0.31 * -t];
    img.data[4 * i] = r * 255;
    img.data[4 * i + 1] = g * 255;
    img.data[4 * i + 2] = b * 255;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return max;
}

/** A new small canvas holding a 28x28 grey image. */
export function greyCanvas(values, w = 28, h = 28) {
  const c = document.createElement("canvas");
  drawGrey(c, values, w, h);
  return c;
}

/** The colour of a signed weight for lines: blue or red. */
export const signColour = (w) => (w >= 0 ? "#3d8bfd" : "#ef4f4f");
