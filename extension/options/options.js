// Options: where the server is, and the token that signs this browser in. For a newcomer it is also the first
// run: create an account in one click, then bring in a LinkedIn file or three people, and off to an article.
import * as api from '../api.js';
import { ext } from '../lib/ext.js';
import {
  DEFAULT_SERVER_URL, getSettings, saveSettings, normalizeServerUrl, hostPattern, needsRuntimePermission, hasHostPermission,
} from '../lib/settings.js';
import { showState, hideState, showError, whileBusy, fromTemplate, slot, setText } from '../lib/ui.js';
import { getReminderSettings } from '../lib/reminders.js';
import { signInThroughProvider, browserName, SignInCancelled } from '../lib/provider-sign-in.js';

const FIRST_PEOPLE = 3;

const $ = (id) => document.getElementById(id);
const stateBlock = $('state');
const serverInput = $('server-url');
const tokenInput = $('token');
/** How the server at the address above lets people in: { openRegistration, identityProvider, signInUrl }, once known. */
let signInOptions = null;

document.addEventListener('DOMContentLoaded', async () => {
  const { serverUrl, token } = await getSettings();
  serverInput.value = serverUrl || DEFAULT_SERVER_URL;
  tokenInput.value = token;
  $('settings').addEventListener('submit', onSave);
  $('create-account').addEventListener('submit', onCreateAccount);
  $('provider-sign-in').addEventListener('click', onProviderSignIn);
  $('test').addEventListener('click', (event) => whileBusy(event.currentTarget, onTest));
  $('sign-out').addEventListener('click', (event) => whileBusy(event.currentTarget, onSignOut));
  $('toggle-token').addEventListener('click', onToggleToken);
  $('three-people').addEventListener('submit', onAddPeople);
  $('reminders').addEventListener('submit', onSaveReminders);
  $('reminders-on').addEventListener('change', () => { $('reminder-days').disabled = !$('reminders-on').checked; });
  $('implicit-on').addEventListener('change', onImplicitChange);
  $('default-tone').addEventListener('change', (event) => saveDraftSettings({ tone: event.currentTarget.value }, 'Saved: new drafts use this tone.'));
  $('learn-voice').addEventListener('change', (event) => saveDraftSettings({ learnVoice: event.currentTarget.checked },
    event.currentTarget.checked ? 'Saved: drafts learn from the notes you send.' : 'Saved: drafts no longer learn from your notes.'));
  $('forget-voice').addEventListener('click', (event) => whileBusy(event.currentTarget, onForgetVoice));
  await showReminders();
  if (token) await Promise.all([showMatching(), showDrafts()]);
  serverInput.addEventListener('change', () => { if ($('welcome').hidden === false) checkServer(); });
  renderPeopleRows();
  if (serverUrl && !(await hasHostPermission(serverUrl))) showPermissionMissing(serverUrl);
  await showFirstRunStep(token);
  if (token) await showSignInChoices(serverInput.value);
  document.body.dataset.ready = 'true';
});

/** Which first-run step applies: no account yet, an account with nobody in it, or none (the usual options). */
async function showFirstRunStep(token) {
  $('welcome').hidden = Boolean(token);
  $('first-people').hidden = true;
  $('sign-out').hidden = !token;
  $('next').hidden = !token;
  if (!token) {
    await checkServer();
    $('account-name').focus();
    return;
  }
  try {
    const { total } = await api.listContacts({ pageSize: 1 });
    $('first-people').hidden = total > 0;
    $('next').hidden = total === 0;
    if (total === 0) slot($('people'), 'name')?.focus();
  } catch {
    // The server is down or the token stale: the settings below and Test connection explain that.
  }
}

/** Says, before anyone clicks, whether a ContentHelper server answers at the address below. */
async function checkServer() {
  const line = $('server-check');
  let serverUrl;
  try {
    serverUrl = normalizeServerUrl(serverInput.value);
  } catch {
    line.dataset.state = 'invalid';
    return setText(line, 'Enter your server’s address under Your server, such as http://localhost:5080.');
  }
  line.dataset.state = 'checking';
  setText(line, `Looking for your server at ${serverUrl}…`);
  const found = await api.isServerUp(serverUrl);
  await showSignInChoices(found ? serverUrl : null);
  line.dataset.state = found ? 'found' : 'missing';
  if (found) return setText(line, `Your server at ${serverUrl} is running: your account will live there.`);
  const command = document.createElement('code');
  command.textContent = 'dotnet run --project api';
  line.replaceChildren(`No ContentHelper server answers at ${serverUrl}. Start it with `, command,
    ', or enter its address under Your server.');
}

