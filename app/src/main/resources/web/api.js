// The one fetch wrapper every page uses for the JSON API (README, "The web lab").
import { t } from "/i18n.js";

/**
 * Sends method and path to the same origin, with body (if given) as JSON, and returns the parsed JSON answer
 * (null for 204). A refusal throws an Error whose message is the server's one-sentence {"error"}, with .status set.
 */
export async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const e = new Error(data.error || t("error.status", { status: response.status }));
    e.status = response.status;
    throw e;
  }
  return data;
}
