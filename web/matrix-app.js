// The matrix calculus page: declared shapes, a layout switch, the closed form beside the
// entry-by-entry form, steps through differentials; and a small panel for the Jacobian,
// Hessian and directional derivative of scalar variables. The engine is the same wasm
// module in the same Worker as the derivative page; all text goes in through textContent,
// all formulas are the engine's LaTeX typeset by KaTeX (trust off).
import { Engine, EngineError } from './engine.js';
import { GradientPicture } from './gradient-picture.js';
import { engineMessage, setLanguage } from './i18n.js';
import { renderMath, symbol, typesetterReady } from './math.js';
import { loadPref, savePref } from './prefs.js';

const STRINGS = {
  en: {
    tagline: 'Matrix calculus the way the deep-learning notes write it, with the layout stated and switchable.',
    navDerivative: 'Derivative calculator',
    presetLabel: 'Example',
    exprLabel: 'Expression',
    varsLegend: 'Variables and shapes',
    varsHelp: 'Rows × columns: 1x2 is a row vector, n x m is symbolic. Names without a shape are scalars.',
    varAdd: 'Add a variable',
    varName: 'Name',
    varShape: 'Shape',
    varRemove: 'Remove',
    wrtLabel: 'Differentiate by',
    layoutLegend: 'Layout',
    layoutSeed: 'Seed (row vectors)',
    layoutNumerator: 'Numerator',
    layoutDenominator: 'Denominator',
    resultTitle: 'Derivative',
    closedForm: 'Closed form',
    elementwise: 'Entry by entry',
    stepsTitle: 'Steps through differentials',
    multiTitle: 'Several variables',
    multiExprLabel: 'Function, or a list [f1, f2, …] for a Jacobian',
    multiKind: 'Compute',
    kindJacobian: 'Jacobian',
    kindHessian: 'Hessian',
    kindDirectional: 'Directional derivative',
    direction: 'Direction u',
    loading: 'Loading the engine…',
    working: 'Computing…',
    timeout: 'This took longer than 3 seconds and was stopped.',
    shape: (r, c) => `shape ${r} × ${c}`,
    kinds: {
      'scalar-by-scalar': 'scalar by scalar', 'scalar-by-vector': 'scalar by vector',
      'scalar-by-matrix': 'scalar by matrix', 'vector-by-scalar': 'vector by scalar',
      'vector-by-vector': 'vector by vector', 'vector-by-matrix': 'vector by matrix',
      'matrix-by-scalar': 'matrix by scalar', 'matrix-by-vector': 'matrix by vector',
      'matrix-by-matrix': 'matrix by matrix',
    },
    multiShape: (r, c) => `${r} × ${c}`,
    unitDirection: 'along the unit vector',
    other: '한국어',
  },
  ko: {
    tagline: '딥러닝 수학 노트의 표기 그대로 하는 행렬 미분. 레이아웃을 밝히고 바꿀 수 있습니다.',
    navDerivative: '도함수 계산기',
    presetLabel: '예제',
    exprLabel: '식',
    varsLegend: '변수와 모양',
    varsHelp: '행 × 열: 1x2는 행벡터, n x m은 기호 차원입니다. 모양을 적지 않은 이름은 스칼라입니다.',
    varAdd: '변수 추가',
    varName: '이름',
    varShape: '모양',
    varRemove: '삭제',
    wrtLabel: '미분 변수',
    layoutLegend: '레이아웃',
    layoutSeed: '시드 글 (행벡터)',
    layoutNumerator: '분자 레이아웃',
    layoutDenominator: '분모 레이아웃',
    resultTitle: '미분 결과',
    closedForm: '닫힌 꼴',
    elementwise: '성분별',
    stepsTitle: '미분(differential)으로 푸는 과정',
    multiTitle: '다변수 함수',
    multiExprLabel: '함수, 또는 야코비 행렬을 위한 목록 [f1, f2, …]',
    multiKind: '계산',
    kindJacobian: '야코비 행렬',
    kindHessian: '헤세 행렬',
    kindDirectional: '방향 도함수',
    direction: '방향 u',
    loading: '엔진을 불러오는 중…',
    working: '계산 중…',
    timeout: '3초가 넘게 걸려 멈췄습니다.',
    shape: (r, c) => `모양 ${r} × ${c}`,
    kinds: {
      'scalar-by-scalar': '스칼라를 스칼라로', 'scalar-by-vector': '스칼라를 벡터로',
      'scalar-by-matrix': '스칼라를 행렬로', 'vector-by-scalar': '벡터를 스칼라로',
      'vector-by-vector': '벡터를 벡터로', 'vector-by-matrix': '벡터를 행렬로',
      'matrix-by-scalar': '행렬을 스칼라로', 'matrix-by-vector': '행렬을 벡터로',
      'matrix-by-matrix': '행렬을 행렬로',
    },
    multiShape: (r, c) => `${r} × ${c}`,
    unitDirection: '단위 벡터 방향',
    other: 'English',
  },
};

