// The popup: read the current tab once, ask the server who should see it, and let the user share in two clicks.
// Everything the user did in the popup (edited drafts, a share waiting for "Did you share it?", recorded shares
// and their idempotency keys) is kept in storage.session per page, because opening a share link closes the
// popup: the next time it opens on that page it picks up exactly where it was.
import * as api from '../api.js';
import { ext } from '../lib/ext.js';
import { getSettings, hasHostPermission, getDraftTone, saveDraftTone } from '../lib/settings.js';
import {
  fromTemplate, slot, setText, showState, hideState, showInlineError, daysAgo, whileBusy, copyText, openExtensionPage,
} from '../lib/ui.js';
import { reasonItems, primaryLink, linkLabel } from '../lib/suggestion-parts.js';
import { whyDue, setDueBadge } from '../lib/due.js';
import { newShare, isRecorded, shareFlow } from '../lib/share-flow.js';
import { KEEP_IN_TOUCH_PAGE, reminderText } from '../lib/reminders.js';

// Opened in a window of its own (lib/ext.js openPopupWindow), the popup is told the tab to read; the toolbar popup
// reads the active tab of the window it belongs to.
const TAB_ID = Number(new URLSearchParams(location.search).get('tabId')) || null;

const CACHE_MINUTES = 30;
const MAX_HTML_CHARS = 4_000_000; // the server takes 8 MB bodies; a page this large is all markup anyway
const TOPICS_SHOWN = 6;
const DUE_SHOWN = 3;
// A first answer slower than this is said to be on its way; a server that asks to be given time gets at most this.
const SLOW_ANSWER_MS = 2500;
const MAX_RETRY_WAIT_S = 10;

// Pages no extension may script: the browser's own pages, other extensions, and the extension stores.
const UNREADABLE_SCHEME = /^(about|chrome|chrome-extension|chrome-search|chrome-untrusted|devtools|edge|brave|opera|vivaldi|moz-extension|resource|view-source|data|blob|javascript):/i;
const STORE_PAGES = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
];

const $ = (id) => document.getElementById(id);
const stateBlock = $('state');

/** What the popup knows about the page it works on; saved to storage.session after every change. */
let view = null;
let tab = null;

document.addEventListener('DOMContentLoaded', () => {
  $('open-keep-in-touch').addEventListener('click', () => openExtensionPage(KEEP_IN_TOUCH_PAGE));
  $('open-due-page').addEventListener('click', () => openExtensionPage(KEEP_IN_TOUCH_PAGE));
  $('save-later').addEventListener('click', (event) => whileBusy(event.currentTarget, saveForLater));
  $('open-contacts').addEventListener('click', () => openExtensionPage('contacts/contacts.html'));
  $('open-history').addEventListener('click', () => openExtensionPage('history/history.html'));
  $('open-options').addEventListener('click', () => ext.runtime.openOptionsPage());
  $('refresh').addEventListener('click', () => start({ fresh: true }));
  $('tone').addEventListener('change', onToneChange);
  getDraftTone().then((tone) => { $('tone').value = tone; }).finally(() => start({ fresh: false }));
});

async function start({ fresh }) {
  resetView();
  try {
    await run({ fresh });
  } catch (error) {
    showFailure(error);
  } finally {
    $('loading').hidden = true;
    document.body.dataset.ready = 'true';
  }
}

