// Small DOM helpers shared by the page's panels. Text goes in through textContent only.

import { t } from './i18n.js';
import { renderMath } from './math.js';

// Writes `input` into `el` with the characters [position, position + length) underlined
// (positions count code points, as the engine does; `offset` shifts them) and returns a
// description of the place for screen readers.
export function underlineInput(el, input, position, length, offset = 0) {
  const chars = Array.from(input);
  const pos = Math.min(Math.max(0, (position | 0) + offset), chars.length);
  const len = Math.min(Math.max(0, length | 0), chars.length - pos);
  const bad = document.createElement('span');
  bad.className = len > 0 ? 'bad' : 'bad caret';
  bad.textContent = len > 0 ? chars.slice(pos, pos + len).join('') : '\u00a0';
  el.replaceChildren(chars.slice(0, pos).join(''), bad, chars.slice(pos + len).join(''));
  const text = chars.slice(pos, pos + len).join('');
  if (len === 0) return t('errorAtEnd');
  return len === 1 ? t('errorAtOne', { from: pos + 1, text }) : t('errorAt', { from: pos + 1, to: pos + len, text });
}

// Appends a sentence only screen readers hear (e.g. where an error is).
export function appendHidden(el, text) {
  const span = document.createElement('span');
  span.className = 'visually-hidden';
  span.textContent = ` ${text}`;
  el.append(span);
}

// "Label: formula" on one line: the label as text, the formula typeset.
export function labelledMath(el, label, latex, text = latex) {
  const caption = document.createElement('span');
  caption.className = 'math-label';
  caption.textContent = `${label}:`;
  const math = document.createElement('span');
  renderMath(math, latex, text, { display: false });
  el.replaceChildren(caption, ' ', math);
}

export function fillSelect(select, names, value, placeholder = '') {
  const wanted = [...(placeholder ? [''] : []), ...names];
  const same = wanted.length === select.options.length && wanted.every((n, i) => select.options[i].value === n);
  if (!same) {
    select.replaceChildren(...wanted.map((n) => {
      const option = document.createElement('option');
      option.value = n;
      option.textContent = n || placeholder;
      return option;
    }));
  } else if (placeholder) {
    select.options[0].textContent = placeholder;
  }
  select.value = placeholder ? '' : value;
}

// Formulas wider than their box scroll sideways; such a box must take keyboard focus so
// keyboard users can scroll it too. Keeps tabindex on exactly the overflowing .scroll-x
// boxes under `root`, now and whenever their content or the window size changes.
export function keepScrollablesFocusable(root) {
  let frame = 0;
  const update = () => {
    frame = 0;
    for (const el of root.querySelectorAll('.scroll-x')) {
      if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
      else el.removeAttribute('tabindex');
    }
  };
  const later = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  new MutationObserver(later).observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', later);
  later();
}
