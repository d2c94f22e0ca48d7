// The digit lab's calls to the JSON API (README, "The web lab"). Each returns the parsed JSON or throws an
// Error whose message is the server's one-sentence {"error"} (/api.js).
import { api } from "/api.js";

const m = (name) => `/api/models/${encodeURIComponent(name)}`;

export const listModels = () => api("GET", "/api/models");
export const modelDetail = (name) => api("GET", `${m(name)}?per_unit=6`);
/** body: {pixels: [784]} or {width, height, grey: [...]} */
export const predict = (name, body) => api("POST", `${m(name)}/predict`, body);
export const unit = (name, layer, index) => api("GET", `${m(name)}/layers/${layer}/units/${index}`);
export const testPage = (model, filter, from, count) =>
  api("GET", `/api/mnist/test?model=${encodeURIComponent(model)}&filter=${filter}&from=${from}&count=${count}`);
export const testImage = (index) => api("GET", `/api/mnist/test/${index}`);
export const experiments = () => api("GET", "/api/experiments");
export const noise = (seed) => api("GET", `/api/noise?seed=${seed}`);
export const startTraining = (options) => api("POST", "/api/training", options);
export const stopTraining = (id) => api("POST", `/api/training/${id}/stop`);
export const resumeTraining = (id) => api("POST", `/api/training/${id}/resume`);
export const saveTraining = (id, name) => api("POST", `/api/training/${id}/save`, { name });
export const training = (id) => api("GET", `/api/training/${id}`);
export const trainingEvents = (id) => new EventSource(`/api/training/${id}/events`);
