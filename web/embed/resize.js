// Optional, for pages that embed embed.html in an iframe and may run a script: sizes every
// such iframe to the height its content reports.
//
//   <script type="module" src="https://HOST/embed/resize.js"></script>
//
// Only messages from one of the page's own iframes are used, and only their number.
const MAX_HEIGHT = 20000;

window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'leibniz-embed-height' || !Number.isFinite(data.height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow !== event.source) continue;
    frame.height = String(Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(data.height))));
  }
});
