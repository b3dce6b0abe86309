#!/usr/bin/env node
// Rasterizes the app icons (web/pwa/icon.svg, icon-maskable.svg) to the PNG files next to
// them, which the manifest lists for browsers that want bitmaps. Run by hand after
// changing an SVG (the PNGs are committed; the site build only copies them):
//   node web/tools/make-icons.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../pwa');
const icons = [['icon.svg', 192, 'icon-192.png'], ['icon.svg', 512, 'icon-512.png'],
  ['icon-maskable.svg', 512, 'icon-maskable-512.png'], ['icon.svg', 180, 'apple-touch-icon.png']];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [svg, size, png] of icons) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const data = `data:image/svg+xml;base64,${readFileSync(join(dir, svg)).toString('base64')}`;
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${data}" width="${size}" height="${size}">`);
  await page.locator('img').evaluate((img) => img.decode());
  await page.screenshot({ path: join(dir, png), omitBackground: true });
  await page.close();
}
await browser.close();