async function run({ fresh }) {
  const { serverUrl, token } = await getSettings();
  if (!serverUrl || !token) return showNotConfigured(!serverUrl);
  if (!(await hasHostPermission(serverUrl))) {
    return showState(stateBlock, {
      state: 'no-permission',
      title: 'ContentHelper needs access to your server',
      detail: `Access to ${serverUrl} was removed. Grant it again in the options.`,
      actions: [{ label: 'Open options', primary: true, onClick: () => ext.runtime.openOptionsPage() }],
    });
  }

  tab = await findTab();
  const pageUrl = tab?.url ?? '';
  const blocked = unreadableReason(pageUrl);
  if (blocked) return showUnreadable(blocked);
  if (!tab) return showUnreadable('There is no open tab to read.');

  const cacheKey = `popup:${pageUrl || tab.id}`;
  const cached = await loadView(cacheKey);
  if (cached && !fresh) {
    view = cached;
    return render();
  }

  const page = await readPage(tab);
  if (page.unreadable) return showUnreadable(page.unreadable);

  setText($('loading-text'), 'Finding who should see it…');
  const response = await askForSuggestions({ url: page.url, html: page.html, selection: page.selection, tone: $('tone').value });
  const answeredAt = performance.now();
  // Asking again keeps what the user did (drafts, recorded shares, idempotency keys) for the same contacts.
  view = { cacheKey, pageUrl: page.url, savedAt: Date.now(), response, items: cached?.items ?? {}, group: cached?.group ?? null };
  render();
  // The answer is on screen within 300 ms: a User Timing measure, shown in the browser's performance tools.
  performance.measure('popup: render', { start: answeredAt });
  await saveView();
}

/**
 * The one call, with one retry of its own. A server just started, or busy, answers 503 with Retry-After rather than
 * keep the popup waiting: the popup says so, counts down and asks once more, so that the first click after a start
 * never ends in an error for being early. A slow answer is said to be on its way meanwhile.
 */
