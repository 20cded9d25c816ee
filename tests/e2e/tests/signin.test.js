// Sign-in through the team's identity provider, in a real Chromium: the server has OpenID Connect on (the tests'
// OpenIddict provider, on loopback) and registration closed. The options page offers the provider, opens the server's
// sign-in page in a tab, the person signs in at the provider and approves this browser, and the tab closes with the
// extension signed in — no token copied anywhere. The account page lists the token with its last use; revoked there,
// the extension is signed out. The same sign-in then runs in Chromium and Firefox ESR through puppeteer-core.
// Screenshots: artifacts/signin-*.png, artifacts/<browser>-signin-*.png.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, freePort, snap, startIdentityProvider, useStack } from '../harness.js';
import { BROWSERS, launchPerson, textOf, fill } from '../browsers.js';

let stack;
let provider;
useStack((started) => { stack = started; }, async () => {
  const apiPort = await freePort();
  provider = await startIdentityProvider({ redirectUri: `http://127.0.0.1:${apiPort}/signin-oidc` });
  return {
    apiPort,
    apiEnv: {
      Oidc__Authority: provider.url,
      Oidc__ClientId: provider.clientId,
      Oidc__ClientSecret: provider.clientSecret,
      Oidc__DisplayName: 'Test provider',
      Oidc__RequireHttpsMetadata: 'false',
      Accounts__OpenRegistration: 'false',
    },
  };
});
after(async () => { await provider?.stop(); });

/** The options page of a signed-out extension, with the server's address typed in. */
async function signedOutOptionsFor(serverUrl) {
  const options = stack.control;
  await options.evaluate(() => chrome.storage.local.clear());
  await options.reload();
  await options.waitForSelector('body[data-ready]');
  await options.getByTestId('options-server-url').fill(serverUrl);
  await options.getByTestId('options-server-url').dispatchEvent('change');
  return options;
}

test('options: sign in through the identity provider gets this browser a token of its own, listed and revocable on the account page', async () => {
  const options = await signedOutOptionsFor(stack.api.url);
  await options.locator('#server-check[data-state="found"]').waitFor();

  // Registration is closed: the provider is the way in.
  const button = options.getByTestId('provider-sign-in');
  await button.waitFor();
  assert.equal(await button.innerText(), 'Sign in with Test provider');
  assert.equal(await options.locator('#create-account').isVisible(), false, 'no account can be created here');
  await snap(options, 'signin-1-options.png');

  const opened = stack.browser.context.waitForEvent('page');
  await button.click();
  const tab = await opened;
  await tab.waitForSelector('#login');
  assert.ok(tab.url().startsWith(provider.url), `the tab shows the provider's sign-in, not ${tab.url()}`);
  await tab.fill('#login', 'ana');
  await snap(tab, 'signin-2-provider.png');
  await tab.click('#sign-in');

  // Back on the server: approve a token for this browser.
  await tab.waitForSelector('#approve');
  assert.match(await tab.locator('body').innerText(), /Sign in the ContentHelper extension in Chromium on Linux as Ana\?/);
  await snap(tab, 'signin-3-approve.png');
  const closed = tab.waitForEvent('close');
  await tab.click('#approve');
  await closed; // the extension took the code and closed its tab

  await options.locator('#status.ok').waitFor();
  assert.match(await options.locator('#status').innerText(), /Signed in as Ana through Test provider/);
  const { token, serverUrl } = await options.evaluate(() => chrome.storage.local.get(['token', 'serverUrl']));
  assert.equal(serverUrl, stack.api.url);
  assert.match(token, /^ch_/);
  assert.equal(await options.locator('#token').inputValue(), token);
  const user = apiClient(stack.api.url, token);
  assert.equal((await user.call('GET', '/api/me')).body.name, 'Ana');
  const tokens = (await user.call('GET', '/api/tokens')).body;
  assert.deepEqual(tokens.map((t) => t.name), ['Chromium on Linux']);
  assert.equal(await options.getByTestId('first-people').isVisible(), true, 'a new account goes on to add its people');
  assert.equal(await options.getByTestId('account-page').isVisible(), true);
  await snap(options, 'signin-4-signed-in.png');

  // The account page, in the same browser (its session is still on): the token, its last use, and revoke.
  const account = await stack.browser.context.newPage();
  await account.goto(await options.locator('#account-page-link').getAttribute('href'));
  const row = account.locator('tr', { hasText: 'Chromium on Linux' });
  await row.waitFor();
  assert.match(await row.innerText(), /\d{4}-\d\d-\d\d \d\d:\d\d UTC/, 'the last use is shown');
  await snap(account, 'signin-5-account-page.png');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await account.waitForLoadState();
  assert.equal(await account.locator('tr', { hasText: 'Chromium on Linux' }).count(), 0);

  // The extension finds itself signed out.
  await options.bringToFront();
  await options.getByRole('button', { name: 'Test connection' }).click();
  const error = options.getByTestId('error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-state'), 'bad-token');
  assert.equal((await user.call('GET', '/api/me')).status, 401);
});

test('options: closing the provider tab before signing in leaves the extension signed out and says so', async () => {
  const options = await signedOutOptionsFor(stack.api.url);
  const opened = stack.browser.context.waitForEvent('page');
  await options.getByTestId('provider-sign-in').click();
  const tab = await opened;
  // The account page's session from the test before is still on: the tab asks to approve, without the provider.
  await tab.waitForSelector('#approve, #login');
  await tab.close();

  const error = options.getByTestId('error');
  await error.waitFor();
  assert.match(await error.innerText(), /Not signed in/);
  assert.match(await error.innerText(), /closed before the sign-in finished/);
  assert.deepEqual(await options.evaluate(() => chrome.storage.local.get('token')), {});
});

for (const kind of BROWSERS) {
  test(`${kind}: the options sign in through the identity provider and the tab closes with a token named for the browser`, async () => {
    const person = await launchPerson(kind);
    try {
      const options = await person.open(person.extensionUrl('options/options.html'));
      await fill(options, '[data-testid="options-server-url"]', stack.api.url);
      await options.$eval('[data-testid="options-server-url"]', (input) => input.dispatchEvent(new Event('change')));
      assert.equal(await textOf(options, '[data-testid="provider-sign-in"]'), 'Sign in with Test provider');

      const tab = await person.tabOpenedBy(() => options.click('[data-testid="provider-sign-in"]'), /\/connect\/authorize/);
      await tab.waitForSelector('#login');
      await tab.type('#login', 'ben');
      await tab.click('#sign-in');
      await tab.waitForSelector('#approve');
      await person.snap(tab, 'signin-approve.png');
      await tab.click('#approve').catch(() => {}); // the extension may close the tab before the click returns

      await options.waitForSelector('#status.ok', { timeout: 30_000 });
      assert.match(await textOf(options, '#status'), /Signed in as Ben through Test provider/);
      await person.snap(options, 'signin-signed-in.png');
      const { token } = await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.get('token'));
      const user = apiClient(stack.api.url, token);
      const names = (await user.call('GET', '/api/tokens')).body.map((t) => t.name);
      assert.deepEqual(names, [kind === 'firefox' ? 'Firefox on Linux' : 'Chromium on Linux']);
      const open = await Promise.all((await person.browser.pages()).map((page) => page.evaluate(() => location.href).catch(() => '')));
      assert.ok(!open.some((href) => href.includes('/account/extension')), `the sign-in tab was closed: ${open.join(', ')}`);
      await user.call('DELETE', '/api/tokens/current');
    } finally {
      await person.stop();
    }
  });
}