/**
 * Offers what the server allows: its identity provider's sign-in, an account made here, or neither (a token from
 * the owner); and, once signed in, the server's account page where tokens are listed and revoked.
 */
async function showSignInChoices(serverUrl) {
  signInOptions = null;
  if (serverUrl) {
    try {
      signInOptions = await api.getSignInOptions(normalizeServerUrl(serverUrl));
    } catch {
      // Unreachable or not a ContentHelper server: the server check says so.
    }
  }
  const provider = signInOptions?.identityProvider;
  $('provider').hidden = !provider;
  if (provider) setText($('provider-sign-in'), `Sign in with ${provider}`);
  const closed = signInOptions?.openRegistration === false;
  $('create-account').hidden = closed;
  $('registration-closed').hidden = !closed || Boolean(provider);
  $('account-page').hidden = !provider;
  if (provider) $('account-page-link').href = new URL('/account', normalizeServerUrl(serverUrl)).href;
}

async function onProviderSignIn() {
  hideState(stateBlock);
  setStatus('');
  let serverUrl;
  try {
    serverUrl = await serverFromForm(); // first: the browser asks for access to the server while the click is live
    if (!signInOptions?.signInUrl) throw new FormProblem('No sign-in page', `The server at ${serverUrl} does not sign in through an identity provider.`);
  } catch (problem) {
    return showProblem(problem);
  }
  const provider = signInOptions.identityProvider;
  await whileBusy($('provider-sign-in'), async () => {
    try {
      setStatus(`Sign in with ${provider} in the tab that opened…`);
      const token = await signInThroughProvider(serverUrl, signInOptions.signInUrl, browserName());
      serverInput.value = serverUrl;
      tokenInput.value = token;
      await saveSettings({ serverUrl, token });
      const me = await api.getMe({ serverUrl, token });
      setStatus(`Signed in as ${me.name} through ${provider}. This browser has a token of its own, listed on your account page.`, true);
      await showFirstRunStep(token);
      await showSignInChoices(serverUrl);
      await showMatching();
    } catch (error) {
      setStatus('');
      if (error instanceof SignInCancelled) showProblem(new FormProblem('Not signed in', error.message));
      else showError(stateBlock, error);
    }
  });
}

function renderPeopleRows() {
  $('people').replaceChildren(...Array.from({ length: FIRST_PEOPLE }, (_, i) => {
    const row = fromTemplate('person-template');
    setText(slot(row, 'legend'), `Person ${i + 1}`);
    for (const field of ['name', 'interests']) {
      const id = `person-${i + 1}-${field}`;
      slot(row, field).id = id;
      slot(row, `${field}-label`).htmlFor = id;
    }
    slot(row, 'name').placeholder = ['Ben Carter', 'Lena Fischer', 'Dana Okafor'][i];
    slot(row, 'interests').placeholder = ['carbon capture, energy storage', 'climate technology', 'school funding'][i];
    return row;
  }));
}

async function onAddPeople(event) {
  event.preventDefault();
  hideState(stateBlock);
  const people = [...$('people').children]
    .map((row) => ({
      name: slot(row, 'name').value.trim(),
      interests: slot(row, 'interests').value.split(',').map((i) => i.trim()).filter(Boolean),
    }))
    .filter((p) => p.name);
  if (people.length === 0) {
    slot($('people'), 'name').focus();
    return showProblem(new FormProblem('Add at least one person', 'A name and what they care about is all it takes.'));
  }
  await whileBusy($('add-people'), async () => {
    const added = [];
    try {
      for (const person of people) added.push(await api.createContact(person));
    } catch (error) {
      // Those already added stay added; saying who keeps a retry from adding them twice.
      renderPeopleRows();
      if (added.length) setStatus(`Added ${names(added)}.`, true);
      return showError(stateBlock, error);
    }
    $('first-people').hidden = true;
    $('next').hidden = false;
    $('next').classList.add('done'); // first on the page, where the first-run panels were
    $('next-text').hidden = true;
    setStatus('');
    setText($('next-title'), 'You are set');
    const done = $('next-done');
    setText(done, `Added ${names(added)}. Now open an article they would like and press the ContentHelper button in the toolbar (or Alt+Shift+S).`);
    done.hidden = false;
    done.focus?.();
  });
}

