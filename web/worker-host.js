// The Worker side of engine.js's protocol, shared by worker.js (the derivative page) and
// matrix-worker.js (the matrix calculus page): main -> worker {id, fn, args};
// worker -> main {type: 'ready'} once the wasm module is loaded, {type: 'fatal', message}
// if loading fails, and per call {type: 'result', id, ok, value | message, restart}
// (restart: this Worker is no longer trustworthy, e.g. after a JS-level stack overflow, or
// it ran out of memory and keeps its grown heap).

const messageOf = (err) => String(err && err.message ? err.message : err);

// createModule: the Emscripten factory; calls: {name: (module, args) -> value};
// check(module): throws if the module cannot serve this page (it is then reported as fatal).
export function serveEngine(createModule, calls, { check = () => {} } = {}) {
  const engine = createModule().then((m) => {
    check(m);
    return m;
  }).then(
    (m) => {
      self.postMessage({ type: 'ready' });
      return m;
    },
    (err) => {
      self.postMessage({ type: 'fatal', message: messageOf(err) });
      throw err;
    },
  );
  self.onmessage = async (event) => {
    const { id, fn, args } = event.data;
    let m;
    try {
      m = await engine;
    } catch {
      return; // already reported as 'fatal'
    }
    try {
      if (!Object.hasOwn(calls, fn)) throw new Error(`unknown call ${fn}`);
      const value = calls[fn](m, args);
      const restart = /ran out of memory/.test((value && value.error && value.error.message) || '');
      self.postMessage({ type: 'result', id, ok: true, value, restart }, transferables(value));
    } catch (err) {
      // The bindings catch C++ exceptions; what reaches here is a JS-level failure such as
      // "Maximum call stack size exceeded", after which the module's state is not trustworthy.
      self.postMessage({ type: 'result', id, ok: false, restart: true, message: messageOf(err) });
    }
  };
}

// The ArrayBuffers of the typed arrays in a reply (up to four levels deep: a plot's
// value.curves[i].lines[j]), moved rather than copied.
export function transferables(value, depth = 4, out = new Set()) {
  if (!value || typeof value !== 'object') return [...out];
  for (const v of Object.values(value)) {
    if (ArrayBuffer.isView(v)) out.add(v.buffer);
    else if (depth > 1 && v && typeof v === 'object') transferables(v, depth - 1, out);
  }
  return [...out];
}
