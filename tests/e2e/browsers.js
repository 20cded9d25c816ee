// One person's browser for the path that must hold in Chromium and in Firefox alike. puppeteer-core drives both
// (CDP for Debian's Chromium, WebDriver BiDi for Debian's Firefox ESR) with the unpacked extension installed, so
// one test body runs unchanged in each. What differs in *driving* the two browsers lives here; what differs for
// the extension itself lives in extension/lib/ext.js.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { EXTENSION_DIR, ARTIFACTS, sleep } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKO_ID = 'contenthelper@contenthelper.app'; // manifest.json browser_specific_settings.gecko.id
// Firefox gives each installed extension a random UUID for its moz-extension:// origin; pinning it in the profile
// lets the test address the extension's pages (and a server that allows only known origins, allow this one).
export const FIREFOX_EXTENSION_UUID = '6f7c3f0e-2b1d-4c39-9f0a-5c1e6b7d8a90';
const VIEWPORT = { width: 1100, height: 800 };
const POPUP_SIZE = { width: 400, height: 600 }; // the toolbar popup's
const TAB_TRIES = 100; // × 100 ms for a tab the extension opens

export const BROWSERS = ['chromium', 'firefox'];

/** Starts `kind` ('chromium' or 'firefox') headless on a fresh profile with the extension → a person's browser. */
export async function launchPerson(kind) {
  let browser;
  let base;
  if (kind === 'firefox') {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      defaultViewport: VIEWPORT,
      // Without it WebDriver BiDi refuses to navigate to moz-extension:// pages (they are not web pages).
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }) },
    });
    await browser.installExtension(EXTENSION_DIR); // a temporary add-on, as about:debugging loads it
    base = `moz-extension://${FIREFOX_EXTENSION_UUID}/`;
  } else {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      pipe: true, // installing an extension needs the pipe transport
      enableExtensions: true,
      defaultViewport: VIEWPORT,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    base = `chrome-extension://${await browser.installExtension(EXTENSION_DIR)}/`;
  }
  await mkdir(ARTIFACTS, { recursive: true });
  /** A page of the extension from which the tests call its APIs: the history, which changes nothing when opened. */
  let control = null;

  return {
    kind,
    browser,
    /** The URL of an extension page, e.g. extensionUrl('popup/popup.html'). */
    extensionUrl: (pagePath) => new URL(pagePath, base).href,

    /** A new tab showing `url`; extension pages are waited for until they mark themselves ready. */
    async open(url) {
      const page = await browser.newPage();
      if (url.startsWith(base)) {
        if (kind === 'firefox') {
          // Firefox reports no load events for extension documents over BiDi, so puppeteer's goto() would wait
          // for ever: navigate without waiting for them and wait for the page's own ready mark instead.
          await page.mainFrame().browsingContext.navigate(url, 'interactive');
        } else {
          await page.goto(url);
        }
        await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
      } else {
        await page.goto(url);
      }
      return page;
    },

    /**
     * The popup for the tab `article`. The toolbar popup is no page either protocol can drive, so it opens as the
     * extension opens it where a browser cannot show the toolbar popup (lib/ext.js openPopupWindow, the context
     * menu's fallback): in a window of its own, told the tab in front. The article stays the active tab of its
     * window, as it is when a person clicks the toolbar button.
     */
    async openPopup(article) {
      control ??= await this.open(this.extensionUrl('history/history.html'));
      await article.bringToFront();
      const popup = await this.tabOpenedBy(() => control.evaluate(async () => {
        const ext = globalThis.browser ?? globalThis.chrome;
        const inFront = await ext.tabs.query({ active: true, windowType: 'normal' });
        if (inFront.length !== 1) throw new Error(`${inFront.length} tabs in front`);
        const { openPopupWindow } = await import(ext.runtime.getURL('lib/ext.js'));
        await openPopupWindow(inFront[0].id);
      }), /popup\/popup\.html/);
      await popup.setViewport(POPUP_SIZE);
      return popup;
    },

    /** Runs `action` and returns the tab it made the browser open at a URL matching `pattern`. */
    async tabOpenedBy(action, pattern) {
      const before = new Set(await browser.pages());
      await action();
      for (let i = 0; i < TAB_TRIES; i++) {
        for (const page of await browser.pages()) {
          if (before.has(page)) continue;
          // page.url() lags behind in Firefox for tabs the extension opens; the document knows where it is.
          const href = await page.evaluate(() => location.href).catch(() => '');
          if (pattern.test(href)) {
            await page.waitForSelector('body[data-ready]', { timeout: 20_000 }).catch(() => {});
            return page;
          }
        }
        await sleep(100);
      }
      throw new Error(`no tab matching ${pattern} opened`);
    },

    /** A screenshot of a whole page from its top, named after the browser: artifacts/<kind>-<name>. */
    async snap(page, name) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(ARTIFACTS, `${kind}-${name}`), fullPage: true });
    },

    async stop() {
      await browser.close();
    },
  };
}

/** The trimmed text of the first element matching `selector` (waits for it to be visible). */
export async function textOf(page, selector) {
  const element = await page.waitForSelector(selector, { visible: true, timeout: 20_000 });
  return (await element.evaluate((el) => el.innerText)).trim();
}

/** Replaces an input's value as typing would (input and change events fire). */
export async function fill(page, selector, value) {
  await page.locator(selector).fill(value);
}
