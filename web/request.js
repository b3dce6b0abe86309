// Turns what the user asked for (mode, chosen variables, order) into an engine request
// for a given input, once the input's variables are known. Shared by the Worker (which
// knows the variables) and the page (which shows what was actually computed).

// intent: {input, mode: 'derivative'|'mixed'|'gradient', wrt: [names], order}
// variables: the input's free variables, in the engine's order.
// Returns {request, resolved: {mode, wrt, order}} with `request` ready for
// m.differentiate(); resolved.wrt is empty when the engine is left to choose.
export function resolveIntent(intent, variables) {
  const { input } = intent;
  let mode = intent.mode || 'derivative';
  if (variables.length < 2) mode = 'derivative'; // mixed and gradient need two variables

  if (mode === 'gradient') {
    return { request: { input, gradient: variables.slice() }, resolved: { mode, wrt: variables.slice(), order: 1 } };
  }
  if (mode === 'mixed') {
    const chosen = (intent.wrt || []).slice(0, 4);
    while (chosen.length < 2) chosen.push(null);
    // Replace variables the input no longer has, keeping the sequence mixed when possible.
    const wrt = chosen.map((v, i) => (variables.includes(v) ? v : variables[i % variables.length]));
    return { request: { input, wrt }, resolved: { mode, wrt, order: wrt.length } };
  }
  const order = Math.max(1, intent.order | 0 || 1);
  const chosen = (intent.wrt || [])[0];
  if (chosen && (variables.includes(chosen) || variables.length === 0)) {
    return { request: { input, wrt: [chosen], order }, resolved: { mode, wrt: [chosen], order } };
  }
  return { request: { input, order }, resolved: { mode, wrt: [], order } };
}
