// The contacts page's import, undo, duplicates and suggested interests, in a real Chromium against the real API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  snap, signIn, openExtensionPage, apiClient, unlabelledControls, ARTIFACTS,
  useStack,
} from '../harness.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
// LinkedIn's export: a "Notes:" preamble, quoted companies with commas, and one row whose unquoted comma
// ("Engineer, Platform") gives it a value too many.
const CONNECTIONS = path.join(FIXTURES, 'contacts/Connections.csv');
// The same people a year later: Amara changed company and title, the others did not.
const CONNECTIONS_LATER = path.join(FIXTURES, 'contacts/Connections-later.csv');
// A phone's address book: Rosa Diaz twice (with and without the accent, different emails) and Tom Becker.
const PHONE_VCF = path.join(FIXTURES, 'contacts/phone.vcf');

let stack;

useStack((started) => { stack = started; });

async function signedInContactsPage() {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const page = await openExtensionPage(stack, 'contacts/contacts.html');
  return { user, page };
}

/** Arranges data through the API itself (multipart, as the extension sends it). */
async function importThroughApi(user, file) {
  const form = new FormData();
  form.append('file', new Blob([await readFile(file)]), path.basename(file));
  const response = await fetch(`${stack.api.url}/api/contacts/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${user.token}` },
    body: form,
  });
  assert.equal(response.status, 201);
  return response.json();
}

async function choose(page, file) {
  await page.getByTestId('import-file').setInputFiles(file);
  await page.waitForFunction(() => !/^(Reading|Importing|Undoing) /.test(document.getElementById('import-summary').textContent));
}

const names = (page) => page.locator('[data-testid="contact-row"] [data-slot="name"]').allInnerTexts();

test('import: a LinkedIn export is previewed, applied, listed, then undone with one button', async () => {
  const { user, page } = await signedInContactsPage();
  assert.equal(await page.getByTestId('recent-imports').isVisible(), false, 'no imports yet, no list');

  await choose(page, CONNECTIONS);
  const summary = page.getByTestId('import-summary');
  assert.match(await summary.innerText(), /Connections\.csv \(LinkedIn\): 3 new, 1 error\. First notes: 3 this week\. Nothing is saved until you import\./);
  const preview = page.getByTestId('import-preview');
  assert.deepEqual(await preview.locator('h3').allInnerTexts(), ['3 new contacts', '1 line that cannot be imported']);
  const chen = preview.getByTestId('import-row').filter({ hasText: 'Chen Wei' });
  assert.match(await chen.innerText(), /Line 5/);
  assert.match(await chen.innerText(), /Technical Recruiter · Fabrikam, Inc\. · chen\.wei@example\.com/, 'the quoted comma stays in the company');
  assert.match(await chen.innerText(), /Suggested interests: recruiting, hiring/);
  const broken = preview.locator('[data-testid="import-row"][data-action="error"]');
  assert.match(await broken.innerText(), /Line 7/);
  assert.match(await broken.innerText(), /8 values but the header has 7 columns/);
  assert.equal((await user.contacts()).length, 0, 'the preview saved nothing');
  assert.deepEqual(await unlabelledControls(page), []);
  await snap(page, 'import-preview.png');

  const confirm = page.getByTestId('import-confirm');
  assert.equal(await confirm.innerText(), 'Import 3 contacts');
  assert.equal(await confirm.evaluate((el) => el === document.activeElement), true, 'the keyboard lands on the next step');
  await confirm.click();
  await page.getByTestId('contact-row').filter({ hasText: 'Sofia García' }).waitFor();
  assert.match(await summary.innerText(), /Imported Connections\.csv: 3 new\. First notes: 3 this week\. 1 line could not be read and was skipped\./);
  assert.deepEqual(await names(page), ['Amara Okafor', 'Chen Wei', 'Sofia García']);
  assert.match(await page.getByTestId('contact-row').filter({ hasText: 'Chen Wei' }).innerText(), /Technical Recruiter · Fabrikam, Inc\./);
  assert.equal((await user.contacts()).length, 3);
  const recent = page.getByTestId('recent-imports');
  await recent.waitFor();
  await recent.locator('summary').click();
  assert.match(await recent.getByTestId('import-item').innerText(), /LinkedIn · Connections\.csv\s+3 new, 1 error/);
  await snap(page, 'import-applied.png');

  await page.getByTestId('import-undo').click();
  await summary.filter({ hasText: 'Undid the import' }).waitFor();
  assert.match(await summary.innerText(), /Undid the import of Connections\.csv: 3 contacts removed\./);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 0);
  assert.equal(await page.locator('#empty').isVisible(), true);
  assert.equal((await user.contacts()).length, 0);
  await recent.getByTestId('import-item').filter({ hasText: 'Undone' }).waitFor();
  assert.equal(await recent.getByRole('button', { name: /Undo the import/ }).count(), 0, 'an undone import offers no undo');
});

