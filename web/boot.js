// Starts the engine Worker as early as possible: index.html loads this module with
// `async`, so the wasm module loads while the page and KaTeX are still being parsed.
// app.js imports the same instance.
import { Engine } from './engine.js';

export const engine = new Engine(new URL('./worker.js', import.meta.url));
