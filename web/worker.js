// The engine runs here, off the main thread, so typing never blocks on a long computation.
// Protocol (main -> worker): {id, input, wrt, order}; wrt is a variable name or null (let the
// engine choose). Replies: {type: 'ready'} once the wasm module is loaded,
// {type: 'result', id, response, ms, restart} per request (restart: the engine failed in a way
// that leaves this worker unusable), {type: 'fatal', message} if loading fails.
import createLeibniz from './leibniz.mjs';

const engine = createLeibniz().then(
  (m) => {
    self.postMessage({ type: 'ready' });
    return m;
  },
  (err) => {
    self.postMessage({ type: 'fatal', message: String(err && err.message ? err.message : err) });
    throw err;
  },
);

function compute(m, { input, wrt, order }) {
  const request = { input, order };
  if (wrt) request.wrt = [wrt];
  let response = m.differentiate(request);
  // The chosen variable may have disappeared from the new input (it was picked for an
  // earlier one): then let the engine choose again instead of answering 0.
  if (wrt && response.ok && response.variables.length > 0 && !response.variables.includes(wrt)) {
    response = m.differentiate({ input, order });
  }
  return response;
}

self.onmessage = async (event) => {
  const req = event.data;
  let m;
  try {
    m = await engine;
  } catch {
    return; // already reported as 'fatal'
  }
  const start = performance.now();
  let response;
  let restart = false;
  try {
    response = compute(m, req);
  } catch (err) {
    restart = true; // the module's state is not trustworthy after an aborted call
    // The bindings catch C++ exceptions; what reaches here is a JS-level failure such as
    // "Maximum call stack size exceeded". Report it as an engine error, not a crash.
    response = {
      ok: false,
      error: { kind: 'internal', message: `the engine failed: ${err && err.message ? err.message : err}`,
               position: 0, length: 0 },
    };
  }
  self.postMessage({ type: 'result', id: req.id, response, ms: performance.now() - start, restart });
};