function names(contacts) {
  const all = contacts.map((c) => c.name);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all.at(-1)}` : all[0];
}

/**
 * Reads the server field and asks the browser for access to it when needed. Must run first in a click handler:
 * permissions.request only works while the user's click is still "live", before any other await.
 */
async function serverFromForm() {
  let serverUrl;
  try {
    serverUrl = normalizeServerUrl(serverInput.value);
  } catch {
    serverInput.setAttribute('aria-invalid', 'true');
    serverInput.focus();
    throw new FormProblem('Check the server address', 'Use a full address such as http://localhost:5080 or https://ch.example.org.');
  }
  serverInput.removeAttribute('aria-invalid');
  if (needsRuntimePermission(serverUrl)) {
    const granted = await ext.permissions.request({ origins: [hostPattern(serverUrl)] });
    if (!granted) throw new FormProblem('Access was not allowed', `ContentHelper can only talk to ${serverUrl} once you allow it.`);
  }
  return serverUrl;
}

class FormProblem extends Error {
  constructor(title, detail) {
    super(title);
    this.detail = detail;
  }
}

async function onSave(event) {
  event.preventDefault();
  hideState(stateBlock);
  setStatus('');
  const button = $('save');
  let serverUrl;
  try {
    serverUrl = await serverFromForm();
  } catch (problem) {
    return showProblem(problem);
  }
  await whileBusy(button, async () => {
    const token = tokenInput.value.trim();
    serverInput.value = serverUrl;
    await saveSettings({ serverUrl, token });
    if (!token) {
      await showFirstRunStep('');
      return setStatus('Saved. Now create your account above or paste a token.', true);
    }
    if (await checkConnection({ serverUrl, token }, 'Saved')) await showFirstRunStep(token);
  });
}

async function onCreateAccount(event) {
  event.preventDefault();
  hideState(stateBlock);
  setStatus('');
  const name = $('account-name').value.trim();
  let serverUrl;
  try {
    if (!name) {
      $('account-name').focus();
      throw new FormProblem('Enter your name', 'The account needs a name; your contacts never see it.');
    }
    serverUrl = await serverFromForm();
  } catch (problem) {
    return showProblem(problem);
  }
  await whileBusy($('create'), async () => {
    try {
      const { token } = await api.createAccount(serverUrl, name);
      serverInput.value = serverUrl;
      tokenInput.value = token;
      await saveSettings({ serverUrl, token });
      setStatus(`Account created for ${name} and saved in this browser. Keep the token (Show) to sign in elsewhere.`, true);
      await showFirstRunStep(token);
    } catch (error) {
      if (error.kind === 'forbidden') {
        showState(stateBlock, { state: 'registration-closed', title: error.message, detail: error.detail || 'Ask the server’s owner for a token.' });
      } else {
        showError(stateBlock, error);
      }
    }
  });
}

async function onTest() {
  hideState(stateBlock);
  setStatus('Testing…');
  let serverUrl;
  try {
    serverUrl = normalizeServerUrl(serverInput.value);
  } catch {
    setStatus('');
    return showProblem(new FormProblem('Check the server address', 'Use a full address such as http://localhost:5080.'));
  }
  if (!(await hasHostPermission(serverUrl))) {
    setStatus('');
    return showPermissionMissing(serverUrl);
  }
  const token = tokenInput.value.trim();
  if (!token) {
    setStatus('');
    return showProblem(new FormProblem('No token yet', 'Create an account below or paste a token, then test again.'));
  }
  await checkConnection({ serverUrl, token }, 'Connection works');
}

async function checkConnection(server, prefix) {
  try {
    const me = await api.getMe(server);
    setStatus(`${prefix}: signed in as ${me.name} on ${server.serverUrl}.`, true);
    return true;
  } catch (error) {
    setStatus('');
    showError(stateBlock, error);
    return false;
  }
}

async function onSignOut() {
  hideState(stateBlock);
  const { token } = await getSettings();
  if (!token) return setStatus('You are signed out.');
  let revoked = true;
  try {
    await api.revokeCurrentToken();
  } catch (error) {
    // A token the server no longer knows is as good as revoked; any other failure leaves it usable.
    revoked = error.kind === 'unauthorized';
  }
  await saveSettings({ token: '' });
  tokenInput.value = '';
  await showFirstRunStep('');
  setStatus(revoked
    ? 'Signed out. The token was revoked on the server.'
    : 'Signed out in this browser, but the server could not be reached to revoke the token.', revoked);
}

function onToggleToken() {
  const show = tokenInput.type === 'password';
  tokenInput.type = show ? 'text' : 'password';
  $('toggle-token').textContent = show ? 'Hide' : 'Show';
  $('toggle-token').setAttribute('aria-pressed', String(show));
}

function showPermissionMissing(serverUrl) {
  showState(stateBlock, {
    state: 'no-permission',
    title: 'ContentHelper has no access to your server',
    detail: `Allow access to ${serverUrl} so the extension can reach it.`,
    actions: [{
      label: 'Allow access',
      primary: true,
      onClick: async () => {
        if (await ext.permissions.request({ origins: [hostPattern(serverUrl)] })) {
          hideState(stateBlock);
          setStatus('Access allowed.', true);
        }
      },
    }],
  });
}

function showProblem(problem) {
  if (problem instanceof FormProblem) {
    showState(stateBlock, { state: 'invalid', title: problem.message, detail: problem.detail });
  } else {
    showError(stateBlock, problem);
  }
}

function setStatus(text, ok = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('ok', ok);
}

// Reminders: the background page reads these from storage and sets its alarms and the badge accordingly.

async function showReminders() {
  const { remindersOn, reminderDays } = await getReminderSettings();
  $('reminders-on').checked = remindersOn;
  $('reminder-days').value = String(reminderDays);
  $('reminder-days').disabled = !remindersOn;
}

async function onSaveReminders(event) {
  event.preventDefault();
  const input = $('reminder-days');
  const error = $('reminder-days-error');
  const days = Number(input.value);
  const on = $('reminders-on').checked;
  if (on && !(Number.isInteger(days) && days >= 1 && days <= 30)) {
    input.setAttribute('aria-invalid', 'true');
    error.textContent = 'Enter a whole number of days from 1 to 30.';
    error.hidden = false;
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  error.hidden = true;
  await ext.storage.local.set(on ? { remindersOn: true, reminderDays: days } : { remindersOn: false });
  setText($('reminders-status'), on
    ? `Saved: a reminder every ${days === 1 ? 'day' : `${days} days`}, and the due count on the toolbar button.`
    : 'Saved: no reminders and no badge.');
}

// Matching: the account's switch for implicit interests, kept on the server.

async function showMatching() {
  try {
    const me = await api.getMe();
    $('implicit-on').checked = me.useImplicitInterests !== false;
    $('matching').hidden = false;
  } catch {
    // Not reachable or signed out: the settings above and Test connection explain that.
  }
}

async function onImplicitChange(event) {
  const box = event.currentTarget;
  setText($('matching-status'), '');
  box.disabled = true;
  try {
    const me = await api.getMe();
    await api.updateMe({ name: me.name, interests: me.interests, useImplicitInterests: box.checked });
    setText($('matching-status'), box.checked ? 'Saved: headlines, companies, tags and notes count too.' : 'Saved: only typed interests count.');
  } catch (error) {
    box.checked = !box.checked;
    showError(stateBlock, error, { retry: () => box.click() });
  } finally {
    box.disabled = false;
  }
}


// Drafts: the account's tone and the learned writing style, kept on the server.

async function showDrafts() {
  try {
    const [me, voice] = await Promise.all([api.getMe(), api.getVoice()]);
    $('default-tone').value = me.tone ?? 'warm';
    $('learn-voice').checked = me.learnVoice !== false;
    describeVoice(voice);
    $('drafts').hidden = false;
  } catch {
    // Not reachable or signed out: the settings above and Test connection explain that.
  }
}

/** "Learned from your last 6 notes: “Hey …!”, signed “Cheers, Ana”, about 2 sentences." — or why nothing is yet. */
function describeVoice(voice) {
  const parts = [];
  if (voice.greeting !== null && voice.greeting !== undefined) parts.push(voice.greeting ? `greeting “${voice.greeting.replace('{0}', '…')}”` : 'no greeting');
  if (voice.signOff) parts.push(`signed “${voice.signOff.replace(/\n/g, ' ')}”`);
  if (voice.sentences) parts.push(`about ${voice.sentences} sentence${voice.sentences === 1 ? '' : 's'}`);
  if (voice.closing) parts.push(`ending “${voice.closing}”`);
  setText($('voice-hint'), !voice.enabled ? 'Drafts use their own wording.'
    : parts.length ? `Learned from your last ${voice.learnedFrom} notes: ${parts.join(', ')}.`
    : 'Nothing learned yet: after a few notes sent in your own words, drafts take your greeting, sign-off and length.');
}

async function saveDraftSettings(changes, saved) {
  setText($('drafts-status'), '');
  try {
    const me = await api.getMe();
    await api.updateMe({ name: me.name, interests: me.interests, ...changes });
    describeVoice(await api.getVoice());
    setText($('drafts-status'), saved);
  } catch (error) {
    showError(stateBlock, error, { retry: () => saveDraftSettings(changes, saved) });
  }
}

async function onForgetVoice() {
  setText($('drafts-status'), '');
  try {
    await api.forgetVoice();
    describeVoice(await api.getVoice());
    setText($('drafts-status'), 'Forgotten: drafts learn again from the notes you send from now on. Your history is kept.');
  } catch (error) {
    showError(stateBlock, error, { retry: onForgetVoice });
  }
}
