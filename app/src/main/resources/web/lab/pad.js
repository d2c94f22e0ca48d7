// The drawing pad: strokes in white on black with round caps, drawn with mouse, pen or finger
// (pointer events), undo and clear. What it sends to the lab:
//  - a free drawing as {width: 70, height: 70, grey}: the server preprocesses it MNIST-style;
//  - a test image or noise (the "base"), with any strokes drawn on top, as {pixels: [784]}: the
//    exact 28x28 the network reads, so editing a test digit does not move it.
import { drawGrey } from "./pixels.js";

const SIDE = 280, SENT = 70, LINE = 22;

export class Pad {
  constructor(canvas, onChange) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d", { willReadFrequently: true });
    this.onChange = onChange;
    this.strokes = [];
    this.base = null;        // 784 values, or null
    this.baseKind = null;    // "test" | "noise"
    this.current = null;
    canvas.addEventListener("pointerdown", (e) => this.down(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    for (const t of ["pointerup", "pointercancel", "lostpointercapture"]) canvas.addEventListener(t, () => this.up());
    this.redraw();
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * SIDE) / r.width, ((e.clientY - r.top) * SIDE) / r.height];
  }

  down(e) {
    if (e.button !== undefined && e.button > 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture?.(e.pointerId);
    this.current = [...this.point(e)];
    this.strokes.push(this.current);
    this.segment(this.current, 0);
    this.onChange();
  }

  move(e) {
    if (!this.current) return;
    e.preventDefault();
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    const from = this.current.length - 2;
    for (const ev of events.length ? events : [e]) this.current.push(...this.point(ev));
    this.segment(this.current, from);
    this.onChange();
  }

  up() {
    if (!this.current) return;
    this.current = null;
    this.onChange(true);
  }

  /** Draws a stroke's points from index `from` (a dot when it is one point). */
  segment(s, from) {
    const c = this.ctx;
    c.strokeStyle = "#fff";
    c.fillStyle = "#fff";
    c.lineWidth = LINE;
    c.lineCap = "round";
    c.lineJoin = "round";
    if (s.length === 2) {
      c.beginPath();
      c.arc(s[0], s[1], LINE / 2, 0, 2 * Math.PI);
      c.fill();
      return;
    }
    c.beginPath();
    c.moveTo(s[from], s[from + 1]);
    for (let i = from + 2; i < s.length; i += 2) c.lineTo(s[i], s[i + 1]);
    c.stroke();
  }

  redraw() {
    const c = this.ctx;
    c.fillStyle = "#000";
    c.fillRect(0, 0, SIDE, SIDE);
    if (this.base) {
      const small = document.createElement("canvas");
      drawGrey(small, this.base);
      c.imageSmoothingEnabled = false;
      c.drawImage(small, 0, 0, SIDE, SIDE);
    }
    for (const s of this.strokes) this.segment(s, 0);
  }

  undo() {
    this.current = null;
    if (this.strokes.length) this.strokes.pop();
    else { this.base = null; this.baseKind = null; }
    this.redraw();
    this.onChange(true);
  }

  clear() {
    this.current = null;
    this.strokes = [];
    this.base = null;
    this.baseKind = null;
    this.redraw();
    this.onChange(true);
  }

  /** Puts a 28x28 image (a test digit or noise) on the pad, to look at or draw over. */
  load(pixels, kind) {
    this.strokes = [];
    this.current = null;
    this.base = Float32Array.from(pixels);
    this.baseKind = kind;
    this.redraw();
    this.onChange(true);
  }

  isEmpty() { return !this.base && this.strokes.length === 0; }

  /** The mean brightness of each block x block square of the pad, rounded to 3 decimals. */
  blocks(side) {
    const block = SIDE / side;
    const data = this.ctx.getImageData(0, 0, SIDE, SIDE).data;
    const out = new Array(side * side).fill(0);
    for (let y = 0; y < SIDE; y++) {
      const row = Math.floor(y / block) * side;
      for (let x = 0; x < SIDE; x++) out[row + Math.floor(x / block)] += data[4 * (y * SIDE + x)];
    }
    const n = block * block * 255;
    return out.map((v) => Math.round((v / n) * 1000) / 1000);
  }

  /** The predict request body for what is on the pad. */
  request() {
    if (this.base) return { pixels: this.blocks(28) };
    return { width: SENT, height: SENT, grey: this.blocks(SENT) };
  }
}