async function askForSuggestions(request) {
  const loading = $('loading-text');
  const ask = async () => {
    const slow = setTimeout(() => setText(loading, 'Still working: your server is busy or has just started…'), SLOW_ANSWER_MS);
    try {
      return await api.getSuggestions(request);
    } finally {
      clearTimeout(slow);
    }
  };
  try {
    return await ask();
  } catch (error) {
    if (error?.status !== 503 || !error.retryAfter) throw error;
    for (let left = Math.min(error.retryAfter, MAX_RETRY_WAIT_S); left > 0; left--) {
      setText(loading, `Your server is busy. Asking again in ${left} s…`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    setText(loading, 'Asking again…');
    return await ask();
  }
}

/** Another tone: drafts again, keeping only the people a share is already recorded for. */
async function onToneChange(event) {
  await saveDraftTone(event.currentTarget.value);
  if (view) {
    view.items = Object.fromEntries(Object.entries(view.items).filter(([, item]) => isRecorded(item)));
    await saveView();
  }
  await start({ fresh: true });
}

function resetView() {
  setText($('saved-status'), '');
  $('due').hidden = true;
  hideState(stateBlock);
  $('loading').hidden = false;
  setText($('loading-text'), 'Reading the page…');
  $('article').hidden = true;
  $('group').hidden = true;
  $('foot').hidden = true;
  $('notice').hidden = true;
  $('matching-note').hidden = true;
  $('language-note').hidden = true;
  $('suggestions').replaceChildren();
  delete document.body.dataset.ready;
}

// Finding and reading the page

async function findTab() {
  if (TAB_ID) return ext.tabs.get(TAB_ID).catch(() => null); // closed since
  const [active] = await ext.tabs.query({ active: true, currentWindow: true });
  return active ?? null;
}

function unreadableReason(url) {
  if (!url) return '';
  if (UNREADABLE_SCHEME.test(url)) return 'Browser and extension pages cannot be read by extensions.';
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return '';
  }
  if (STORE_PAGES.some(({ host, path = '/' }) => parsed.hostname === host && parsed.pathname.startsWith(path))) {
    return 'Browsers do not let extensions read the extension store.';
  }
  return '';
}

/** Runs inside the page. Self-contained: executeScript sends only this function's source. */
function capturePage(maxChars) {
  const type = document.contentType || 'text/html';
  if (type === 'application/pdf') return { url: location.href, unreadable: 'pdf' };
  if (!/html|xml/.test(type)) return { url: location.href, unreadable: 'type' };
  const copy = document.documentElement.cloneNode(true);
  // Scripts, styles and inline graphics are most of a modern page's weight and none of its meaning.
  // JSON-LD stays: it is the page's best metadata.
  for (const element of copy.querySelectorAll('script:not([type="application/ld+json"]), style, noscript, template, iframe, svg, canvas')) {
    element.remove();
  }
  return {
    url: location.href,
    html: copy.outerHTML.slice(0, maxChars),
    selection: String(window.getSelection() ?? '').trim().slice(0, 2000),
  };
}

async function readPage(target) {
  let results;
  try {
    results = await ext.scripting.executeScript({ target: { tabId: target.id }, func: capturePage, args: [MAX_HTML_CHARS] });
  } catch {
    // PDF viewer, store, or a page that forbids extensions: the browser refuses and says little more.
    return { unreadable: 'The browser does not let extensions read this page.' };
  }
  const page = results?.[0]?.result;
  if (!page) return { unreadable: 'The browser does not let extensions read this page.' };
  if (page.unreadable === 'pdf') return { unreadable: 'PDF files open in the browser’s viewer, which extensions cannot read. Open the article’s web page instead.' };
  if (page.unreadable) return { unreadable: 'This tab shows a file, not a web page.' };
  return page;
}

// States

/** A newcomer's first click on the toolbar button lands here: say what this is and lead to the setup. */
function showNotConfigured(noServer) {
  showState(stateBlock, {
    state: 'not-configured',
    title: noServer ? 'Welcome to ContentHelper' : 'Sign in to your ContentHelper server',
    detail: noServer
      ? 'It tells you who in your network would like the page you are reading, and drafts the note. Setting up takes a minute: create your account, add a few people, come back here.'
      : 'Create your account or paste a token in the options.',
    actions: [{ label: noServer ? 'Set up ContentHelper' : 'Open options', primary: true, onClick: () => ext.runtime.openOptionsPage() }],
  });
}

function showUnreadable(detail) {
  showState(stateBlock, { state: 'unreadable', title: 'This page cannot be read', detail });
}

function showFailure(error) {
  const retry = { label: 'Try again', onClick: () => start({ fresh: true }) };
  const options = { label: 'Open options', primary: true, onClick: () => ext.runtime.openOptionsPage() };
  switch (error?.kind) {
    case 'not-configured':
      return showNotConfigured(false);
    case 'unauthorized':
      return showState(stateBlock, {
        state: 'bad-token',
        title: 'Your token was not accepted',
        detail: 'It may have been revoked, or it belongs to another server. Sign in again in the options.',
        actions: [options],
      });
    case 'unreachable':
      return showState(stateBlock, {
        state: 'unreachable',
        title: 'Cannot reach your server',
        detail: `${error.message} Is it running?`,
        actions: [{ ...retry, primary: true }, { ...options, primary: false }],
      });
    case 'unsupported':
      return showState(stateBlock, {
        state: 'unsupported',
        title: 'Your server does not suggest contacts yet',
        detail: 'Update the ContentHelper server to a version with suggestions.',
      });
    case 'too-large':
      return showState(stateBlock, { state: 'unreadable', title: 'This page is too large to send', detail: 'Try selecting the article text first.' });
    case 'server':
      // Busy twice over (the popup already asked again once): no fault of the server's, and worth another try soon.
      if (error.status === 503) {
        return showState(stateBlock, {
          state: 'busy',
          title: 'Your server is busy',
          // The server's own detail ("Nothing was ready within 5 s") is about its budget, not what to do.
          detail: 'It has just started or has a lot to do. Try again in a moment, or select the passage that matters and ask for that.',
          actions: [{ ...retry, primary: true }],
        });
      }
      return showState(stateBlock, {
        state: 'server-error',
        title: 'Something went wrong on the server',
        detail: error?.detail || error?.message || String(error),
        actions: [{ ...retry, primary: true }],
      });
    default:
      return showState(stateBlock, {
        state: 'server-error',
        title: 'Something went wrong on the server',
        detail: error?.detail || error?.message || String(error),
        actions: [{ ...retry, primary: true }],
      });
  }
}

// Rendering the answer

function languageName(code) {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? 'another language';
  } catch {
    return 'another language';
  }
}