const PRESETS = [
  { en: 'Seed: y = xW by W', ko: '시드: y = xW를 W로', input: 'y = x W', shapes: [['x', '1x2'], ['W', '2x2']], wrt: 'W' },
  { en: 'Linear layer xW + b by W', ko: '선형층 xW + b를 W로', input: 'y = x W + b', shapes: [['x', '1x3'], ['W', '3x2'], ['b', '1x2']], wrt: 'W' },
  { en: 'Linear layer xW + b by b', ko: '선형층 xW + b를 b로', input: 'y = x W + b', shapes: [['x', '1x3'], ['W', '3x2'], ['b', '1x2']], wrt: 'b' },
  { en: 'Linear layer xW + b by x', ko: '선형층 xW + b를 x로', input: 'y = x W + b', shapes: [['x', '1x3'], ['W', '3x2'], ['b', '1x2']], wrt: 'x' },
  { en: 'Batch X W + b by W', ko: '배치 X W + b를 W로', input: 'Y = X W + b', shapes: [['X', 'mxn'], ['W', 'nxk'], ['b', '1xk']], wrt: 'W' },
  { en: 'MSE ‖xW − t‖² by W', ko: 'MSE ‖xW − t‖²를 W로', input: 'L = ‖x W − t‖²', shapes: [['x', '1x3'], ['W', '3x2'], ['t', '1x2']], wrt: 'W' },
  { en: 'Logistic regression loss by w', ko: '로지스틱 회귀 손실을 w로', input: 'L = -(t log(sigmoid(x w)) + (1 - t) log(1 - sigmoid(x w)))', shapes: [['x', '1x3'], ['w', '3x1']], wrt: 'w' },
  { en: 'Two-layer network loss by W1', ko: '2층 신경망 손실을 W1로', input: 'L = sum((sigmoid(x W1) W2 - t).^2)', shapes: [['x', '1x3'], ['W1', '3x4'], ['W2', '4x2'], ['t', '1x2']], wrt: 'W1' },
  { en: 'Softmax cross-entropy by the logits', ko: '소프트맥스 교차 엔트로피를 로짓으로', input: 'L = -sum(t .* log(softmax(z)))', shapes: [['z', '1x4'], ['t', '1x4']], wrt: 'z' },
  { en: 'x A xᵀ by x', ko: 'x A xᵀ를 x로', input: "f = x A x'", shapes: [['x', '1x3'], ['A', '3x3']], wrt: 'x' },
  { en: 'tr(X A Xᵀ) by X', ko: 'tr(X A Xᵀ)를 X로', input: 'f = tr(X A X^T)', shapes: [['X', 'mxn'], ['A', 'nxn']], wrt: 'X' },
  { en: 'log det X by X', ko: 'log det X를 X로', input: 'f = log(det(X))', shapes: [['X', 'nxn']], wrt: 'X' },
];

