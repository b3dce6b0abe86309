// "Check my answer": evaluates the typed answer and the derivative at the same test points
// (check.js) and says whether they agree, with a counterexample when they do not.

import { answerExpression, compareValues, testPoints } from './check.js';
import { appendHidden, labelledMath, underlineInput } from './dom.js';
import { engineMessage, t } from './i18n.js';
import { formatNumber } from './math.js';
import { PointPanel, derivativeForm, evaluation } from './point-panel.js';

export class CheckPanel {
  // els: {answer, echo, math, verdict}; answer(): the typed answer
  constructor(engine, els, { answer }) {
    this.engine = engine;
    this.els = els;
    this.answer = answer;
    this.r = null;
    this.verdict = null;
  }

  show(r) {
    this.r = r;
    return this.update();
  }

  async update() {
    const r = this.r;
    const typed = this.answer();
    // A gradient has no single derivative to compare with (the page hides this panel then).
    if (r.gradient || !typed.trim()) return this.settle(r, null);
    const { text, offset } = answerExpression(typed);
    const names = PointPanel.variables(r);
    // The result side with its named subexpressions (if any); the answer is taken as typed.
    const { texts: [result], where } = derivativeForm(r);
    const points = testPoints(names, `${result}|${text}`);
    try {
      const [theirs, ours] = await this.engine.call('evaluateAll',
        [{ input: text, at: points }, evaluation(result, points, where)], { key: 'check' });
      if (r !== this.r || typed !== this.answer()) return undefined;
      if (!theirs.ok) {
        const extra = (theirs.variables || []).filter((v) => !names.includes(v));
        return this.settle(r, extra.length ? { kind: 'variables', extra }
          : { kind: 'error', error: theirs.error, typed, offset });
      }
      if (!ours.ok) return this.settle(r, { kind: 'error', error: ours.error, typed: '', offset: 0 });
      return this.settle(r, { kind: 'compared', latex: theirs.input.latex, text: theirs.input.text, names,
        ...compareValues(points, ours.values, theirs.values) });
    } catch (err) {
      if (err.reason === 'superseded' || r !== this.r) return undefined;
      return this.settle(r, { kind: 'failure', err });
    }
  }

  settle(r, verdict) {
    if (r !== this.r) return;
    this.verdict = verdict;
    this.render();
  }

  render() {
    const v = this.verdict;
    const { answer, echo, math, verdict: out } = this.els;
    out.dataset.verdict = v ? (v.verdict || v.kind) : '';
    echo.hidden = true;
    math.hidden = true;
    answer.removeAttribute('aria-invalid');
    if (!v) {
      out.textContent = '';
      return;
    }
    if (v.kind === 'variables') {
      out.textContent = t('checkVariables', { vars: v.extra.join(', ') });
    } else if (v.kind === 'error') {
      out.textContent = engineMessage(v.error.message);
      answer.setAttribute('aria-invalid', 'true');
      if (v.typed && v.error.kind === 'input') {
        appendHidden(out, underlineInput(echo, v.typed, v.error.position, v.error.length, v.offset));
        echo.hidden = false;
      }
    } else if (v.kind === 'failure') {
      out.textContent = t(v.err.reason === 'timeout' ? 'timeout' : 'crashed', { message: v.err.message });
    } else {
      math.hidden = false;
      labelledMath(math, t('yourAnswer'), v.latex, v.text);
      out.textContent = sentence(v);
    }
  }
}

function pointText(names, point) {
  if (names.length === 1) return `${names[0]} = ${formatNumber(point[names[0]])}`;
  return `(${names.join(', ')}) = (${names.map((n) => formatNumber(point[n])).join(', ')})`;
}

function sentence(v) {
  if (v.verdict === 'equivalent' && !v.onlyOne) return t('checkOk', { n: v.agree });
  if (v.verdict === 'equivalent') {
    return t('checkOkDomain', {
      n: v.agree, point: pointText(v.names, v.onlyOne.point),
      which: t(v.onlyOne.which === 'ours' ? 'checkOurs' : 'checkYours'),
    });
  }
  if (v.verdict === 'different') {
    const c = v.counterexample;
    return t('checkWrong', {
      point: pointText(v.names, c.point), yours: formatNumber(c.theirs), ours: formatNumber(c.ours),
    });
  }
  return t('checkUndecided', { n: v.agree });
}