function render() {
  const { response } = view;
  const article = response.article ?? {};
  renderArticle(article);

  const visible = (response.suggestions ?? []).filter((s) => !itemFor(s).dismissed);
  // Right after the server starts, matching goes by words only for a few seconds; say so rather than look weak.
  $('matching-note').hidden = response.matching !== 'warmingUp' || article.isArticle === false;
  // Matching by meaning reads English best (and other scripts than the Latin alphabet not at all): say so plainly rather than look weak.
  // The server says which it did for this page.
  const byMeaning = response.matching === 'otherLanguageByMeaning';
  const otherLanguage = (byMeaning || response.matching === 'otherLanguage') && article.isArticle !== false;
  $('language-note').hidden = !otherLanguage;
  if (otherLanguage) {
    setText($('language-note'), byMeaning
      ? `This page is in ${languageName(article.language)}: ContentHelper’s matching by meaning reads English best, so it may miss people who would care about it.`
      : `This page is in ${languageName(article.language)}: ContentHelper matches it by the exact words of your contacts’ interests only, since its matching by meaning reads English.`);
  }
  if (article.isArticle === false && visible.length === 0) {
    showState(stateBlock, {
      state: 'not-article',
      title: 'This does not look like an article',
      detail: article.notArticleReason || 'ContentHelper suggests contacts for articles and posts.',
    });
  } else if (visible.length === 0) {
    showState(stateBlock, {
      state: 'no-match',
      title: 'No good match in your contacts',
      detail: response.noMatchReason || 'Nobody’s interests fit this article closely enough.',
      actions: [{ label: 'Open contacts', primary: true, onClick: () => openExtensionPage('contacts/contacts.html') }],
    });
  }

  $('suggestions').replaceChildren(...visible.map(renderSuggestion));
  renderGroup(response.groupTag);
  $('foot').hidden = false;
  // A page that fits nobody is a good moment for the people who are due a note anyway.
  if (visible.length === 0) offerDue();

  const waiting = visible.find((s) => itemFor(s).pending);
  if (waiting) notify(`Did you share it with ${waiting.contact.name}? Answer below.`);
  updateBadge();
}

function renderArticle(article) {
  const section = $('article');
  setText(slot(section, 'title'), article.title || tab?.title || view.pageUrl);
  let host = '';
  try {
    host = new URL(article.url || view.pageUrl).hostname;
  } catch {
    // keep it empty
  }
  setText(slot(section, 'site'), article.siteName || host);
  slot(section, 'topics').replaceChildren(...(article.topics ?? []).slice(0, TOPICS_SHOWN).map((topic) => {
    const chip = document.createElement('li');
    chip.className = 'chip';
    chip.textContent = topic.phrase;
    return chip;
  }));
  section.hidden = false;
}

function itemFor(suggestion) {
  view.items[suggestion.contact.id] ??= { ...newShare(suggestion.message?.text ?? ''), dismissed: false };
  return view.items[suggestion.contact.id];
}

/** What a share from this page records: the article as the server understood it, else the tab. */
function sharedArticle() {
  const article = view.response.article ?? {};
  return { url: article.url || view.pageUrl, title: article.title || tab?.title || null };
}

async function saveAndBadge() {
  await saveView();
  updateBadge();
}

