// The popup in a real Chromium against the real API: suggestions, sharing, recording, undo, and every designed state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  snap, signIn, openPopup, openArticle, openExtensionPage, apiClient, freePort, ARTIFACTS,
  useStack,
} from '../harness.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';
let stack;

useStack((started) => { stack = started; });

/** A fresh account with a small network: two people who care about the carbon-capture article, one who does not. */
async function accountWithNetwork() {
  const user = await apiClient(stack.api.url).createAccount('Ana Ruiz');
  const ben = await user.addContact({
    name: 'Ben Carter',
    headline: 'Partner, climate fund',
    company: 'Greenfield Ventures',
    circle: 'sponsor',
    interests: ['carbon capture', 'energy storage'],
    preferredChannel: 'whatsapp',
    phone: '+44 7911 123456',
    email: 'ben@example.com',
    xHandle: 'bencarter',
    lastContactedAt: new Date(Date.now() - 200 * 86_400_000).toISOString(),
    notes: 'Asked about Iceland last spring.',
  });
  const odd = await user.addContact({
    name: XSS_NAME,
    headline: '<b>not bold</b>',
    circle: 'peer',
    interests: ['geothermal energy', 'direct air capture'],
    email: 'odd@example.com',
    xHandle: 'oddone',
  });
  // Information generators welcome a public mention: with a second X handle in the mix, a group post is possible.
  await user.addContact({
    name: 'Lena Fischer',
    headline: 'Writes the Carbon Removal Weekly newsletter',
    circle: 'informationGenerator',
    interests: ['direct air capture', 'climate technology'],
    xHandle: 'lenafischer',
  });
  const dana = await user.addContact({ name: 'Dana Okafor', circle: 'local', interests: ['school funding'], email: 'dana@example.com' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  return { user, ben, odd, dana };
}

function card(popup, name) {
  return popup.locator('[data-testid="suggestion"]').filter({ has: popup.getByTestId('suggestion-name').getByText(name, { exact: true }) });
}

test('the popup shows who should see the article, why, and a draft, within 300 ms of the answer', async () => {
  const { ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);

  await popup.getByTestId('suggestion').first().waitFor();
  assert.equal(await popup.getByTestId('error').isVisible(), false);
  assert.match(await popup.locator('#article-title').innerText(), /direct air capture/i);
  assert.ok((await popup.locator('#article .topics li').count()) > 0, 'the main topics are listed');

  const names = await popup.getByTestId('suggestion-name').allInnerTexts();
  assert.ok(names.includes(ben.name), `Ben is suggested (got ${names.join(', ')})`);
  assert.ok(!names.includes('Dana Okafor'), 'Dana (school funding) is not suggested for a carbon capture article');

  const benCard = card(popup, ben.name);
  const reasons = (await benCard.getByTestId('suggestion-reason').allInnerTexts()).join(' ');
  assert.match(reasons, /carbon capture/i, 'the reason names the matched interest');
  assert.ok((await benCard.getByTestId('suggestion-message').inputValue()).length > 20, 'a drafted message is there');
  assert.match(await benCard.innerText(), /Last in touch|No contact recorded/);
  assert.equal(await benCard.getByTestId('share-button').isVisible(), true);

  const renderMs = await popup.evaluate(() => performance.getEntriesByName('popup: render')[0]?.duration);
  assert.ok(renderMs < 300, `rendered in ${renderMs} ms`);
  await snap(popup, 'popup-suggestions.png');
});

test('every card says how strong its match is, as the server judged it', async () => {
  const { user } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const html = await (await fetch(url)).text();
  const { body } = await user.call('POST', '/api/suggestions', { url, html });
  const popup = await openPopup(stack, url);
  await popup.getByTestId('suggestion').first().waitFor();

  assert.ok(body.suggestions.length > 0);
  for (const suggestion of body.suggestions) {
    const badge = card(popup, suggestion.contact.name).getByTestId('suggestion-strength');
    assert.equal(await badge.innerText(), suggestion.strength === 'strong' ? 'Strong match' : 'Possible match', suggestion.contact.name);
  }
});

test('server data is shown as text: a contact named like an HTML tag stays a name', async () => {
  await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const odd = card(popup, XSS_NAME);
  await odd.waitFor();
  assert.equal(await odd.getByTestId('suggestion-name').innerText(), XSS_NAME);
  assert.equal(await popup.locator('#suggestions img').count(), 0, 'no <img> was created from a name');
  assert.match(await odd.innerText(), /<b>not bold<\/b>/);
});

test('share opens the channel with the edited draft, asks "Did you share it?" in the popup, and the share lands in the history', async () => {
  const { user, ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const benCard = card(popup, ben.name);
  await benCard.waitFor();

  const message = benCard.getByTestId('suggestion-message');
  await message.fill(`${await message.inputValue()} Coffee soon?`);
  // Ben prefers WhatsApp: the main button opens wa.me with the draft (the request fails offline; its URL is the proof).
  assert.match(await benCard.getByTestId('share-button').innerText(), /WhatsApp/);
  const opened = stack.browser.context.waitForEvent('request', (request) => request.url().startsWith('https://wa.me/'));
  await benCard.getByTestId('share-button').click();
  const shareUrl = (await opened).url();
  assert.match(new URL(shareUrl).searchParams.get('text') ?? '', /Coffee soon\?/, 'the link carries the edited text');
  assert.match(shareUrl, /^https:\/\/wa\.me\/447911123456\?/);

  const confirm = benCard.locator('[data-slot="confirm"]');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /Did you share it/);
  assert.equal((await user.shares()).length, 0, 'nothing is recorded before the user says so');
  await confirm.getByRole('button', { name: 'Yes, record it' }).click();
  await benCard.locator('[data-slot="done"]').waitFor();
  await snap(popup, 'popup-shared.png');

  const shares = await user.shares();
  assert.equal(shares.length, 1);
  assert.equal(shares[0].contactName, ben.name);
  assert.match(shares[0].message, /Coffee soon\?/);

  const history = await openExtensionPage(stack, 'history/history.html');
  const row = history.getByTestId('history-row');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Ben Carter/);
  assert.match(await row.innerText(), /direct air capture/i);
  await snap(history, 'history.png');

  await row.getByRole('button', { name: /Undo/ }).click();
  await row.getByRole('button', { name: 'Remove' }).click();
  await history.locator('#empty').waitFor({ state: 'visible' });
  assert.equal(await history.getByTestId('history-row').count(), 0);
  assert.equal((await user.shares()).length, 0, 'undo deleted the share on the server');
});

test('mark as shared records at once and the popup can undo it', async () => {
  const { user, ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const benCard = card(popup, ben.name);
  await benCard.getByTestId('mark-shared').click();
  await benCard.locator('[data-slot="done"]').waitFor();
  assert.equal((await user.shares()).length, 1);

  await benCard.getByRole('button', { name: 'Undo' }).click();
  await benCard.getByTestId('share-button').waitFor();
  assert.equal((await user.shares()).length, 0);
});

test('after "Mark shared" the card says the contact is just in touch, also when the popup opens again, and undo puts it back', async () => {
  const { ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  let popup = await openPopup(stack, url);
  let benCard = card(popup, ben.name);
  await benCard.waitFor();
  const when = () => benCard.locator('.when');
  // Ben was last in touch 200 days ago, past his sponsor cadence.
  assert.equal(await benCard.locator('[data-slot="overdue"]').isVisible(), true);
  assert.match(await when().innerText(), /Last in touch 7 months ago/);

  await benCard.getByTestId('mark-shared').click();
  await benCard.locator('[data-slot="done"]').waitFor();
  await benCard.locator('[data-slot="overdue"]').waitFor({ state: 'hidden' });
  assert.match(await when().innerText(), /Last in touch today/);

  await popup.close();
  popup = await openPopup(stack, url);
  benCard = card(popup, ben.name);
  await benCard.locator('[data-slot="done"]').waitFor();
  assert.match(await when().innerText(), /Last in touch today/);
  assert.equal(await benCard.locator('[data-slot="overdue"]').isVisible(), false);

  await benCard.getByRole('button', { name: 'Undo' }).click();
  await benCard.getByTestId('share-button').waitFor();
  await benCard.locator('[data-slot="overdue"]').waitFor();
  assert.match(await when().innerText(), /Last in touch 7 months ago/);
});

test('a share whose answer was lost is recorded once when the user tries again', async () => {
  const { user, ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const benCard = card(popup, ben.name);
  await benCard.waitFor();

  // The server records the first attempt, but its answer never reaches the popup.
  let attempts = 0;
  const keys = [];
  await popup.route(`${stack.api.url}/api/shares`, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    attempts += 1;
    keys.push(route.request().postDataJSON().idempotencyKey);
    if (attempts === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.fallback();
  });
  await benCard.getByTestId('mark-shared').click();
  await benCard.locator('[data-slot="error"]').waitFor();
  assert.equal((await user.shares()).length, 1, 'the first attempt did reach the server');

  await benCard.getByTestId('mark-shared').click();
  await benCard.locator('[data-slot="done"]').waitFor();
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'the retry sends the same idempotency key');
  assert.equal((await user.shares()).length, 1, 'and the server did not record it twice');
});

test('reopening the popup after opening a share link still asks "Did you share it?"', async () => {
  const { user, ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  let popup = await openPopup(stack, url);
  const opened = stack.browser.context.waitForEvent('request', (request) => request.url().startsWith('https://wa.me/'));
  await card(popup, ben.name).getByTestId('share-button').click();
  await opened;
  await card(popup, ben.name).locator('[data-slot="confirm"]').waitFor();
  await popup.close(); // what the browser does to a real popup when the share tab opens

  popup = await openPopup(stack, url);
  const confirm = card(popup, ben.name).locator('[data-slot="confirm"]');
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Yes, record it' }).click();
  await card(popup, ben.name).locator('[data-slot="done"]').waitFor();
  assert.equal((await user.shares()).length, 1);
});

test('not now hides a suggestion', async () => {
  const { ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  await card(popup, ben.name).getByRole('button', { name: `Not now for ${ben.name}` }).click();
  await card(popup, ben.name).waitFor({ state: 'detached' });
  assert.match(await popup.locator('#notice').innerText(), /will not be suggested/);
});

test('not for them hides a suggestion and says pages like it will not be suggested either', async () => {
  const { ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  await card(popup, ben.name).getByRole('button', { name: `Not for ${ben.name}: articles like this one are not their kind` }).click();
  await card(popup, ben.name).waitFor({ state: 'detached' });
  assert.match(await popup.locator('#notice').innerText(), /nor pages like it/);
});

test('the "post and tag" group suggestion tags the people who welcome a public mention, and records one share each', async () => {
  const { user } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const group = popup.locator('#group');
  await group.waitFor();
  assert.match(await group.innerText(), /Post and tag/);
  assert.match(await group.innerText(), /Lena Fischer/);
  assert.doesNotMatch(await group.innerText(), /Ben Carter/, 'a sponsor gets a personal note, not a public tag');
  const opened = stack.browser.context.waitForEvent('request', (request) => /^https:\/\/(x\.com|www\.linkedin\.com)\//.test(request.url()));
  await group.locator('[data-slot="links"] button').first().click();
  await opened;
  await group.getByRole('button', { name: 'Yes, record it' }).click();
  await group.locator('[data-slot="done"]').waitFor();
  const shares = await user.shares();
  assert.equal(shares.length, 2);
  assert.ok(shares.every((s) => s.action === 'tag'));
  await snap(popup, 'popup-group.png');
});

test('every control in the popup is labelled and reachable by keyboard', async () => {
  await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  await popup.getByTestId('suggestion').first().waitFor();
  const unlabelled = await popup.evaluate(() => [...document.querySelectorAll('button, input, textarea, select, a[href]')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.getAttribute('aria-label') || el.labels?.[0]?.textContent.trim() || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);

  // Tab from the top reaches the first share button without the mouse.
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await popup.keyboard.press('Tab');
    reached = await popup.evaluate(() => document.activeElement?.dataset.testid === 'share-button');
  }
  assert.ok(reached, 'the share button is reachable with Tab');
  await popup.keyboard.press('Enter');
  await popup.locator('[data-slot="confirm"]:visible').first().waitFor();
});

// The designed states

async function popupState(articleName) {
  const { url } = await openArticle(stack, articleName);
  const popup = await openPopup(stack, url);
  const block = popup.getByTestId('error');
  await block.waitFor();
  return { popup, block, state: await block.getAttribute('data-state'), text: await block.innerText() };
}

test('state: the server is unreachable', async () => {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await signIn(stack, { serverUrl: `http://127.0.0.1:${await freePort()}`, token: user.token });
  const { popup, block, state, text } = await popupState('carbon-capture.html');
  assert.equal(state, 'unreachable');
  assert.match(text, /Cannot reach/);
  assert.equal(await block.getByRole('button', { name: 'Try again' }).isVisible(), true);
  await snap(popup, 'popup-unreachable.png');
});

test('state: a bad token', async () => {
  await signIn(stack, { serverUrl: stack.api.url, token: 'not-a-real-token-0000' });
  const { state, text } = await popupState('carbon-capture.html');
  assert.equal(state, 'bad-token');
  assert.match(text, /token was not accepted/);
});

test('state: a browser page cannot be read', async () => {
  await accountWithNetwork();
  const internal = await stack.browser.context.newPage();
  await internal.goto('chrome://version/');
  const popup = await openPopup(stack, 'chrome://version/');
  const block = popup.getByTestId('error');
  await block.waitFor();
  assert.equal(await block.getAttribute('data-state'), 'unreadable');
  assert.match(await block.innerText(), /cannot be read/);
});

test('state: a PDF in the browser’s viewer cannot be read, and the popup says why', async () => {
  await accountWithNetwork();
  const { state, text } = await popupState('field-report.pdf');
  assert.equal(state, 'unreadable');
  assert.match(text, /PDF/);
});

test('state: a page that is not a web page (a plain file) cannot be read', async () => {
  await accountWithNetwork();
  const { state, text } = await popupState('notes.txt');
  assert.equal(state, 'unreadable');
  assert.match(text, /cannot be read/);
});

test('state: a page that is not an article', async () => {
  await accountWithNetwork();
  const { popup, state } = await popupState('shop-listing.html');
  assert.equal(state, 'not-article');
  await snap(popup, 'popup-not-article.png');
});

test('state: no good match says so and offers the contacts page', async () => {
  await accountWithNetwork();
  const { popup, block, state, text } = await popupState('sourdough.html');
  assert.equal(state, 'no-match');
  assert.match(text, /No good match/);
  await snap(popup, 'popup-no-match.png');
  const contacts = stack.browser.context.waitForEvent('page');
  await block.getByRole('button', { name: 'Open contacts' }).click();
  assert.match((await contacts).url(), /contacts\/contacts\.html/);
});

test('a page in another language says how it was read: by meaning that reads English best for French, by words only for Chinese', async () => {
  await accountWithNetwork();
  const notes = {};
  for (const page of ['musee.html', 'fengye.html']) {
    const { url } = await openArticle(stack, page);
    const popup = await openPopup(stack, url);
    const note = popup.getByTestId('language-note');
    await note.waitFor();
    notes[page] = await note.innerText();
  }
  assert.match(notes['musee.html'], /This page is in French: .*matching by meaning reads English best/);
  assert.match(notes['fengye.html'], /This page is in Chinese: .*by the exact words of your contacts’ interests only/);
});

test('the tone select redrafts the notes and is remembered for the next popup', async () => {
  const { ben } = await accountWithNetwork();
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  const message = () => card(popup, ben.name).getByTestId('suggestion-message');
  await message().waitFor();
  assert.equal(await popup.getByTestId('tone').inputValue(), '', 'the account default to begin with');

  await popup.getByTestId('tone').selectOption('formal');
  await popup.waitForFunction(() => [...document.querySelectorAll('[data-testid="suggestion-message"]')].some((m) => /^(Dear|Hello) Ben,/.test(m.value)));
  assert.match(await message().inputValue(), /^(Dear|Hello) Ben,/);
  assert.match(await message().inputValue(), /Best regards,\nAna/);
  await snap(popup, 'popup-tone-formal.png');

  const again = await openPopup(stack, url);
  await again.getByTestId('suggestion').first().waitFor();
  assert.equal(await again.getByTestId('tone').inputValue(), 'formal');
});
