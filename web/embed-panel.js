// "Embed": the snippets that put the current derivative into another page, as the custom
// element (embed/leibniz.js) or as an iframe (embed.html, the share link's state format).
// The snippets are text (textarea values); attribute values are HTML-escaped in them.

import { copyText, flashButton } from './clipboard.js';
import { language, t } from './i18n.js';
import { encodeState } from './state.js';

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The site's base URL (where index.html, embed.html and embed/ live).
export function siteBase(href = location.href) {
  const url = new URL('.', href);
  url.hash = '';
  url.search = '';
  return url.href;
}

// state: the page's state (state.js); options: {steps, lang}.
export function elementSnippet(state, { steps = false, lang = 'en', base = siteBase() } = {}) {
  const attrs = [['expr', state.expr]];
  if (state.mode !== 'derivative') attrs.push(['mode', state.mode]);
  if (state.wrt.length && state.mode !== 'gradient') attrs.push(['wrt', state.wrt.join(',')]);
  if (state.mode === 'derivative' && state.order !== 1) attrs.push(['order', String(state.order)]);
  attrs.push(['lang', lang]);
  const list = attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('') + (steps ? ' steps' : '');
  return `<script type="module" src="${escapeAttr(`${base}embed/leibniz.js`)}"></script>\n` +
    `<leibniz-derivative${list}></leibniz-derivative>`;
}

export function iframeSnippet(state, { steps = false, lang = 'en', base = siteBase() } = {}) {
  const plain = { ...state, at: {}, answer: '' };
  const hash = `${encodeState(plain)}${steps ? '&steps=1' : ''}${lang === 'ko' ? '&lang=ko' : ''}`;
  const height = steps ? 520 : 170;
  return `<iframe src="${escapeAttr(`${base}embed.html${hash}`)}" title="${escapeAttr(t('embedTitle'))}" ` +
    `width="100%" height="${height}" loading="lazy"></iframe>\n` +
    `<!-- optional, sizes the iframe to its content: -->\n` +
    `<script type="module" src="${escapeAttr(`${base}embed/resize.js`)}"></script>`;
}

export class EmbedPanel {
  // els: {button, dialog, element, iframe, steps, copyElement, copyIframe, close}
  constructor(els, { state, announce }) {
    this.els = els;
    this.state = state;
    this.announce = announce;
    // A snippet pointing at a file:// page would not work anywhere else.
    els.button.hidden = !/^https?:$/.test(location.protocol);
    els.button.addEventListener('click', () => this.open());
    els.steps.addEventListener('change', () => this.fill());
    els.close.addEventListener('click', () => els.dialog.close());
    els.copyElement.addEventListener('click', () => this.copy(els.element, els.copyElement));
    els.copyIframe.addEventListener('click', () => this.copy(els.iframe, els.copyIframe));
  }

  open() {
    this.fill();
    this.els.dialog.showModal();
    this.els.element.focus();
    this.els.element.select();
  }

  fill() {
    const options = { steps: this.els.steps.checked, lang: language() };
    this.els.element.value = elementSnippet(this.state(), options);
    this.els.iframe.value = iframeSnippet(this.state(), options);
  }

  async copy(area, button) {
    if (await copyText(area.value)) {
      flashButton(button, t('copied'));
      this.announce(t('copiedEmbed'));
    } else {
      area.focus();
      area.select();
      this.announce(t('copyFailed'));
    }
  }
}