function renderSuggestion(suggestion) {
  const card = fromTemplate('suggestion-template');
  const { contact } = suggestion;
  const item = itemFor(suggestion);
  card.dataset.contactId = contact.id;

  setText(slot(card, 'name'), contact.name);
  setText(slot(card, 'headline'), [contact.headline, contact.company].filter(Boolean).join(' · '));
  // How sure the match is, so a related-but-weak one is not mistaken for a plain fit.
  const strength = slot(card, 'strength');
  const strong = suggestion.strength === 'strong';
  setText(strength, strong ? 'Strong match' : 'Possible match');
  strength.classList.add(strong ? 'ok' : 'neutral');
  strength.title = strong ? 'Their interest is plainly what this article is about' : 'Related to their interest; worth a look before sending';
  setText(slot(card, 'action'), api.ACTION_LABELS[suggestion.action] ?? suggestion.action);
  slot(card, 'action').title = suggestion.action === 'tag' ? 'Mention them in a public post' : 'A private message';
  renderWhen(card, contact);

  slot(card, 'reasons').replaceChildren(...reasonItems(suggestion.reasons));

  if (contact.notes) {
    slot(card, 'notes').hidden = false;
    setText(slot(card, 'notes-text'), contact.notes);
  }

  const message = slot(card, 'message');
  const messageId = `message-${contact.id}`;
  message.id = messageId;
  message.value = item.text;
  slot(card, 'message-label').htmlFor = messageId;
  setText(slot(card, 'message-label'), `Message to ${contact.name}`);
  message.addEventListener('input', () => {
    item.text = message.value;
    fitHeight(message);
    saveViewSoon();
  });
  requestAnimationFrame(() => fitHeight(message));

  const flow = shareFlow(card, item, {
    share: { contactIds: [contact.id], ...sharedArticle(), action: suggestion.action, channel: suggestion.channel },
    original: suggestion.message?.text ?? '',
    name: contact.name,
    show: () => showCardState(card, suggestion, item),
    saved: saveAndBadge,
    recorded: async () => {
      notify(`Recorded: ${contact.name}.`);
      await refreshContact(card, suggestion, { shared: true });
    },
    undone: async () => {
      notify(`Removed from your history: ${contact.name}.`);
      await refreshContact(card, suggestion, { shared: false });
    },
  });
  wireShareButtons(card, suggestion, item, flow);
  showCardState(card, suggestion, item);
  return card;
}

/**
 * "Overdue · Last in touch 3 months ago": how the relationship stands now, not when the suggestion was made. Someone
 * never written to is due a first note, not overdue (an old connection is not years late).
 */
function renderWhen(card, contact) {
  const never = contact.daysSinceContact === null || contact.daysSinceContact === undefined;
  slot(card, 'overdue').hidden = !contact.overdue;
  setText(slot(card, 'overdue'), never ? 'First note due' : 'Overdue');
  setText(slot(card, 'since'), never ? 'No contact recorded yet' : `Last in touch ${daysAgo(contact.daysSinceContact)}`);
}

/**
 * A recorded (or undone) share moves the contact's last-contact date on the server; the card and the saved view
 * take the contact's state from there. Offline, a recorded share still means "in touch today".
 */
async function refreshContact(card, suggestion, { shared }) {
  const { contact } = suggestion;
  try {
    const fresh = await api.getContact(contact.id);
    Object.assign(contact, { lastContactedAt: fresh.lastContactedAt, daysSinceContact: fresh.daysSinceContact, overdue: fresh.overdue });
  } catch {
    if (shared) Object.assign(contact, { daysSinceContact: 0, overdue: false });
  }
  renderWhen(card, contact);
}

function wireShareButtons(card, suggestion, item, flow) {
  const primary = primaryLink(suggestion);
  const others = (suggestion.links ?? []).filter((l) => l !== primary);
  const share = slot(card, 'share');
  const more = slot(card, 'more');
  const menu = slot(card, 'menu');
  const name = suggestion.contact.name;

  if (primary) {
    setText(share, linkLabel(primary));
    share.addEventListener('click', () => flow.open(primary));
  } else {
    slot(card, 'share').closest('.split').hidden = true;
  }

  more.hidden = others.length === 0;
  more.setAttribute('aria-label', `Other channels for ${name}`);
  menu.id = `menu-${suggestion.contact.id}`;
  more.setAttribute('aria-controls', menu.id);
  menu.replaceChildren(...others.map((link) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button quiet small';
    button.textContent = linkLabel(link);
    button.addEventListener('click', () => {
      toggleMenu(more, menu, false);
      flow.open(link);
    });
    li.append(button);
    return li;
  }));
  more.addEventListener('click', () => toggleMenu(more, menu, menu.hidden));
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      toggleMenu(more, menu, false);
      more.focus();
    }
  });

  slot(card, 'copy').setAttribute('aria-label', `Copy the message to ${name}`);
  slot(card, 'copy').addEventListener('click', async () => {
    const copied = await copyText(item.text);
    await flow.ask({ channel: suggestion.channel, action: suggestion.action },
      copied ? 'Copied. Did you share it?' : 'Could not copy; select the text above. Did you share it?');
  });

  slot(card, 'mark').setAttribute('aria-label', `Mark as shared with ${name}`);
  // "Mark shared" records the suggested channel, whatever link was opened before.
  slot(card, 'mark').addEventListener('click', (event) => whileBusy(event.currentTarget, () => flow.record(null)));

  slot(card, 'dismiss').setAttribute('aria-label', `Not now for ${name}`);
  slot(card, 'dismiss').addEventListener('click', (event) => whileBusy(event.currentTarget, () => dismiss(card, suggestion, item)));
  slot(card, 'not-for-them').setAttribute('aria-label', `Not for ${name}: articles like this one are not their kind`);
  slot(card, 'not-for-them').addEventListener('click', (event) => whileBusy(event.currentTarget, () => dismiss(card, suggestion, item, true)));
}