const $ = (id) => document.getElementById(id);
let lang = loadPref('lang') || ((navigator.language || '').startsWith('ko') ? 'ko' : 'en');
const s = () => STRINGS[lang] || STRINGS.en;
const engine = new Engine(new URL('./matrix-worker.js', import.meta.url));
// The seed's §11 picture (gradient-picture.js keeps its own strings, switched with ours).
const picture = new GradientPicture(engine, $('gp'));

// ------------------------------------------------------------------ state and URL

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const shapes = (p.get('s') || '').split(';').filter(Boolean).map((kv) => kv.split(':')).filter((a) => a.length === 2);
  return { input: p.get('e'), shapes, wrt: p.get('w') || '', layout: p.get('l') || 'seed' };
}

// The matrix form's state, then the gradient picture's (its own keys, only when changed).
function writeHash(st = currentState()) {
  const p = new URLSearchParams();
  p.set('e', st.input);
  p.set('s', st.shapes.map(([n, sh]) => `${n}:${sh}`).join(';'));
  if (st.wrt) p.set('w', st.wrt);
  p.set('l', st.layout);
  for (const [k, v] of picture.hashParams()) p.set(k, v);
  history.replaceState(null, '', `#${p.toString()}`);
}

function currentState() {
  const shapes = [...$('vars-list').querySelectorAll('.var-row')]
    .map((row) => [row.querySelector('.var-name').value.trim(), row.querySelector('.var-shape').value.trim()])
    .filter(([n, sh]) => n && sh);
  const layout = document.querySelector('input[name="layout"]:checked').value;
  return { input: $('mexpr').value, shapes, wrt: $('mwrt').value, layout };
}

// ------------------------------------------------------------------ the variables panel

function addVarRow(name = '', shape = '') {
  const row = document.createElement('div');
  row.className = 'var-row';
  const n = document.createElement('input');
  n.className = 'var-name';
  n.value = name;
  n.maxLength = 24;
  n.spellcheck = false;
  n.setAttribute('aria-label', s().varName);
  const sh = document.createElement('input');
  sh.className = 'var-shape';
  sh.value = shape;
  sh.maxLength = 24;
  sh.spellcheck = false;
  sh.setAttribute('aria-label', s().varShape);
  const rm = document.createElement('button');
  rm.type = 'button';
  rm.className = 'small icon';
  rm.textContent = '−';
  rm.setAttribute('aria-label', s().varRemove);
  rm.addEventListener('click', () => {
    row.remove();
    schedule();
  });
  row.append(n, ' ', sh, ' ', rm);
  $('vars-list').append(row);
  return row;
}

function setVars(shapes) {
  $('vars-list').replaceChildren();
  for (const [n, sh] of shapes) addVarRow(n, sh);
}

function fillWrt(names, value) {
  const sel = $('mwrt');
  sel.replaceChildren();
  for (const n of names) {
    const o = document.createElement('option');
    o.value = n;
    o.textContent = n;
    sel.append(o);
  }
  if (names.includes(value)) sel.value = value;
}

// ------------------------------------------------------------------ rendering

