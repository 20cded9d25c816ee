// A newcomer's first run, in a real Chromium against the real API, without reading the README: the toolbar button
// leads to the setup, one click creates the account, three people (or a LinkedIn file) go in, and the next article
// brings the first suggestion. A screenshot of each state lands in artifacts/first-run-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, openPopup, openArticle, apiClient, snap, freePort, unlabelledControls, useStack } from '../harness.js';

let stack;
useStack((started) => { stack = started; });

test('first run: the popup leads to the setup, one click makes the account, three people go in, and the article brings the first suggestion', async () => {
  await signIn(stack, {});
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const block = popup.getByTestId('error');
  await block.waitFor();
  assert.equal(await block.getAttribute('data-state'), 'not-configured');
  assert.match(await block.innerText(), /Welcome to ContentHelper/);
  await snap(popup, 'first-run-1-popup.png');

  // The browser focuses an open options tab instead of opening another: close ours (the control page) first.
  await stack.control.close();
  const opened = stack.browser.context.waitForEvent('page');
  await block.getByRole('button', { name: 'Set up ContentHelper' }).click();
  const options = await opened;
  stack.control = options;
  await options.waitForSelector('body[data-ready]');
  assert.match(options.url(), /options\/options\.html/);

  const welcome = options.getByTestId('first-run');
  assert.equal(await welcome.isVisible(), true, 'the options open on the welcome');
  assert.equal(await options.getByTestId('first-people').isVisible(), false);
  const check = options.getByTestId('server-check');
  // Nothing listens on this port: the check says so before anyone clicks.
  await options.getByTestId('options-server-url').fill(`http://127.0.0.1:${await freePort()}`);
  await options.getByTestId('options-server-url').dispatchEvent('change');
  await options.locator('#server-check[data-state="missing"]').waitFor();
  assert.match(await check.innerText(), /No ContentHelper server answers/);
  await snap(options, 'first-run-2-no-server.png');

  await options.getByTestId('options-server-url').fill(stack.api.url);
  await options.getByTestId('options-server-url').dispatchEvent('change');
  await options.locator('#server-check[data-state="found"]').waitFor();
  await options.getByLabel('Your name').fill('Ana Ruiz');
  assert.deepEqual(await unlabelledControls(options), []);
  await snap(options, 'first-run-3-welcome.png');

  await options.getByTestId('create-account').click();
  const people = options.getByTestId('first-people');
  await people.waitFor();
  assert.equal(await welcome.isVisible(), false, 'the welcome is done');
  assert.match(await options.locator('#status').innerText(), /Account created for Ana Ruiz/);
  const { token } = await options.evaluate(() => chrome.storage.local.get('token'));
  const user = apiClient(stack.api.url, token);
  assert.equal((await user.call('GET', '/api/me')).body.name, 'Ana Ruiz', 'the account exists on the server and this browser is signed in');
  assert.match(await options.getByTestId('import-linkedin').getAttribute('href'), /contacts\.html#import$/);
  assert.equal(await options.getByTestId('person-name').count(), 3);
  assert.deepEqual(await unlabelledControls(options), []);
  await snap(options, 'first-run-4-add-people.png');

  const rows = [['Ben Carter', 'carbon capture, energy storage'], ['Lena Fischer', 'direct air capture'], ['Dana Okafor', 'school funding']];
  for (const [i, [name, interests]] of rows.entries()) {
    await options.getByTestId('person-name').nth(i).fill(name);
    await options.getByTestId('person-interests').nth(i).fill(interests);
  }
  await options.getByTestId('add-people').click();
  const done = options.getByTestId('all-set');
  await done.waitFor();
  assert.match(await done.innerText(), /Added Ben Carter, Lena Fischer and Dana Okafor/);
  assert.equal(await people.isVisible(), false);
  const saved = await user.contacts();
  assert.deepEqual(saved.map((c) => c.name).sort(), ['Ben Carter', 'Dana Okafor', 'Lena Fischer']);
  assert.deepEqual(saved.find((c) => c.name === 'Ben Carter').interests, ['carbon capture', 'energy storage']);
  await snap(options, 'first-run-5-all-set.png');

  const first = await openPopup(stack, url);
  await first.getByTestId('suggestion').first().waitFor();
  const names = await first.getByTestId('suggestion-name').allInnerTexts();
  assert.ok(names.includes('Ben Carter') && !names.includes('Dana Okafor'), `suggested: ${names.join(', ')}`);
  assert.match(await first.getByTestId('suggestion-reason').first().innerText(), /capture/i);
  console.log('first suggestions call', await first.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/suggestions'))?.duration));
  await snap(first, 'first-run-6-first-suggestion.png');
});

test('first run: the LinkedIn choice opens the contacts page ready to import', async () => {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const options = await stack.browser.context.newPage();
  await options.goto(stack.browser.page('options/options.html'));
  await options.getByTestId('first-people').waitFor();
  assert.equal(await options.getByTestId('first-run').isVisible(), false, 'signed in: no welcome');
  await options.getByTestId('import-linkedin').click();
  await options.waitForURL(/contacts\.html#import$/);
  assert.match(await options.locator('#status').innerText(), /Connections\.csv/);
  assert.equal(await options.evaluate(() => document.activeElement?.id), 'import', 'the import button has the focus');
});

test('first run: someone who already has contacts sees no first-run panels', async () => {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await user.addContact({ name: 'Ben Carter', interests: ['carbon capture'] });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const options = await stack.browser.context.newPage();
  await options.goto(stack.browser.page('options/options.html'));
  await options.waitForSelector('body[data-ready]');
  assert.equal(await options.getByTestId('first-run').isVisible(), false);
  assert.equal(await options.getByTestId('first-people').isVisible(), false);
  assert.equal(await options.getByTestId('next-steps').isVisible(), true);
});