function toggleMenu(button, menu, open) {
  menu.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (open) menu.querySelector('button')?.focus();
}

/** One card's moment: idle, waiting for "Did you share it?", or recorded (with undo). */
function showCardState(card, suggestion, item) {
  const recorded = isRecorded(item);
  slot(card, 'confirm').hidden = recorded || !item.pending;
  slot(card, 'done').hidden = !recorded;
  card.classList.toggle('is-recorded', recorded);
  card.querySelector('.actions').hidden = recorded;
  slot(card, 'message').readOnly = recorded;
  if (item.pending && !recorded) {
    const channel = api.CHANNEL_LABELS[item.pending.channel] ?? item.pending.channel;
    setText(slot(card, 'confirm-text'), item.pending.question ?? `Did you share it with ${suggestion.contact.name} on ${channel}?`);
  }
  if (recorded) {
    const channel = api.CHANNEL_LABELS[item.recordedChannel] ?? item.recordedChannel;
    setText(slot(card, 'done-text'), `Recorded in your history · ${channel}`);
  }
}

// "Not now" hides this page from them; "not for them" also teaches the server that articles like it are not their kind.
async function dismiss(card, suggestion, item, notForThem = false) {
  try {
    await api.dismissSuggestion({ contactId: suggestion.contact.id, url: view.response.article?.url || view.pageUrl, notForThem });
  } catch (failure) {
    // An older server without the dismiss route: hiding the card here is all "not now" can do.
    if (failure.kind !== 'unsupported') return showInlineError(slot(card, 'error'), failure, 'Could not hide this suggestion.');
  }
  item.dismissed = true;
  card.remove();
  notify(notForThem
    ? `${suggestion.contact.name} will not be suggested this page, nor pages like it.`
    : `${suggestion.contact.name} will not be suggested for this page.`);
  await saveView();
  if (!$('suggestions').children.length) render();
}

// The "post and tag" group suggestion

function renderGroup(groupTag) {
  const section = $('group');
  if (!groupTag || !(groupTag.links ?? []).length) {
    section.hidden = true;
    return;
  }
  view.group ??= newShare(groupTag.text ?? '');
  const state = view.group;
  const names = groupTag.contactIds
    .map((id) => (view.response.suggestions ?? []).find((s) => s.contact.id === id)?.contact.name)
    .filter(Boolean);
  setText(slot(section, 'names'), names.length ? `Mention ${names.join(', ')} in one public post.` : `Mention ${groupTag.contactIds.length} contacts in one public post.`);
  const text = slot(section, 'text');
  text.value = state.text;
  text.oninput = () => {
    state.text = text.value;
    fitHeight(text);
    saveViewSoon();
  };
  requestAnimationFrame(() => fitHeight(text));

  const flow = shareFlow(section, state, {
    share: { contactIds: groupTag.contactIds, ...sharedArticle(), action: 'tag', channel: groupTag.links[0].channel },
    original: groupTag.text ?? '',
    show: () => showGroupState(section, state),
    saved: saveAndBadge,
    recordError: 'Could not record the post.',
    recorded: () => refreshCards(groupTag.contactIds, { shared: true }),
    undone: () => refreshCards(groupTag.contactIds, { shared: false }),
  });
  slot(section, 'links').replaceChildren(...groupTag.links.map((link, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = index === 0 ? 'button primary small' : 'button small';
    button.textContent = linkLabel(link);
    button.addEventListener('click', () => flow.open(link));
    return button;
  }));
  showGroupState(section, state);
  section.hidden = false;
}

