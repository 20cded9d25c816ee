// The same person's path in Chromium and in Firefox ESR, one test body for both: a newcomer sets up from the
// popup, creates the account in the options, adds a contact on the contacts page, gets the suggestion with its
// reason and draft on a local article, marks it shared, finds it in the history and undoes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, startSite, apiClient } from '../harness.js';
import { BROWSERS, launchPerson, textOf, fill } from '../browsers.js';

let api;
let site;
before(async () => {
  api = await startApi();
  site = await startSite();
});
after(async () => {
  await site?.stop();
  await api?.stop();
});

for (const kind of BROWSERS) {
  test(`${kind}: options → contacts → suggestion with reason and draft → mark shared → history → undo`, async () => {
    const person = await launchPerson(kind);
    const dialogs = [];
    person.browser.on('targetcreated', async (target) => (await target.page())?.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    }));
    try {
      const article = await person.open(`${site.url}/carbon-capture.html`);

      // No server yet: the popup welcomes and leads to the setup.
      const welcome = await person.openPopup(article);
      assert.equal(await welcome.$eval('[data-testid="error"]', (el) => el.dataset.state), 'not-configured');
      const options = await person.tabOpenedBy(() => welcome.click('[data-testid="error"] [data-slot="actions"] button'), /options\/options\.html/);
      await welcome.close();

      // The background ran at install in this browser too: the shortcut is bound and the menu entry exists
      // (updating an entry that does not exist fails).
      const commands = await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).commands.getAll());
      assert.equal(commands.find((c) => c.name === '_execute_action')?.shortcut, 'Alt+Shift+S');
      assert.equal(await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).contextMenus
        .update('who-should-see-this', {}).then(() => 'created', (error) => error.message)), 'created');

      // One click makes the account on the local server.
      await fill(options, '[data-testid="options-server-url"]', api.url);
      await fill(options, '#account-name', 'Ana Ruiz');
      await options.click('[data-testid="create-account"]');
      await options.waitForSelector('[data-testid="first-people"]', { visible: true });
      assert.match(await textOf(options, '#status'), /Account created for Ana Ruiz/);
      const { token } = await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.get('token'));
      const user = apiClient(api.url, token);
      await person.snap(options, 'options-first-people.png');

      // The contacts page adds a contact.
      const contacts = await person.open(person.extensionUrl('contacts/contacts.html'));
      await contacts.click('[data-testid="contact-add"]');
      await fill(contacts, '[data-testid="contact-name"]', 'Ben Carter');
      await fill(contacts, '#f-company', 'Greenfield Ventures');
      await fill(contacts, '[data-testid="contact-interests"]', 'carbon capture');
      await contacts.focus('[data-testid="contact-interests"]');
      await contacts.keyboard.press('Enter');
      await fill(contacts, '#f-email', 'ben@example.com');
      await contacts.click('[data-testid="contact-save"]');
      assert.match(await textOf(contacts, '[data-testid="contact-row"]'), /Ben Carter[\s\S]*carbon capture/);
      assert.deepEqual((await user.contacts()).map((c) => [c.name, c.interests]), [['Ben Carter', ['carbon capture']]]);

      // The popup on the article: who, why, and a draft.
      const popup = await person.openPopup(article);
      await popup.waitForSelector('[data-testid="suggestion"]', { visible: true, timeout: 30_000 });
      assert.equal(await textOf(popup, '[data-testid="suggestion-name"]'), 'Ben Carter');
      assert.match(await textOf(popup, '[data-testid="suggestion-reason"]'), /carbon capture/i);
      const draft = await popup.$eval('[data-testid="suggestion-message"]', (el) => el.value);
      assert.match(draft, /Ben/, 'the draft greets Ben');
      assert.ok(draft.length > 40, `a drafted message is there: ${draft}`);
      await person.snap(popup, 'popup-suggestion.png');

      // Mark shared records it at once.
      await popup.click('[data-testid="mark-shared"]');
      await popup.waitForSelector('[data-testid="suggestion"] [data-slot="done"]', { visible: true });
      const [share] = await user.shares();
      assert.equal(share.contactName, 'Ben Carter');
      assert.equal(share.message, draft);

      // The history lists it, and undo removes it on the server.
      const history = await person.open(person.extensionUrl('history/history.html'));
      const row = await textOf(history, '[data-testid="history-row"]');
      assert.match(row, /Ben Carter/);
      assert.match(row, /direct air capture/i, 'the article title is listed');
      await person.snap(history, 'history.png');
      await history.click('[data-testid="history-row"] [data-slot="undo"]');
      await history.click('[data-testid="history-row"] [data-slot="confirm-yes"]');
      await history.waitForSelector('#empty', { visible: true });
      assert.deepEqual(await user.shares(), [], 'undo deleted the share on the server');
      assert.deepEqual(dialogs, [], 'the extension never opens alert/confirm/prompt dialogs');
    } finally {
      await person.stop();
    }
  });
}
