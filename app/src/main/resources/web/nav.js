// The lab's shared navigation: include with <script type="module" src="/nav.js"></script> and the
// stylesheet /style.css. It puts a header with the four pages at the top of <body> and marks the
// current one (aria-current="page").

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

export function insertNav(doc = document) {
  if (doc.querySelector("header.gb-nav")) return;
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