function showGroupState(section, state) {
  const recorded = isRecorded(state);
  slot(section, 'confirm').hidden = recorded || !state.pending;
  slot(section, 'done').hidden = !recorded;
  slot(section, 'links').hidden = recorded;
  if (recorded) setText(slot(section, 'done-text'), `Recorded for ${state.shares.length} contacts.`);
}

/** The cards of contacts a group post was recorded (or undone) for. */
async function refreshCards(contactIds, { shared }) {
  for (const id of contactIds) {
    const suggestion = (view.response.suggestions ?? []).find((s) => s.contact.id === id);
    const card = $('suggestions').querySelector(`[data-contact-id="${CSS.escape(id)}"]`);
    if (suggestion && card) await refreshContact(card, suggestion, { shared });
  }
}

// Who is due a note, when the page fits nobody

/** Quiet on failure: the popup's own answer is what matters here, the keep-in-touch page has the error states. */
async function offerDue() {
  try {
    const answer = await api.getKeepInTouch({ limit: DUE_SHOWN });
    if (!answer.contacts.length) return;
    // The server's counts, not the few listed here: the badge, the reminder and the page say the same.
    setText($('due-summary'), reminderText(answer) ?? `${answer.soon === 1 ? '1 person is' : `${answer.soon} people are`} due a note soon.`);
    $('due-list').replaceChildren(...answer.contacts.map(renderDue));
    $('due').hidden = false;
  } catch {
    $('due').hidden = true;
  } finally {
    document.body.dataset.dueReady = 'true';
  }
}

function renderDue(person) {
  const item = fromTemplate('due-template');
  item.dataset.contactId = person.contact.id;
  setText(slot(item, 'name'), person.contact.name);
  setDueBadge(slot(item, 'status'), person);
  setText(slot(item, 'why'), whyDue(person));
  const article = person.idea?.article;
  setText(slot(item, 'idea'), article ? `Send them: ${article.title || article.url}` : person.noIdeaReason);
  return item;
}

/** Keeps this page in the reading list without sharing it: the keep-in-touch page offers it to whom it fits. */
async function saveForLater() {
  const status = $('saved-status');
  setText(status, '');
  try {
    const page = tab ? await readPage(tab) : { unreadable: 'There is no open tab to read.' };
    if (page.unreadable) return setText(status, page.unreadable);
    await api.saveForLater({ url: page.url, html: page.html });
    setText(status, 'Saved to your reading list.');
  } catch (error) {
    showInlineError(status, error, 'Could not save it.');
  }
}

// Small things

/** Grows a draft's box to its text, up to the CSS max-height, so most drafts read without scrolling. */
function fitHeight(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

function notify(text) {
  const notice = $('notice');
  notice.textContent = text;
  notice.hidden = false;
}

/** A "?" on the toolbar button while a share waits for "Did you share it?" on this tab. */
function updateBadge() {
  if (!tab?.id || !ext.action?.setBadgeText) return;
  const waiting = Object.values(view?.items ?? {}).some((i) => i.pending && !isRecorded(i)) || Boolean(view?.group?.pending);
  ext.action.setBadgeText({ tabId: tab.id, text: waiting ? '?' : '' }).catch(() => {});
}

async function loadView(cacheKey) {
  const stored = (await ext.storage.session?.get(cacheKey))?.[cacheKey];
  if (!stored || Date.now() - stored.savedAt > CACHE_MINUTES * 60_000) return null;
  return stored;
}

async function saveView() {
  if (!view || !ext.storage.session) return;
  await ext.storage.session.set({ [view.cacheKey]: view });
}

let saveTimer = 0;
function saveViewSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveView, 300);
}