test('import: a re-import previews the changed fields; undo from the list keeps what the user edited since', async () => {
  const { user, page } = await signedInContactsPage();
  await choose(page, CONNECTIONS);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('contact-row').filter({ hasText: 'Amara Okafor' }).waitFor();

  await choose(page, CONNECTIONS_LATER);
  assert.match(await page.getByTestId('import-summary').innerText(), /0 new, 1 updated, 2 unchanged/);
  const update = page.locator('[data-testid="import-row"][data-action="update"]');
  assert.equal(await update.count(), 1);
  const text = await update.innerText();
  assert.match(text, /Amara Okafor\s+\(same LinkedIn profile\)/);
  assert.match(text, /Headline: Head of Carbon Markets → VP Carbon Removal/);
  assert.match(text, /Company: Northwind Energy → Fabrikam Energy, Ltd/);
  assert.equal(await page.getByTestId('import-confirm').innerText(), 'Import 1 contact');
  await snap(page, 'import-update-preview.png');
  await page.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.getByTestId('import-panel').isVisible(), false);
  assert.equal((await user.contacts()).find((c) => c.name === 'Amara Okafor').company, 'Northwind Energy', 'closing the preview applied nothing');

  // Chen's headline is edited after the import: the undo must keep him.
  const chen = page.getByTestId('contact-row').filter({ hasText: 'Chen Wei' });
  await chen.getByRole('button', { name: 'Edit Chen Wei' }).click();
  await page.getByLabel('Headline').fill('Head of Talent');
  await page.getByTestId('contact-save').click();
  await chen.filter({ hasText: 'Head of Talent' }).waitFor();

  const recent = page.getByTestId('recent-imports');
  await recent.locator('summary').click();
  const item = recent.getByTestId('import-item');
  assert.equal(await item.count(), 1);
  await item.getByRole('button', { name: 'Undo the import of Connections.csv' }).click();
  assert.match(await item.innerText(), /Contacts it added are removed unless you changed them since/);
  await item.getByRole('button', { name: 'Keep' }).click();
  assert.equal((await user.contacts()).length, 3, 'keep cancels');
  await item.getByRole('button', { name: 'Undo the import of Connections.csv' }).click();
  await item.getByRole('button', { name: 'Undo import' }).click();
  const summary = page.getByTestId('import-summary');
  await summary.filter({ hasText: 'Undid the import' }).waitFor();
  assert.match(await summary.innerText(), /2 contacts removed\. Kept 1 change made since:/);
  assert.match(await page.locator('#import-details').innerText(), /^Chen Wei: Created by the import but .+; kept\.$/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 1);
  assert.deepEqual(await names(page), ['Chen Wei']);
  await item.filter({ hasText: 'Undone' }).waitFor();
  await snap(page, 'import-undone.png');
});

test('import: a file in an unknown format shows the server’s list of formats', async () => {
  const { user, page } = await signedInContactsPage();
  await choose(page, path.join(FIXTURES, 'notes.txt'));
  const text = await page.getByTestId('import-summary').innerText();
  assert.match(text, /^notes\.txt could not be imported\. Send LinkedIn Connections\.csv .*Google Contacts CSV.*vCard/);
  assert.equal(await page.getByTestId('import-confirm').isVisible(), false);
  assert.equal(await page.getByTestId('error').isVisible(), false, 'a refused file is not a page error');
  assert.equal((await user.contacts()).length, 0);
});

