// The keep-in-touch loop in a real Chromium against the real API: a user with only an imported LinkedIn network
// (positions, no interests) reads two articles with the popup; the keep-in-touch page then lists the people they
// neglect, why, and something from that reading for each; one is shared, one snoozed. The background's weekly
// alarm raises the notification and keeps the due count on the badge; the options switch it off and on; a page
// that fits nobody shows who is due in the popup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  snap, signIn, openPopup, openArticle, openExtensionPage, apiClient, unlabelledControls, freePort, sleep, useStack, ARTIFACTS,
} from '../harness.js';
import { reminderText } from '../../../extension/lib/reminders.js';

let stack;

useStack((started) => { stack = started; });

const PAGE = 'keep-in-touch/keep-in-touch.html';

/** "12 Mar 2021" as LinkedIn writes the day you connected. */
function linkedInDate(daysAgo) {
  const date = new Date(Date.now() - daysAgo * 86_400_000);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  return `${String(date.getUTCDate()).padStart(2, '0')} ${month} ${date.getUTCFullYear()}`;
}

const NETWORK = [
  ['Tara', 'Quinn', 'Northwind', 'Talent Acquisition Lead', 900],
  ['Olga', 'Berg', 'Contoso', 'Technical Recruiter', 700],
  ['Ben', 'Carter', 'Fabrikam', 'Carbon Capture Engineer', 800],
  ['Paul', 'Mercer', 'Mercer & Lowe', 'Corporate Lawyer', 600],
  ['Nils', 'Silva', 'Tailspin', 'Software Engineer', 3], // connected this week: not due
];

/** Uploads LinkedIn rows ([first, last, company, position, days since connecting]) as a Connections.csv. */
async function importConnections(user, network) {
  const csv = ['First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    ...network.map(([first, last, company, position, days]) =>
      `${first},${last},https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()},,"${company}",${position},${linkedInDate(days)}`)].join('\n');
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'Connections.csv');
  const imported = await fetch(`${stack.api.url}/api/contacts/import`, { method: 'POST', headers: { Authorization: `Bearer ${user.token}` }, body: form });
  const body = await imported.text();
  assert.equal(imported.status, 201, `import: ${imported.status} ${body}`);
  return JSON.parse(body);
}

/**
 * A week of reading: every article analysed for the popup is remembered for the account. The popup's one call is made
 * here directly (the popup itself is tested below and in popup.test.js).
 */
async function readArticles(user) {
  const reads = {};
  for (const name of ['hiring.html', 'carbon-capture.html']) {
    const url = `${stack.site.url}/${name}`;
    const html = await (await fetch(url)).text();
    const answer = await user.call('POST', '/api/suggestions', { url, html });
    assert.equal(answer.status, 200, `suggestions for ${name}: ${JSON.stringify(answer.body)}`);
    reads[name] = { url };
  }
  return reads;
}

/** A fresh account whose whole network is a LinkedIn import, signed in, with two articles read in the popup. */
async function importedNetworkAndReading() {
  const user = await apiClient(stack.api.url).createAccount('Ana Ruiz');
  await importConnections(user, NETWORK);
  const contacts = await user.contacts();
  assert.ok(contacts.every((c) => c.interests.length === 0), 'nobody has typed interests');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const reads = await readArticles(user);
  const byName = Object.fromEntries(contacts.map((c) => [c.name, c]));
  return { user, reads, byName };
}

function row(page, name) {
  return page.getByTestId('due-contact').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

/** The extension's service worker as it runs now (Chrome restarts it when idle). */
function worker() {
  return stack.browser.context.serviceWorkers()[0];
}

async function until(read, expected, what) {
  let value;
  for (let i = 0; i < 80; i++) {
    value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected)) return value;
    await sleep(250);
  }
  assert.deepEqual(value, expected, what);
  return value;
}

const badge = () => worker().evaluate(() => chrome.action.getBadgeText({}));
const reminderAlarm = () => worker().evaluate(async () => (await chrome.alarms.get('keep-in-touch'))?.periodInMinutes ?? null);

