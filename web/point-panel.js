// "Value at a point": one field per variable (numbers or expressions such as pi/4, which
// the engine evaluates), then f and its derivative (or gradient) at that point.

import { engineMessage, t } from './i18n.js';
import { derivativeOperator, formatNumber, functionName, numberLatex, pointLatex, renderMath } from './math.js';

// Rounding noise such as cos(pi/2) = 6.1e-17 is shown as 0.
function tidy(v) {
  return typeof v === 'number' && Math.abs(v) < 1e-14 ? 0 : v;
}

// The derivative as the evaluators get it: {texts: one per result (the result, or each
// gradient component), where: the named subexpressions the texts use, or undefined}. A
// result that names subexpressions evaluates only with its definitions (without them the
// names would be unknown variables); the expanded form keeps its named form in `named`,
// which evaluates to the same values and is much shorter.
export function derivativeForm(r) {
  const src = r.named || r;
  return { texts: src.gradient ? src.gradient.map((g) => g.text) : [src.result.text], where: src.where };
}

// One evaluateAll request for `input`, with `where` when there is one.
export function evaluation(input, at, where) {
  return where ? { input, at, where } : { input, at };
}

export class PointPanel {
  // els: {fields, values, error}; at(): the typed point {name: text}; onChange(point)
  constructor(engine, els, { at, onChange }) {
    this.engine = engine;
    this.els = els;
    this.at = at;
    this.onChange = onChange;
    this.r = null;
    this.point = null; // {names, values, f, d: [...]} or {error}
  }

  static variables(r) {
    return r.variables.length ? r.variables : r.wrt.slice(0, 1);
  }

  // A new result: fields for its variables, then its values at the typed point.
  show(r) {
    this.r = r;
    this.renderFields();
    return this.update();
  }

  renderFields() {
    const names = PointPanel.variables(this.r);
    const typed = this.at();
    const inputs = [...this.els.fields.querySelectorAll('input')];
    if (inputs.map((i) => i.dataset.name).join(',') === names.join(',')) {
      for (const input of inputs) {
        if (input !== document.activeElement) input.value = typed[input.dataset.name] || '';
        input.title = t('pointHint');
      }
      return;
    }
    this.els.fields.replaceChildren(...names.map((name) => {
      const label = document.createElement('label');
      label.className = 'point-field';
      const v = document.createElement('span');
      v.className = 'var';
      v.textContent = name;
      const input = document.createElement('input');
      input.type = 'text';
      input.dataset.name = name;
      input.spellcheck = false;
      input.autocomplete = 'off';
      input.title = t('pointHint');
      input.setAttribute('autocapitalize', 'off');
      input.setAttribute('enterkeyhint', 'done');
      input.value = typed[name] || '';
      label.append(v, ' = ', input);
      return label;
    }));
  }

  async update() {
    const r = this.r;
    const names = PointPanel.variables(r);
    const typed = names.map((n) => (this.at()[n] || '').trim());
    if (typed.some((s) => s === '')) return this.settle(r, null);
    try {
      const coords = await this.engine.call('evaluateAll', typed.map((input) => ({ input, at: [{}] })), { key: 'point' });
      if (r !== this.r) return undefined;
      const bad = coords.findIndex((c) => !c.ok || c.values[0] === null);
      if (bad >= 0) {
        const c = coords[bad];
        let message = t('pointUndefined');
        if (!c.ok) message = c.variables && c.variables.length ? t('pointNotNumber') : engineMessage(c.error.message);
        return this.settle(r, { error: t('pointInvalid', { v: names[bad], message }) });
      }
      const values = coords.map((c) => c.values[0]);
      const at = [Object.fromEntries(names.map((n, i) => [n, values[i]]))];
      const { texts, where } = derivativeForm(r);
      const requests = [{ input: r.input.text, at }, ...texts.map((input) => evaluation(input, at, where))];
      const results = await this.engine.call('evaluateAll', requests, { key: 'point' });
      if (r !== this.r) return undefined;
      const failed = results.find((x) => !x.ok);
      if (failed) return this.settle(r, { error: engineMessage(failed.error.message) });
      const [f, ...d] = results.map((x) => x.values[0]);
      return this.settle(r, { names, values, f, d });
    } catch (err) {
      if (err.reason === 'superseded' || r !== this.r) return undefined;
      return this.settle(r, { error: t(err.reason === 'timeout' ? 'timeout' : 'crashed', { message: err.message }) });
    }
  }

  settle(r, point) {
    if (r !== this.r) return;
    this.point = point;
    this.render();
    this.onChange(point);
  }

  render() {
    const { point, r, els } = this;
    if (!r) return;
    this.renderFields();
    els.error.hidden = !(point && point.error);
    els.error.textContent = point && point.error ? point.error : '';
    els.values.dataset.values = point && point.d ? JSON.stringify([point.f, ...point.d]) : '';
    if (!point || !point.d) {
      els.values.replaceChildren();
      return;
    }
    const { names, values } = point;
    const [f, ...d] = [point.f, ...point.d].map(tidy);
    const fn = functionName(r);
    const args = values.map(numberLatex).join(', ');
    const parts = [`${fn}(${args}) = ${numberLatex(f)}`];
    if (r.gradient) {
      parts.push(`\\nabla ${fn}(${args}) = \\left(${d.map(numberLatex).join(',\\ ')}\\right)`);
    } else {
      parts.push(`\\left.${derivativeOperator(r)}\\right|_{${pointLatex(names, values)}} = ${numberLatex(d[0])}`);
    }
    const text = `${fn}(${values.map(formatNumber).join(', ')}) = ${formatNumber(f)}; ${d.map(formatNumber).join(', ')}`;
    renderMath(els.values, parts.join(',\\qquad '), text);
  }
}