test('duplicates: a vCard with one person twice is imported, found and merged through the page', async () => {
  const { user, page } = await signedInContactsPage();
  await choose(page, PHONE_VCF);
  assert.match(await page.getByTestId('import-summary').innerText(), /phone\.vcf \(vCard\): 3 new\./);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('contact-row').filter({ hasText: 'Tom Becker' }).waitFor();
  assert.deepEqual(await names(page), ['Rosa Diaz', 'Rosa Díaz', 'Tom Becker']);
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('duplicates-find').click();
  const panel = page.getByTestId('duplicates-panel');
  const group = panel.getByTestId('duplicate-group');
  await group.waitFor();
  assert.equal(await group.count(), 1);
  assert.match(await group.innerText(), /Similar names/);
  assert.doesNotMatch(await group.innerText(), /Tom Becker/);
  await group.getByRole('button', { name: 'Merge the others into Rosa Diaz' }).click();
  assert.match(await group.innerText(), /Merge Rosa Díaz into Rosa Diaz\?/);
  assert.equal(await group.getByRole('button', { name: 'Merge the others into Rosa Díaz' }).isDisabled(), true, 'one choice at a time');
  assert.deepEqual(await unlabelledControls(page), []);
  await snap(page, 'duplicates.png');
  await group.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await user.contacts()).length, 3, 'cancel merges nothing');

  await group.getByRole('button', { name: 'Merge the others into Rosa Diaz' }).click();
  await group.getByRole('button', { name: 'Merge into Rosa Diaz' }).click();
  await panel.locator('#duplicates-summary', { hasText: 'No duplicates found.' }).waitFor();
  await page.locator('#status', { hasText: 'Merged 1 record into Rosa Diaz.' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 2);
  assert.deepEqual(await names(page), ['Rosa Diaz', 'Tom Becker']);
  const rosa = (await user.contacts()).find((c) => c.name === 'Rosa Diaz');
  assert.equal(rosa.email, 'rosa@example.org', 'the kept record keeps its own email');
  assert.match(rosa.notes, /ocean conference/, 'the other record’s notes came along');
  assert.match(rosa.notes, /rosa\.diaz@bluetide\.example/, 'its differing email is kept in the notes');
});

test('suggested interests: the row says some are waiting; the editor adds one, then dismisses the rest', async () => {
  const user = await apiClient(stack.api.url).createAccount('Ana');
  await importThroughApi(user, CONNECTIONS);
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const page = await openExtensionPage(stack, 'contacts/contacts.html');
  const row = page.getByTestId('contact-row').filter({ hasText: 'Chen Wei' });
  const hint = row.getByTestId('contact-suggestions');
  assert.equal(await hint.innerText(), '2 suggested interests to review');
  await hint.click();

  const suggested = page.getByTestId('suggested-interests');
  await suggested.waitFor();
  assert.deepEqual(await suggested.locator('#suggested-chips [data-slot="text"]').allInnerTexts(), ['recruiting', 'hiring']);
  assert.equal(await page.getByRole('button', { name: 'Add suggested interest recruiting' }).evaluate((el) => el === document.activeElement), true,
    'the hint leads the keyboard to the suggestions');
  await page.getByRole('button', { name: 'Add suggested interest recruiting' }).click();
  await page.locator('#interest-chips [data-slot="text"]', { hasText: 'recruiting' }).waitFor();
  assert.deepEqual(await suggested.locator('#suggested-chips [data-slot="text"]').allInnerTexts(), ['hiring']);
  let saved = (await user.contacts()).find((c) => c.name === 'Chen Wei');
  assert.deepEqual(saved.interests, ['recruiting'], 'adding a suggestion saves it');
  assert.deepEqual(saved.suggestedInterests, ['hiring']);
  assert.deepEqual(await unlabelledControls(page), []);
  await page.locator('#editor').screenshot({ path: path.join(ARTIFACTS, 'suggested-interests.png') });

  await page.getByRole('button', { name: 'Dismiss all' }).click();
  await suggested.waitFor({ state: 'hidden' });
  saved = (await user.contacts()).find((c) => c.name === 'Chen Wei');
  assert.deepEqual(saved.suggestedInterests, []);

  // Save keeps the accepted interest alongside one typed by hand.
  await page.getByTestId('contact-interests').fill('talent markets');
  await page.getByTestId('contact-save').click();
  await row.filter({ hasText: 'talent markets' }).waitFor();
  saved = (await user.contacts()).find((c) => c.name === 'Chen Wei');
  assert.deepEqual(saved.interests, ['recruiting', 'talent markets']);
  assert.equal(await hint.isVisible(), false, 'nothing left to review');
  assert.equal(await page.getByTestId('contact-row').filter({ hasText: 'Amara Okafor' }).getByTestId('contact-suggestions').isVisible(), true);
});
