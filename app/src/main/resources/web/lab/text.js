// Texts with names in them: a message whose {placeholders} are filled with names the languages keep as
// they are (networks like "conv5x5x32p0-bn-...", model names) puts each name in <span translate="no">,
// so a reader, a translator and the language tests can tell words from names.
import { t } from "/i18n.js";

/** Fills el with the message key; params given as { name: "..." } become untranslated spans. */
export function fillText(el, key, params = {}) {
  const plain = {};
  for (const [k, v] of Object.entries(params)) plain[k] = v !== null && typeof v === "object" ? `\u0001${k}\u0001` : v;
  const parts = t(key, plain).split("\u0001");
  el.replaceChildren(...parts.map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const span = document.createElement("span");
    span.translate = false;
    span.textContent = params[part].name;
    return span;
  }));
  return el;
}
