// The keyboard shortcut and the page's context-menu entry, pressed and clicked for real. Both are handled by the
// browser's own window (not by any page), which automation protocols cannot reach: keys sent over CDP go to the
// page and never reach the extension's shortcut, and the context menu is a native menu. So Chromium runs in a
// real window on a private X display (Xvfb) and xdotool presses the keys and clicks the mouse there, as a person
// would. That the popup opened, and read the tab it was opened for, is checked through the extension itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signIn, openArticle, apiClient, sleep, useStack } from '../harness.js';

const run = promisify(execFile);
const POPUP_TRIES = 50; // × 100 ms per attempt

let xvfb;
let display;
/** A private X display: -displayfd makes Xvfb pick a free number and write it to fd 3, so runs never collide. */
async function startXvfb() {
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const number = await new Promise((resolve, reject) => {
    xvfb.once('error', reject);
    xvfb.stdio[3].once('data', (data) => resolve(data.toString().trim()));
  });
  display = `:${number}`;
  return { display };
}

let stack;
useStack((started) => { stack = started; }, startXvfb);

after(() => {
  xvfb?.kill();
});

const xdotool = (...args) => run('xdotool', args, { env: { ...process.env, DISPLAY: display } });

/** The extension's open popups (the toolbar popup is no tab, so the worker asks the runtime for it). */
function popups() {
  return stack.browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['POPUP'] })).map((c) => c.documentUrl));
}

/**
 * Does `gesture` and waits for the popup; on two busy cores the window can miss a key while it is still taking
 * the focus, so, as a person would, the gesture is repeated (at most three times).
 */
async function popupAfter(gesture) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await gesture();
    for (let i = 0; i < POPUP_TRIES; i++) {
      const open = await popups();
      // A popup just opened can be listed before its document is committed (documentUrl still empty).
      if (open.length && open.every((url) => url)) return open;
      await sleep(100);
    }
    await xdotool('key', 'Escape');
  }
  return [];
}

/**
 * What the popup found for `articleUrl`: it keeps its answer in storage.session, keyed by the page. Waits for it,
 * since the popup reads the tab and asks the server after it opened.
 */
async function popupAnswerFor(articleUrl) {
  for (let i = 0; i < 450; i++) { // 45 s: the first suggestions of a fresh server on two busy cores
    const key = `popup:${articleUrl}`;
    const stored = await stack.control.evaluate((k) => chrome.storage.session.get(k), key);
    if (stored[key]) return stored[key].response;
    await sleep(100);
  }
  return null;
}

async function articleInFront() {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await user.addContact({ name: 'Ben Carter', interests: ['carbon capture'], email: 'ben@example.com' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const { page, url } = await openArticle(stack, 'carbon-capture.html');
  await page.bringToFront();
  // Each page Playwright opens is a window of its own, and no window manager runs to focus the one in front:
  // give the article's window the keyboard and the pointer, as a person's click on it would.
  const title = (await page.title()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); // xdotool takes a regular expression
  const { stdout } = await xdotool('search', '--onlyvisible', '--name', title);
  const window = stdout.trim().split('\n').at(-1);
  await xdotool('windowraise', window);
  await xdotool('windowfocus', '--sync', window);
  await xdotool('mousemove', '--window', window, '500', '400');
  return url;
}

test('the shortcut is registered as Alt+Shift+S', async () => {
  const commands = await stack.control.evaluate(() => chrome.commands.getAll());
  assert.equal(commands.find((c) => c.name === '_execute_action')?.shortcut, 'Alt+Shift+S');
});

test('Alt+Shift+S opens the popup, which reads the tab in front (activeTab) and shows who should see it', async () => {
  const url = await articleInFront();
  assert.deepEqual(await popups(), []);
  const open = await popupAfter(() => xdotool('key', '--clearmodifiers', 'alt+shift+s'));
  assert.equal(open.length, 1, 'the shortcut opened the popup');
  assert.match(open[0], /popup\/popup\.html$/);
  const answer = await popupAnswerFor(url);
  assert.deepEqual(answer?.suggestions.map((s) => s.contact.name), ['Ben Carter']);
  await xdotool('key', 'Escape');
});

test('the page context menu entry "Who should see this?" opens the popup for that page', async () => {
  const url = await articleInFront();
  await xdotool('key', 'Escape'); // no popup left from before
  assert.deepEqual(await popups(), []);
  const open = await popupAfter(async () => {
    await xdotool('click', '3');
    await sleep(500); // the native menu opens on its own schedule
    // Views menus select an item by its first letter when it has no mnemonic: "W" is "Who should see this?".
    await xdotool('key', 'w');
  });
  assert.equal(open.length, 1, 'the context-menu entry opened the popup');
  const answer = await popupAnswerFor(url);
  assert.deepEqual(answer?.suggestions.map((s) => s.contact.name), ['Ben Carter']);
  await xdotool('key', 'Escape');
});
