// What the end-to-end tests stand on: the real API (built dll, fresh SQLite file, loopback port), a small
// site serving the article fixtures, and Debian's Chromium with the unpacked extension loaded.
// Everything started here is stopped by the PID or handle it was started with.
import { spawn } from 'node:child_process';
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const EXTENSION_DIR = path.join(ROOT, 'extension');
export const ARTIFACTS = path.join(HERE, 'artifacts');
const API_DLL = path.join(ROOT, 'api/bin/Release/net10.0/ContentHelper.Api.dll');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HEALTH_TRIES = 360; // × 250 ms: 90 s for a cold start of the API (migrations, model load) on a busy machine

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The id Chromium gives an unpacked extension: the SHA-256 of its folder's real path, first 32 hex digits
 * written with the letters a–p. The API is told it (Cors:ExtensionIds) before the browser starts.
 */
export function chromeExtensionId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** Starts the built API on a loopback port (a free one unless given) with a fresh database → { url, stop }; `env` adds settings. */
export async function startApi({ env = {}, port: chosenPort } = {}) {
  if (!existsSync(API_DLL)) throw new Error(`${API_DLL} is missing: run "dotnet build -c Release ContentHelper.sln" first.`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'contenthelper-e2e-'));
  const port = chosenPort ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn('dotnet', [API_DLL, '--urls', url], {
    cwd: path.dirname(API_DLL),
    env: {
      ...process.env,
      ConnectionStrings__ContentHelper: `Data Source=${path.join(dataDir, 'e2e.db')}`,
      ASPNETCORE_ENVIRONMENT: 'Production',
      Cors__ExtensionIds__0: chromeExtensionId(EXTENSION_DIR),
      DOTNET_NOLOGO: '1',
      // No file watchers for appsettings: several APIs at once would exhaust the machine's inotify instances.
      DOTNET_hostBuilder__reloadConfigOnChange: 'false',
      // The time budgets guard a server against abuse; these tests are about the extension, and on a machine busy
      // with other work a cold first answer can take longer than a user's server would allow.
      Suggestions__TimeBudget: '00:00:30',
      Articles__TimeBudget: '00:00:30',
      // Likewise the wait for a new article's meaning, so that a busy machine does not turn a page lexical
      // (firstclick.test.js sets the product's own).
      Matching__ArticleEmbedWait: '00:00:30',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 400) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code) => { exited = code; });

  for (let i = 0; i < HEALTH_TRIES; i++) {
    if (exited !== null) throw new Error(`The API exited with ${exited}:\n${log.join('')}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (i === HEALTH_TRIES - 1) {
      child.kill('SIGKILL');
      throw new Error(`The API did not become healthy:\n${log.join('')}`);
    }
    await sleep(250);
  }

  return {
    url,
    log: () => log.join(''),
    async stop() {
      if (exited === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(5000)]);
        if (exited === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const PROVIDER_DLL = path.join(ROOT, 'tests/ContentHelper.IdentityProvider/bin/Release/net10.0/ContentHelper.IdentityProvider.dll');

/**
 * The tests' OpenID Connect provider (OpenIddict, tests/ContentHelper.IdentityProvider) on a free loopback port, with
 * one confidential client whose only redirect address is `redirectUri` → { url, clientId, clientSecret, stop }.
 * Its sign-in form takes any user name.
 */
export async function startIdentityProvider({ redirectUri }) {
  if (!existsSync(PROVIDER_DLL)) throw new Error(`${PROVIDER_DLL} is missing: run "dotnet build -c Release ContentHelper.sln" first.`);
  const port = await freePort();
  const clientId = 'contenthelper';
  const clientSecret = 'e2e-secret';
  const child = spawn('dotnet', [PROVIDER_DLL, '--urls', `http://127.0.0.1:${port}`, '--client-id', clientId,
    '--client-secret', clientSecret, '--redirect-uri', redirectUri], {
    env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_hostBuilder__reloadConfigOnChange: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The identity provider did not start:\n${log.join('')}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      log.push(chunk.toString());
      if (log.join('').includes('Listening on ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => log.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The identity provider exited with ${code}:\n${log.join('')}`));
    });
  });
  await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    log: () => log.join(''),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Serves fixtures/ on a loopback port, as a news site would → { url, stop }. */
