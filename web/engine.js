// The main thread's side of the engine Worker: a queue of calls, one in the Worker at a
// time, each with a time limit. A call that runs too long, or a Worker that dies, is
// answered with an EngineError and the Worker is replaced, so the page stays usable.
//
//   const engine = new Engine(new URL('./worker.js', import.meta.url));
//   const r = await engine.call('derive', {input: 'x^2'}, {key: 'main'});
//
// `key`: a newer call with the same key replaces an older one that has not started yet
// (the older one is rejected with reason 'superseded').

export class EngineError extends Error {
  constructor(reason, message = reason) {
    super(message);
    this.reason = reason; // 'superseded' | 'timeout' | 'crashed' | 'unavailable'
  }
}

export class Engine {
  // type: 'module' (worker.js as served), or 'classic' for a bundled Worker started from a
  // blob: URL (file:// pages cannot start module Workers from blobs).
  constructor(url, { timeLimitMs = 3000, onRestart = () => {}, type = 'module' } = {}) {
    this.url = url;
    this.type = type;
    this.timeLimitMs = timeLimitMs;
    this.onRestart = onRestart;
    this.queue = [];
    this.inflight = null;
    this.nextId = 1;
    this.restarts = 0;
    this.start();
  }

  // Resolves once the current Worker has loaded the wasm module.
  get ready() {
    return this.readyPromise;
  }

  // first: queue ahead of calls without it (the main result before graphs and checks).
  call(fn, args, { key = null, first = false } = {}) {
    return new Promise((resolve, reject) => {
      if (this.unavailable) {
        reject(new EngineError('unavailable', this.unavailable));
        return;
      }
      if (key) {
        const older = this.queue.findIndex((job) => job.key === key);
        if (older >= 0) this.queue.splice(older, 1)[0].reject(new EngineError('superseded'));
      }
      const job = { id: this.nextId++, fn, args, key, first, resolve, reject };
      const at = first ? this.queue.findIndex((j) => !j.first) : -1;
      if (at >= 0) this.queue.splice(at, 0, job);
      else this.queue.push(job);
      this.pump();
    });
  }

  start() {
    this.loaded = false;
    this.worker = new Worker(this.url, { type: this.type });
    this.readyPromise = new Promise((resolve) => { this.markReady = resolve; });
    this.worker.onmessage = (event) => this.onMessage(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      if (!this.loaded) this.fail(event.message || 'the Worker did not start');
      else this.replace('crashed', event.message || 'the Worker stopped');
    };
  }

  onMessage(msg) {
    if (msg.type === 'ready') {
      this.loaded = true;
      this.markReady();
      this.pump();
    } else if (msg.type === 'fatal') {
      this.fail(msg.message);
    } else if (msg.type === 'result' && this.inflight && msg.id === this.inflight.id) {
      const job = this.finish();
      if (msg.restart) this.replace(null);
      if (msg.ok) job.resolve(msg.value);
      else job.reject(new EngineError('crashed', msg.message));
      this.pump();
    }
  }

  pump() {
    if (!this.loaded || this.inflight || this.queue.length === 0) return;
    const job = this.queue.shift();
    job.timer = setTimeout(() => this.replace('timeout'), this.timeLimitMs);
    this.inflight = job;
    this.worker.postMessage({ id: job.id, fn: job.fn, args: job.args });
  }

  finish() {
    const job = this.inflight;
    this.inflight = null;
    if (job) clearTimeout(job.timer);
    return job;
  }

  // Replaces the Worker; the call in it (if any) fails with `reason`.
  replace(reason, message = reason) {
    const job = this.finish();
    this.worker.terminate();
    this.restarts += 1;
    this.start();
    if (job && reason) job.reject(new EngineError(reason, message));
    else if (reason) this.onRestart(reason, message);
  }

  // The module cannot be loaded: every call fails from now on.
  fail(message) {
    this.unavailable = message;
    this.worker.terminate();
    const jobs = [this.finish(), ...this.queue.splice(0)].filter(Boolean);
    for (const job of jobs) job.reject(new EngineError('unavailable', message));
  }
}
