import { t } from './i18n.js';

// Copy to the clipboard: the async Clipboard API, else the old execCommand way (plain
// http pages, older browsers). Returns true when the text was copied.

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return legacyCopy(text);
  }
}

function legacyCopy(text) {
  const area = document.createElement('textarea');
  area.className = 'offscreen';
  area.setAttribute('aria-hidden', 'true');
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

// Shows `done` on the button for a moment.
export function flashButton(button, done) {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  button.textContent = done;
  button.classList.add('done');
  clearTimeout(button.flashTimer);
  button.flashTimer = setTimeout(() => {
    button.classList.remove('done');
    button.textContent = button.dataset.i18n ? t(button.dataset.i18n) : button.dataset.label;
    delete button.dataset.label;
  }, 1500);
}