test('keep in touch: the people neglected, why, and something from the reading for each; share one, snooze one', async () => {
  const { user, reads, byName } = await importedNetworkAndReading();

  // In the popup, the talent person is suggested for the recruiting article with their headline as the reason.
  await openArticle(stack, 'hiring.html');
  const popup = await openPopup(stack, reads['hiring.html'].url);
  const tara = popup.locator('[data-testid="suggestion"]').filter({ hasText: 'Tara Quinn' });
  await tara.waitFor();
  assert.match(await tara.getByTestId('reason-from').first().innerText(), /from their headline: Talent Acquisition Lead/);

  const page = await openExtensionPage(stack, PAGE);
  const names = await page.getByTestId('due-contact').locator('[data-slot="name"]').allInnerTexts();
  assert.deepEqual([...names].sort(), ['Ben Carter', 'Olga Berg', 'Paul Mercer', 'Tara Quinn'], 'everyone past their date, not the new connection');
  const answer = (await user.call('GET', '/api/keep-in-touch')).body;
  assert.equal(answer.due, 4);
  assert.equal(await page.getByTestId('kit-summary').innerText(), `${reminderText(answer)}.`, 'the page says what the reminder says');

  // One line: who, why now, what to send. Connections from years ago are due their first note this week, not
  // "overdue by 900 days"; why the idea fits and the draft open on demand.
  const taraRow = row(page, 'Tara Quinn');
  assert.equal(await taraRow.getByTestId('due-why').innerText(), 'First note planned for this week');
  assert.equal(await taraRow.getAttribute('data-state'), 'first-note');
  assert.match(await taraRow.getByTestId('due-article').innerText(), /Recruiters say candidates are walking away/);
  assert.equal(await taraRow.getByTestId('due-details').isVisible(), false, 'reasons and draft are closed');
  await taraRow.getByTestId('due-more').click();
  assert.equal(await taraRow.getByTestId('due-more').getAttribute('aria-expanded'), 'true');
  assert.match(await taraRow.getByTestId('due-why-full').innerText(), /^Connected .* no note since · every \d+ days · first note planned for this week$/);
  assert.match(await taraRow.getByTestId('reason-from').first().innerText(), /from their headline: Talent Acquisition Lead/);
  assert.match(await taraRow.getByTestId('due-message').inputValue(), /Tara/);
  assert.match(await row(page, 'Ben Carter').getByTestId('due-article').innerText(), /carbon/i);
  const paul = row(page, 'Paul Mercer');
  assert.equal(await paul.getByTestId('due-article').isVisible(), false);
  assert.match(await paul.getByTestId('due-no-idea').innerText(), /Nothing you read lately fits/);
  assert.deepEqual(await unlabelledControls(page), []);
  await snap(page, 'keep-in-touch.png');

  // One click opens the channel with the draft; the page asks, then records the share like the popup does.
  await taraRow.getByTestId('due-message').fill('Tara, this made me think of your team. Ana');
  const opened = stack.browser.context.waitForEvent('request', (request) => /^https:\/\/www\.linkedin\.com\//.test(request.url()));
  await taraRow.getByTestId('due-share').click();
  await opened;
  await taraRow.getByRole('button', { name: 'Yes, record it' }).click();
  await taraRow.getByTestId('due-done').waitFor();
  const [share] = await user.shares();
  assert.equal(share.contactId, byName['Tara Quinn'].id);
  assert.equal(share.url, reads['hiring.html'].url);
  assert.equal(share.message, 'Tara, this made me think of your team. Ana', 'the edited draft is what was sent');

  // Snooze keeps Paul off the list for a week.
  await paul.getByTestId('due-snooze').click();
  await paul.getByTestId('due-done').filter({ hasText: 'Snoozed until' }).waitFor();
  const snoozed = (await user.call('GET', `/api/contacts/${byName['Paul Mercer'].id}`)).body;
  assert.ok(Date.parse(snoozed.snoozedUntil) > Date.now() + 6 * 86_400_000);

  await page.reload();
  await page.waitForSelector('body[data-ready]');
  const after = await page.getByTestId('due-contact').locator('[data-slot="name"]').allInnerTexts();
  assert.deepEqual([...after].sort(), ['Ben Carter', 'Olga Berg'], 'the one written to and the one snoozed are off the list');
  await snap(page, 'keep-in-touch-after.png');
});

test('keep in touch: "Not yet" leaves nothing recorded; undo takes back a recorded share and a snooze', async () => {
  const { user, byName } = await importedNetworkAndReading();
  const page = await openExtensionPage(stack, PAGE);
  const tara = row(page, 'Tara Quinn');
  const opened = stack.browser.context.waitForEvent('request', (request) => /^https:\/\/www\.linkedin\.com\//.test(request.url()));
  await tara.getByTestId('due-share').click();
  await opened;
  await tara.getByRole('button', { name: 'Not yet' }).click();
  await tara.getByTestId('due-more').click();
  await tara.getByTestId('due-mark').waitFor();
  assert.deepEqual(await user.shares(), [], 'nothing is recorded before the user says so');

  await tara.getByTestId('due-mark').click();
  await tara.getByTestId('due-done').waitFor();
  assert.equal((await user.shares()).length, 1);
  await tara.getByRole('button', { name: 'Undo' }).click();
  await tara.getByTestId('due-mark').waitFor();
  assert.deepEqual(await user.shares(), [], 'undo deleted the share on the server');

  const paul = row(page, 'Paul Mercer');
  await paul.getByTestId('due-snooze').click();
  await paul.getByTestId('due-done').filter({ hasText: 'Snoozed until' }).waitFor();
  await paul.getByRole('button', { name: 'Undo' }).click();
  await paul.getByTestId('due-snooze').waitFor();
  assert.ok(!(await user.call('GET', `/api/contacts/${byName['Paul Mercer'].id}`)).body.snoozedUntil, 'the snooze is over');
});

test('the weekly alarm raises the reminder and the badge shows who is due; the options switch it off and on', async () => {
  const { user } = await importedNetworkAndReading();
  const answer = (await user.call('GET', '/api/keep-in-touch')).body;
  assert.equal(answer.due, 4);
  await until(badge, '4', 'the badge shows the due count once signed in');
  assert.equal(await reminderAlarm(), 7 * 24 * 60, 'weekly by default');
  assert.match(reminderText(answer), /^4 people are due a note — \d has something from your reading$|^4 people are due a note — \d have something from your reading$/);

  // The alarm firing (brought forward here) shows the notification.
  await worker().evaluate(() => chrome.notifications.clear('keep-in-touch'));
  await worker().evaluate(() => chrome.alarms.create('keep-in-touch', { when: Date.now() + 100 }));
  await until(() => worker().evaluate(async () => Object.keys(await chrome.notifications.getAll())), ['keep-in-touch'], 'the reminder is shown');
  assert.equal(await worker().evaluate(() => chrome.notifications.onClicked.hasListeners()), true, 'a click on it is handled');

  const options = await openExtensionPage(stack, 'options/options.html');
  assert.equal(await options.getByTestId('reminders-on').isChecked(), true);
  await options.getByTestId('reminder-days').fill('0');
  await options.getByTestId('reminders-save').click();
  assert.equal(await options.getByTestId('reminder-days').getAttribute('aria-invalid'), 'true');
  assert.match(await options.locator('#reminder-days-error').innerText(), /1 to 30/);

  await options.getByTestId('reminders-on').uncheck();
  await options.getByTestId('reminders-save').click();
  await options.getByTestId('reminders-status').filter({ hasText: 'no reminders' }).waitFor();
  await until(reminderAlarm, null, 'switched off: no alarm');
  await until(badge, '', 'switched off: no badge');

  await options.getByTestId('reminders-on').check();
  await options.getByTestId('reminder-days').fill('3');
  await options.getByTestId('reminders-save').click();
  await until(reminderAlarm, 3 * 24 * 60, 'every three days');
  await until(badge, '4', 'the badge is back');
  assert.deepEqual(await unlabelledControls(options), []);
  await options.getByTestId('reminders').screenshot({ path: path.join(ARTIFACTS, 'options-reminders.png') });
});

test('a page that fits nobody shows in the popup who is due a note, and leads to the keep-in-touch page', async () => {
  await importedNetworkAndReading();
  const { url } = await openArticle(stack, 'sourdough.html');
  const popup = await openPopup(stack, url);
  assert.equal(await popup.getByTestId('error').getAttribute('data-state'), 'no-match');
  await popup.waitForSelector('body[data-due-ready]');
  const due = popup.getByTestId('popup-due');
  assert.equal(await due.isVisible(), true);
  assert.match(await popup.getByTestId('popup-due-summary').innerText(), /4 people are due a note/);
  assert.equal(await popup.getByTestId('popup-due-contact').count(), 3, 'the three most valuable');
  assert.match(await due.innerText(), /Send them: Recruiters say candidates/);
  await snap(popup, 'popup-due.png');
  const opened = stack.browser.context.waitForEvent('page');
  await popup.getByTestId('open-keep-in-touch').click();
  assert.match((await opened).url(), /keep-in-touch\/keep-in-touch\.html/);
});

test('an imported network comes a few a week: one line per person, and the same counts on the badge, in the popup, the reminder and the page', async () => {
  const user = await apiClient(stack.api.url).createAccount('Eve Laurent');
  const positions = ['Talent Acquisition Lead', 'Technical Recruiter', 'Carbon Capture Engineer', 'Corporate Lawyer', 'Product Manager', 'Head of Talent'];
  const surnames = ['Quinn', 'Berg', 'Carter', 'Mercer', 'Silva', 'Novak', 'Haddad', 'Costa', 'Ito', 'Byrne'];
  const firsts = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];
  // Sixty people, all connected more than a year ago: with a 180-day cadence every one of them is past their first date.
  const network = Array.from({ length: 60 }, (_, i) => [firsts[i % 6], surnames[Math.floor(i / 6)], `Company ${i}`, positions[i % positions.length], 400 + i]);
  const imported = await importConnections(user, network);
  assert.deepEqual([imported.firstNotes.people, imported.firstNotes.firstWeek], [60, 10]);
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  await readArticles(user);

  // The popup, on a page that fits nobody, shows who is due.
  const { url } = await openArticle(stack, 'sourdough.html');
  const popup = await openPopup(stack, url);
  await popup.waitForSelector('body[data-due-ready]');
  const answer = (await user.call('GET', '/api/keep-in-touch')).body;
  assert.equal(answer.due, 10, 'ten this week, not sixty');
  assert.ok(answer.withIdeas > 0 && answer.withIdeas < 10, `${answer.withIdeas} with ideas`);
  assert.deepEqual(answer.upcoming.map((week) => week.people), [15, 15, 15, 5]);
  const said = reminderText(answer);
  assert.equal(await popup.getByTestId('popup-due-summary').innerText(), said, 'the popup says what the reminder says');
  assert.equal(await popup.getByTestId('popup-due-contact').count(), 3);
  await snap(popup, 'popup-due-week.png');

  const page = await openExtensionPage(stack, PAGE);
  assert.equal(await page.getByTestId('kit-summary').innerText(), `${said}.`, 'the page says what the popup says');
  assert.match(await page.getByTestId('kit-upcoming').innerText(), /^Coming up: 15 people from [^·]+ · 15 from [^·]+ · 15 from [^·]+ · 5 from [^·]+\.$/);
  const rows = page.getByTestId('due-contact');
  assert.equal(await rows.count(), 10);
  // One line each: who, why now, what to send (the widest row of the page's 1100 px, one text line high).
  const heights = await rows.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
  assert.ok(heights.every((height) => height < 56), `row heights ${heights.join(', ')}`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`keep-in-touch page, 10 people due and 4 weeks ahead: ${height} px tall; rows ${Math.min(...heights)}–${Math.max(...heights)} px`);
  assert.ok(height < 900, `the page is ${height} px tall`);
  assert.deepEqual(await unlabelledControls(page), []);
  await snap(page, 'keep-in-touch-week.png');

  // Why it fits and the draft, on demand.
  const withIdea = rows.filter({ has: page.locator('[data-testid="due-share"]:visible') }).first();
  await withIdea.getByTestId('due-more').click();
  assert.ok(await withIdea.getByTestId('suggestion-reason').first().isVisible());
  assert.ok((await withIdea.getByTestId('due-message').inputValue()).length > 20);
  await snap(page, 'keep-in-touch-week-open.png');

  // The badge, and the weekly reminder (its text is reminderText of the same answer).
  await until(badge, '10', 'the badge shows who is due this week');
  await worker().evaluate(() => chrome.notifications.clear('keep-in-touch'));
  await worker().evaluate(() => chrome.alarms.create('keep-in-touch', { when: Date.now() + 100 }));
  await until(() => worker().evaluate(async () => Object.keys(await chrome.notifications.getAll())), ['keep-in-touch'], 'the reminder is shown');
});

test('save for later puts the page in the reading list without sharing it', async () => {
  const user = await apiClient(stack.api.url).createAccount('Bo');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const { url } = await openArticle(stack, 'hiring.html');
  const popup = await openPopup(stack, url);
  await popup.getByTestId('save-for-later').click();
  await popup.locator('#saved-status', { hasText: 'Saved to your reading list' }).waitFor();
  const saved = (await user.call('GET', '/api/articles/reading-list?saved=true')).body.items;
  assert.deepEqual(saved.map((a) => a.url), [url]);
  assert.ok(saved[0].savedAt);
  assert.deepEqual(await user.shares(), [], 'nothing was shared');
});

test('keep-in-touch page states: nobody due, a revoked token, a server that is down', async () => {
  const user = await apiClient(stack.api.url).createAccount('Cy');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  let page = await openExtensionPage(stack, PAGE);
  assert.equal(await page.getByTestId('kit-empty').isVisible(), true);
  await snap(page, 'keep-in-touch-empty.png');

  await signIn(stack, { serverUrl: stack.api.url, token: 'not-a-real-token-123456' });
  page = await openExtensionPage(stack, PAGE);
  assert.equal(await page.getByTestId('error').getAttribute('data-state'), 'bad-token');

  await signIn(stack, { serverUrl: `http://127.0.0.1:${await freePort()}`, token: user.token });
  page = await openExtensionPage(stack, PAGE);
  assert.equal(await page.getByTestId('error').getAttribute('data-state'), 'unreachable');
  assert.ok(await page.getByRole('button', { name: 'Try again' }).isVisible());
  await snap(page, 'keep-in-touch-unreachable.png');
});

test('implicit interests can be switched off for the account in the options and for one person in their editor', async () => {
  const user = await apiClient(stack.api.url).createAccount('Di');
  const tara = await user.addContact({ name: 'Tara Quinn', headline: 'Talent Acquisition Lead' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });

  const options = await openExtensionPage(stack, 'options/options.html');
  const box = options.getByTestId('implicit-on');
  await options.getByTestId('matching').waitFor();
  assert.equal(await box.isChecked(), true, 'on by default');
  await box.uncheck();
  await options.getByTestId('matching-status').filter({ hasText: 'only typed interests' }).waitFor();
  assert.equal((await user.call('GET', '/api/me')).body.useImplicitInterests, false);
  await box.check();
  await options.getByTestId('matching-status').filter({ hasText: 'count too' }).waitFor();
  assert.equal((await user.call('GET', '/api/me')).body.useImplicitInterests, true);

  const page = await openExtensionPage(stack, 'contacts/contacts.html');
  await page.getByRole('button', { name: 'Edit Tara Quinn' }).click();
  assert.equal(await page.getByTestId('contact-implicit').isChecked(), true);
  await page.getByTestId('contact-implicit').uncheck();
  await page.getByTestId('contact-save').click();
  await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
  await until(async () => (await user.call('GET', `/api/contacts/${tara.id}`)).body.useImplicitInterests, false, 'saved for her alone');
  assert.equal((await user.call('GET', '/api/me')).body.useImplicitInterests, true, 'the account keeps it on');
});

test('the options set the account tone, switch voice learning and forget the learned voice', async () => {
  const user = await apiClient(stack.api.url).createAccount('Ana Ruiz');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });

  const options = await openExtensionPage(stack, 'options/options.html');
  await options.getByTestId('drafts').waitFor();
  assert.equal(await options.getByTestId('default-tone').inputValue(), 'warm', 'warm by default');
  await options.getByTestId('default-tone').selectOption('brief');
  await options.getByTestId('drafts-status').filter({ hasText: 'this tone' }).waitFor();
  assert.equal((await user.call('GET', '/api/me')).body.tone, 'brief');

  const learn = options.getByTestId('learn-voice');
  assert.equal(await learn.isChecked(), true, 'learning is on by default');
  await learn.uncheck();
  await options.getByTestId('drafts-status').filter({ hasText: 'no longer learn' }).waitFor();
  assert.equal((await user.call('GET', '/api/me')).body.learnVoice, false);
  await learn.check();
  await options.getByTestId('drafts-status').filter({ hasText: 'learn from the notes' }).waitFor();

  await options.getByTestId('forget-voice').click();
  await options.getByTestId('drafts-status').filter({ hasText: 'Forgotten' }).waitFor();
  assert.equal((await user.call('GET', '/api/me/voice')).body.learnedFrom, 0);
  await snap(options, 'options-drafts.png');
});