export async function startSite() {
  const fixtures = path.join(HERE, 'fixtures');
  const server = createServer(async (request, response) => {
    const name = path.basename(new URL(request.url, 'http://x').pathname);
    const file = path.join(fixtures, name);
    if (!name || !existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8';
    response.writeHead(200, { 'Content-Type': type }).end(await readFile(file));
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/**
 * Chromium with the unpacked extension on a fresh profile → { context, extensionId, url(path), stop }: headless,
 * or a real window on the X `display` given (for keys and menus that only the browser's own UI handles).
 */
export async function startBrowser({ display } = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'contenthelper-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // the new headless mode comes from the flag below; the old one cannot load extensions
    viewport: display ? null : { width: 1100, height: 800 },
    env: display ? { ...process.env, DISPLAY: display } : process.env,
    args: [
      ...(display ? ['--window-position=0,0', '--window-size=1100,800'] : ['--headless=new']),
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  if (extensionId !== chromeExtensionId(EXTENSION_DIR)) {
    throw new Error(`The extension loaded as ${extensionId}, not ${chromeExtensionId(EXTENSION_DIR)}: the API allows only the latter.`);
  }
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    extensionId,
    worker,
    page: (pagePath) => `chrome-extension://${extensionId}/${pagePath}`,
    async stop() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Direct API calls for arranging data (the UI under test is the extension, not these). */
export function apiClient(baseUrl, token) {
  async function call(method, route, body) {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    return { status: response.status, body: json };
  }
  return {
    call,
    async createAccount(name) {
      const { status, body } = await call('POST', '/api/accounts', { name });
      if (status !== 201) throw new Error(`account: ${status} ${JSON.stringify(body)}`);
      return apiClient(baseUrl, body.token);
    },
    token,
    async addContact(contact) {
      const { status, body } = await call('POST', '/api/contacts', contact);
      if (status !== 201) throw new Error(`contact: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    async shares() {
      return (await call('GET', '/api/shares?pageSize=200')).body.items;
    },
    async contacts() {
      return (await call('GET', '/api/contacts?pageSize=200')).body.items;
    },
  };
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The whole stack for one test file: API, article site, browser, and a "control" extension page used to set
 * the extension's storage directly (tests of the options UI itself do it through the UI instead).
 */
export async function startStack({ apiEnv, apiPort, display } = {}) {
  const api = await startApi({ env: apiEnv, port: apiPort });
  const site = await startSite();
  let browser;
  try {
    browser = await startBrowser({ display });
  } catch (error) {
    await site.stop();
    await api.stop();
    throw error;
  }
  const dialogs = [];
  const watch = (page) => page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  browser.context.pages().forEach(watch);
  browser.context.on('page', watch);
  const control = await browser.context.newPage();
  await control.goto(browser.page('options/options.html'));
  return {
    api,
    site,
    browser,
    control,
    /** Messages of any alert/confirm/prompt the extension opened: there must be none. */
    dialogs,
    async stop() {
      await browser.stop().catch(() => {});
      await site.stop().catch(() => {});
      await api.stop();
    },
  };
}

/** Puts a server and token straight into the extension's storage, as the options page would. */
export async function signIn(stack, { serverUrl, token }) {
  await stack.control.evaluate(async ([serverUrl, token]) => {
    await chrome.storage.local.clear();
    await chrome.storage.session.clear();
    const values = {};
    if (serverUrl) values.serverUrl = serverUrl;
    if (token) values.token = token;
    await chrome.storage.local.set(values);
  }, [serverUrl, token]);
}

/**
 * Opens the popup for the tab showing `articleUrl`, at the toolbar popup's size. The toolbar popup itself is no page
 * the test can drive, so the popup opens as the extension opens it where a browser cannot show the toolbar popup
 * (lib/ext.js openPopupWindow, the context menu's fallback): in a window of its own, told the tab in front. The
 * article stays the active tab of its window, as it is when a person clicks the toolbar button.
 */
export async function openPopup(stack, articleUrl) {
  const article = stack.browser.context.pages().findLast((page) => page.url() === articleUrl);
  if (!article) throw new Error(`no tab shows ${articleUrl}`);
  await article.bringToFront();
  const opened = stack.browser.context.waitForEvent('page');
  await stack.control.evaluate(async () => {
    const inFront = await chrome.tabs.query({ active: true, windowType: 'normal' });
    if (inFront.length !== 1) throw new Error(`${inFront.length} tabs in front`);
    const { openPopupWindow } = await import(chrome.runtime.getURL('lib/ext.js'));
    await openPopupWindow(inFront[0].id);
  });
  const popup = await opened;
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.waitForSelector('body[data-ready]', { timeout: 60_000 });
  return popup;
}

/** A screenshot of a whole page from its top (a sticky header would otherwise sit wherever the page was scrolled). */
export async function snap(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

export async function openArticle(stack, name) {
  const page = await stack.browser.context.newPage();
  const url = `${stack.site.url}/${name}`;
  await page.goto(url);
  return { page, url };
}

export async function openExtensionPage(stack, pagePath) {
  const page = await stack.browser.context.newPage();
  await page.goto(stack.browser.page(pagePath));
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 }).catch(() => {});
  return page;
}

/** Visible controls with no accessible name (aria-label, a <label>, or their own text): there must be none. */
export async function unlabelledControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('button, input, textarea, select, a[href], summary')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.getAttribute('aria-label') || el.labels?.[0]?.textContent.trim() || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 100)));
}

/** Closes every tab but the control page, so each test starts from a clean window. */
/**
 * One stack per test file: started before its tests, stopped after them; after each test the tabs are closed and
 * no browser dialog may have opened. `use` receives the stack once it has started; `options` (for startStack) may
 * be a function that makes them first.
 */
export function useStack(use, options) {
  let stack;
  before(async () => {
    stack = await startStack(typeof options === 'function' ? await options() : options);
    use(stack);
  });
  after(async () => {
    await stack?.stop();
  });
  afterEach(async () => {
    await closeTabs(stack);
    assert.deepEqual(stack.dialogs, [], 'the extension never opens alert/confirm/prompt dialogs');
  });
}

export async function closeTabs(stack) {
  for (const page of stack.browser.context.pages()) {
    if (page !== stack.control) await page.close().catch(() => {});
  }
}
