// The digit lab's calls to the JSON API (README, "The web lab"). Each returns the parsed JSON or throws an
// Error whose message is the server's one-sentence {"error"}.

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `${method} ${path} failed with status ${res.status}`);
  return data;
}

const m = (name) => `/api/models/${encodeURIComponent(name)}`;

export const listModels = () => call("GET", "/api/models");
export const modelDetail = (name) => call("GET", `${m(name)}?per_unit=6`);
/** body: {pixels: [784]} or {width, height, grey: [...]} */
export const predict = (name, body) => call("POST", `${m(name)}/predict`, body);
export const unit = (name, layer, index) => call("GET", `${m(name)}/layers/${layer}/units/${index}`);
export const testPage = (model, filter, from, count) =>
  call("GET", `/api/mnist/test?model=${encodeURIComponent(model)}&filter=${filter}&from=${from}&count=${count}`);
export const noise = (seed) => call("GET", `/api/noise?seed=${seed}`);
export const startTraining = (options) => call("POST", "/api/training", options);
export const stopTraining = (id) => call("POST", `/api/training/${id}/stop`);
export const resumeTraining = (id) => call("POST", `/api/training/${id}/resume`);
export const saveTraining = (id, name) => call("POST", `/api/training/${id}/save`, { name });
export const training = (id) => call("GET", `/api/training/${id}`);
export const trainingEvents = (id) => new EventSource(`/api/training/${id}/events`);