function bmatrix(rows) {
  return `\\begin{bmatrix}${rows.map((r) => r.map((e) => e.latex).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}

function showError(err, input) {
  $('mresult').hidden = true;
  $('merror').hidden = false;
  $('merror-message').textContent = err.message;
  const echo = $('merror-echo');
  if (err.kind === 'input') {
    const chars = Array.from(input);
    const pos = Math.min(err.position, chars.length);
    const len = Math.max(1, Math.min(err.length, chars.length - pos));
    const bad = document.createElement('span');
    bad.className = 'bad';
    bad.textContent = chars.slice(pos, pos + len).join('') || '\u00a0';
    echo.replaceChildren(chars.slice(0, pos).join(''), bad, chars.slice(pos + len).join(''));
  } else {
    echo.replaceChildren();
  }
}

function showResult(r) {
  $('merror').hidden = true;
  $('mresult').hidden = false;
  const lhs = (r.lhs && symbol(r.lhs)) || 'f';
  renderMath($('minput-math'), `${lhs} = ${r.input.latex}`, r.input.text);
  const layoutName = { seed: s().layoutSeed, numerator: s().layoutNumerator, denominator: s().layoutDenominator }[r.layout];
  $('mkind').textContent = `${s().kinds[r.kind] || r.kind} · ${s().shape(r.shape[0], r.shape[1])} · ${layoutName || r.layout}`;
  renderMath($('mresult-math'), `${r.symbol.latex} = ${r.result.latex}`, r.result.text);
  $('mresult-text').textContent = r.result.text;
  $('layout-note').textContent = r.layout_note;
  const notes = r.notes || [];
  $('mnotes').replaceChildren(...notes.map((note) => {
    const li = document.createElement('li');
    li.textContent = engineMessage(note);
    return li;
  }));
  $('mnotes').hidden = notes.length === 0;
  const hasMatrix = Array.isArray(r.matrix) && r.matrix.length > 0 && r.matrix.length * r.matrix[0].length <= 400;
  $('melementwise-box').hidden = !hasMatrix;
  if (hasMatrix) renderMath($('melementwise'), bmatrix(r.matrix), JSON.stringify(r.matrix.map((row) => row.map((e) => e.text))));
  $('mmatrix-note').hidden = !r.matrix_note;
  $('mmatrix-note').textContent = r.matrix_note || '';
  const list = $('msteps');
  list.replaceChildren();
  for (const st of r.steps) {
    const li = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = st.title;
    const math = document.createElement('div');
    math.className = 'math scroll-x';
    renderMath(math, st.latex, st.latex);
    li.append(title, math);
    if (st.text) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = st.text;
      li.append(p);
    }
    list.append(li);
  }
}

// ------------------------------------------------------------------ computing

let timer = 0;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(compute, 150);
}

async function compute() {
  const st = currentState();
  writeHash(st);
  const shapes = Object.fromEntries(st.shapes);
  $('mstatus').textContent = s().working;
  try {
    const r = await engine.call('matrix', { input: st.input, shapes, wrt: st.wrt, layout: st.layout, lang }, { key: 'matrix' });
    $('mstatus').textContent = '';
    // The variable choices: the declared non-scalar names, then the scalars of the input.
    const declared = st.shapes.filter(([, sh]) => !/^1\s*[x×]\s*1$/.test(sh)).map(([n]) => n);
    const names = [...declared, ...((r.variables || []).map((v) => v.name).filter((n) => !declared.includes(n)))];
    fillWrt(names, r.ok ? r.wrt[0] : st.wrt);
    if (r.ok) showResult(r);
    else showError(r.error, st.input);
    // For tests and assistive tools: what the result shows.
    const main = document.querySelector('main');
    main.dataset.mstate = r.ok ? 'ok' : 'error';
    main.dataset.mfor = `${st.input}|${st.wrt}|${st.layout}`;
    main.dataset.mshapes = st.shapes.map(([n, sh]) => `${n}:${sh}`).join(';');
  } catch (err) {
    if (err instanceof EngineError && err.reason === 'superseded') return;
    $('mstatus').textContent = err instanceof EngineError && err.reason === 'timeout' ? s().timeout : String(err.message || err);
  }
}

async function computeMulti() {
  const kind = $('multi-kind').value;
  $('multi-direction-box').hidden = kind !== 'directional';
  const req = { input: $('multi-expr').value, kind };
  if (kind === 'directional') req.direction = $('multi-direction').value.split(',').map((x) => x.trim());
  try {
    const r = await engine.call('multi', req, { key: 'multi' });
    document.querySelector('main').dataset.multi = `${r.ok ? 'ok' : 'error'}|${req.input}|${kind}`;
    const err = $('multi-error');
    if (!r.ok) {
      err.hidden = false;
      err.textContent = r.error.message;
      $('multi-math').replaceChildren();
      $('multi-meta').textContent = '';
      return;
    }
    err.hidden = true;
    const vars = r.wrt.map((v) => symbol(v) || v);
    let lhs;
    if (kind === 'jacobian') lhs = `J = \\frac{\\partial (${r.inputs.map((_, i) => `f_{${i + 1}}`).join(', ')})}{\\partial (${vars.join(', ')})}`;
    else if (kind === 'hessian') lhs = 'H';
    else lhs = `D_{u} f`;
    const body = kind === 'directional' ? r.matrix[0][0].latex : bmatrix(r.matrix);
    renderMath($('multi-math'), `${lhs} = ${body}`, JSON.stringify(r.matrix.map((row) => row.map((e) => e.text))));
    $('multi-meta').textContent = kind === 'directional'
      ? `${s().unitDirection} ${r.direction.text}`
      : s().multiShape(r.shape[0], r.shape[1]);
  } catch (err) {
    if (err instanceof EngineError && err.reason === 'superseded') return;
    $('multi-error').hidden = false;
    $('multi-error').textContent = String(err.message || err);
  }
}

// ------------------------------------------------------------------ language

function translate() {
  document.documentElement.lang = lang;
  setLanguage(lang); // the engine's messages (engineMessage)
  for (const el of document.querySelectorAll('[data-m]')) {
    const v = s()[el.dataset.m];
    if (typeof v === 'string') el.textContent = v;
  }
  $('lang').textContent = s().other;
  $('lang').lang = lang === 'ko' ? 'en' : 'ko';
  const preset = $('preset');
  const chosen = preset.value;
  preset.replaceChildren();
  const none = document.createElement('option');
  none.value = '';
  none.textContent = '—';
  preset.append(none);
  PRESETS.forEach((p, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = p[lang] || p.en;
    preset.append(o);
  });
  preset.value = chosen;
  picture.setLanguage(lang);
}

// ------------------------------------------------------------------ start

function start() {
  const h = readHash();
  const first = PRESETS[0];
  $('mexpr').value = h.input ?? first.input;
  setVars(h.input !== null ? h.shapes : first.shapes);
  fillWrt([h.wrt || first.wrt], h.wrt || first.wrt);
  const radio = document.querySelector(`input[name="layout"][value="${CSS.escape(h.layout)}"]`);
  if (radio) radio.checked = true;
  picture.restore(new URLSearchParams(location.hash.slice(1)));
  let hashTimer = 0;
  picture.onChange = () => {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => writeHash(), 150);
  };
  translate();
  $('mform').addEventListener('input', (e) => {
    if (e.target.id === 'preset') return;
    schedule();
  });
  $('mform').addEventListener('change', (e) => {
    if (e.target.id === 'preset') {
      const p = PRESETS[Number(e.target.value)];
      if (!p) return;
      $('mexpr').value = p.input;
      setVars(p.shapes);
      fillWrt([p.wrt], p.wrt);
    }
    schedule();
  });
  $('mform').addEventListener('submit', (e) => e.preventDefault());
  $('var-add').addEventListener('click', () => addVarRow().querySelector('.var-name').focus());
  $('multi').addEventListener('input', computeMulti);
  $('multi').addEventListener('change', computeMulti);
  $('multi').addEventListener('submit', (e) => e.preventDefault());
  $('lang').addEventListener('click', () => {
    lang = lang === 'ko' ? 'en' : 'ko';
    savePref('lang', lang);
    translate();
    compute();
  });
  $('mstatus').textContent = s().loading;
  typesetterReady.then(() => {
    compute();
    computeMulti();
    picture.start();
  });
}

start();
