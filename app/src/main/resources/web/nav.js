// The lab's shared navigation: include with <script type="module" src="/nav.js"></script>. It puts a
// header with the four pages at the top of <body>, marks the current one (aria-current="page"), and
// brings its own styles (dark, whatever the page's theme: the playground keeps its light one), and the
// language switch (English / 中文).
import { t, LANGUAGES, language, setLanguage } from "/i18n.js";

export const PAGES = [
  { href: "/", key: "nav.lab" },
  { href: "/playground", key: "nav.playground" },
  { href: "/lessons", key: "nav.lessons" },
  { href: "/experiments", key: "nav.experiments" },
];

/** Which entry of PAGES the path belongs to ("/" only for the root itself). */
export function currentPage(path = location.pathname) {
  const p = path.replace(/\/+$/, "") || "/";
  if (p === "/" || p === "/index.html") return "/";
  return PAGES.find((e) => e.href !== "/" && (p === e.href || p.startsWith(e.href + "/")))?.href ?? null;
}

const STYLE = `
header.gb-nav { display: flex; align-items: center; gap: 20px; padding: 8px 16px; background: #0b0d11; border-bottom: 1px solid #2c313c;
  flex-wrap: wrap; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
  "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; font-size: 16px; line-height: 1.4; }
header.gb-nav .gb-brand { font-weight: 700; color: #f5c542; text-decoration: none; letter-spacing: 0.02em; }
header.gb-nav ul { display: flex; gap: 4px; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
header.gb-nav a:not(.gb-brand) { display: block; padding: 6px 12px; border-radius: 6px; color: #e6e8ee; text-decoration: none; }
header.gb-nav a:not(.gb-brand):hover { background: #1e222b; }
header.gb-nav a[aria-current="page"] { background: #1e222b; color: #f5c542; }
header.gb-nav .gb-lang { margin-left: auto; display: flex; gap: 2px; }
header.gb-nav .gb-lang button { font: inherit; font-size: 14px; padding: 4px 10px; border-radius: 6px; border: 1px solid #2c313c;
  background: transparent; color: #e6e8ee; cursor: pointer; }
header.gb-nav .gb-lang button[aria-pressed="true"] { background: #1e222b; color: #f5c542; border-color: #f5c542; }`;

export function insertNav(doc = document) {
  if (doc.querySelector("header.gb-nav")) return;
  const style = doc.createElement("style");
  style.textContent = STYLE;
  doc.head.append(style);
  const here = currentPage();
  const header = doc.createElement("header");
  header.className = "gb-nav";
  header.innerHTML = `<a class="gb-brand" href="/"></a><nav><ul></ul></nav><div class="gb-lang" role="group"></div>`;
  header.querySelector(".gb-brand").textContent = t("nav.brand");
  header.querySelector("nav").setAttribute("aria-label", t("nav.pages"));
  const ul = header.querySelector("ul");
  for (const page of PAGES) {
    const li = doc.createElement("li");
    const a = doc.createElement("a");
    a.href = page.href;
    a.textContent = t(page.key);
    if (page.href === here) a.setAttribute("aria-current", "page");
    li.append(a);
    ul.append(li);
  }
  const switcher = header.querySelector(".gb-lang");
  switcher.setAttribute("aria-label", t("nav.language"));
  for (const l of LANGUAGES) {
    const b = doc.createElement("button");
    b.type = "button";
    b.lang = l.htmlLang;
    b.textContent = l.name;
    b.dataset.lang = l.code;
    b.setAttribute("aria-pressed", String(l.code === language));
    b.addEventListener("click", () => { if (l.code !== language) setLanguage(l.code); });
    switcher.append(b);
  }
  doc.body.prepend(header);
}

if (document.body) insertNav();
else document.addEventListener("DOMContentLoaded", () => insertNav());
