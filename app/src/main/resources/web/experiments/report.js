// A report page (written by Report.java) as the lab serves it: the title, the page's fixed texts
// (data-i18n, filled by i18n.js) and the paragraphs that name a message key (data-report-key, with
// their figures in data-report-params) in the reader's language. Paragraphs without a key stay in
// English, the language the experiment wrote them in.
import { t, has } from "/i18n.js";

const name = location.pathname.split("/").filter(Boolean)[1];
const title = document.querySelector("main.report > h1");
if (title && has(`experiments.claim.${name}`)) {
  title.textContent = t(`experiments.claim.${name}`);
  document.title = `${title.textContent} · Glassbox`;
}
for (const p of document.querySelectorAll("[data-report-key]")) {
  if (!has(p.dataset.reportKey)) continue;
  p.innerHTML = t(p.dataset.reportKey, JSON.parse(p.dataset.reportParams || "{}"));
}
