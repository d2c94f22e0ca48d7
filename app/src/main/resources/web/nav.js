// The lab's shared navigation: include with <script type="module" src="/nav.js"></script>. It puts a
// header with the four pages at the top of <body>, marks the current one (aria-current="page"), and
// brings its own styles (dark, whatever the page's theme: the playground keeps its light one).

export const PAGES = [
  { href: "/", label: "Digit lab" },
  { href: "/playground", label: "Playground" },
  { href: "/lessons", label: "Lessons" },
  { href: "/experiments", label: "Experiments" },
];

/** Which entry of PAGES the path belongs to ("/" only for the root itself). */
export function currentPage(path = location.pathname) {
  const p = path.replace(/\/+$/, "") || "/";
  if (p === "/" || p === "/index.html") return "/";
  return PAGES.find((e) => e.href !== "/" && (p === e.href || p.startsWith(e.href + "/")))?.href ?? null;
}

const STYLE = `
header.gb-nav { display: flex; align-items: center; gap: 20px; padding: 8px 16px; background: #0b0d11; border-bottom: 1px solid #2c313c;
  flex-wrap: wrap; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 16px; line-height: 1.4; }
header.gb-nav .gb-brand { font-weight: 700; color: #f5c542; text-decoration: none; letter-spacing: 0.02em; }
header.gb-nav ul { display: flex; gap: 4px; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
header.gb-nav a:not(.gb-brand) { display: block; padding: 6px 12px; border-radius: 6px; color: #e6e8ee; text-decoration: none; }
header.gb-nav a:not(.gb-brand):hover { background: #1e222b; }
header.gb-nav a[aria-current="page"] { background: #1e222b; color: #f5c542; }`;

export function insertNav(doc = document) {
  if (doc.querySelector("header.gb-nav")) return;
  const style = doc.createElement("style");
  style.textContent = STYLE;
  doc.head.append(style);
  const here = currentPage();
  const header = doc.createElement("header");
  header.className = "gb-nav";
  header.innerHTML = `<a class="gb-brand" href="/">Glassbox</a><nav aria-label="Glassbox pages"><ul></ul></nav>`;
  const ul = header.querySelector("ul");
  for (const page of PAGES) {
    const li = doc.createElement("li");
    const a = doc.createElement("a");
    a.href = page.href;
    a.textContent = page.label;
    if (page.href === here) a.setAttribute("aria-current", "page");
    li.append(a);
    ul.append(li);
  }
  doc.body.prepend(header);
}

if (document.body) insertNav();
else document.addEventListener("DOMContentLoaded", () => insertNav());
