// The lab's languages: English and 中文. Every text a page shows comes from one message file per
// language, /i18n/en.json and /i18n/zh.json, with the same keys. Import this module before drawing
// anything: it loads the messages first (top-level await), so t() can be called at once.
//
//   <h2 data-i18n="lab.draw.title">Draw a digit</h2>          text from a key (the English stays as a fallback)
//   <b data-i18n-html="lab.note"></b>                         markup from a key (our own files only, never user input)
//   <canvas data-i18n-attr="aria-label:lab.pad.label">         attributes, "name:key;name:key"
//   t("lab.rate", { n: 12 })                                   "{n} updates a second" with n filled in
//
// The language: the one chosen with the switch in the navigation (remembered in localStorage), else
// the browser's first language that we speak, else English.

export const LANGUAGES = [
  { code: "en", name: "English", htmlLang: "en" },
  { code: "zh", name: "中文", htmlLang: "zh-CN" },
];
const STORE_KEY = "glassbox.lang";

/** The language to show: the remembered choice, else the browser's preference, else English. */
export function chooseLanguage(stored = readStored(), preferred = navigator.languages ?? [navigator.language]) {
  if (LANGUAGES.some((l) => l.code === stored)) return stored;
  for (const tag of preferred ?? []) {
    const code = String(tag).toLowerCase().split("-")[0];
    if (LANGUAGES.some((l) => l.code === code)) return code;
  }
  return "en";
}

function readStored() {
  try { return localStorage.getItem(STORE_KEY); } catch { return null; }
}

/** Remembers the choice and shows the page again in it. */
export function setLanguage(code) {
  if (!LANGUAGES.some((l) => l.code === code)) return;
  try { localStorage.setItem(STORE_KEY, code); } catch { /* private mode: the choice lasts this page only */ }
  location.reload();
}

export const language = chooseLanguage();

async function load(code) {
  const res = await fetch(`/i18n/${code}.json`, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`/i18n/${code}.json: HTTP ${res.status}`);
  return res.json();
}

let messages = {};
try {
  messages = await load(language);
} catch (e) {
  console.error("glassbox: could not load the messages", e);
}

/** Keys a page asked for that the message file lacks (the browser tests check it stays empty). */
export const missing = new Set();

/** The message for a key, with {name} filled from params; the key itself, marked, when it is missing. */
export function t(key, params = {}) {
  const text = messages[key];
  if (typeof text !== "string") {
    missing.add(key);
    return `⟦${key}⟧`;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** True when the key exists (for optional texts). */
export function has(key) { return typeof messages[key] === "string"; }

/** Formats a number the way the language writes it (digit grouping, decimals). */
export function formatNumber(x, options = {}) {
  return new Intl.NumberFormat(LANGUAGES.find((l) => l.code === language).htmlLang, options).format(x);
}

/** Fills every data-i18n, data-i18n-html and data-i18n-attr element under root (the document by default). */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-html]")) el.innerHTML = t(el.dataset.i18nHtml);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [name, key] = pair.split(":").map((s) => s.trim());
      if (name && key) el.setAttribute(name, t(key));
    }
  }
}

document.documentElement.lang = LANGUAGES.find((l) => l.code === language).htmlLang;
document.documentElement.dataset.language = language;
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => translate());
else translate();
