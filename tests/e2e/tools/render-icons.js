// Renders extension/icons/icon.svg to the PNG sizes the manifest names (Chrome does not take SVG icons).
// Run once after changing the SVG: node tools/render-icons.js
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const icons = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../extension/icons');
const svg = await readFile(path.join(icons, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: path.join(icons, `icon-${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
