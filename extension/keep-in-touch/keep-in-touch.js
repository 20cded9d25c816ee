// Keep in touch: this week's plan — the people due a note, most valuable first — one line each: who, why now, and
// the best thing from the reading list to send, shared in one click with its draft and recorded as the popup records
// it. Why it fits them and the draft open on demand. Snooze leaves someone off the list for a week. The counts are the
// server's, the same as the badge's, the reminder's and the popup's.
import * as api from '../api.js';
import { checkKeepInTouch, reminderText } from '../lib/reminders.js';
import { reasonItems, primaryLink, linkLabel } from '../lib/suggestion-parts.js';
import { whyDue, dueState, upcomingText } from '../lib/due.js';
import { newShare, isRecorded, shareFlow } from '../lib/share-flow.js';
import {
  fromTemplate, slot, setText, hideState, showError, showInlineError, whileBusy, formatDate,
} from '../lib/ui.js';

// The whole of a week's plan: the server holds it to this many, the most valuable of those due.
const LISTED = 50;
const $ = (id) => document.getElementById(id);
const stateBlock = $('state');

document.addEventListener('DOMContentLoaded', () => {
  $('refresh').addEventListener('click', (event) => whileBusy(event.currentTarget, load));
  load();
});

async function load() {
  hideState(stateBlock);
  document.body.removeAttribute('data-ready');
  try {
    render(await api.getKeepInTouch({ limit: LISTED }));
  } catch (error) {
    $('people').replaceChildren();
    $('empty').hidden = true;
    $('foot').hidden = true;
    $('plan').hidden = true;
    showError(stateBlock, error, { retry: load });
  } finally {
    document.body.dataset.ready = 'true';
  }
}

function render(answer) {
  const upcoming = upcomingText(answer.upcoming);
  $('plan').hidden = answer.contacts.length === 0;
  setText($('summary'), summaryText(answer));
  setText($('upcoming'), upcoming);
  $('upcoming').hidden = !upcoming;
  setText($('empty-upcoming'), upcoming);
  $('people').replaceChildren(...answer.contacts.map(renderPerson));
  $('empty').hidden = answer.contacts.length > 0;
  $('foot').hidden = false;
  refreshBadge();
}

/** "10 people are due a note — 7 have something from your reading. 2 more within the week." */
function summaryText(answer) {
  const { due, soon, contacts } = answer;
  if (!contacts.length) return '';
  const main = reminderText(answer);
  if (!main) return `Nobody is due a note today; ${soon} ${soon === 1 ? 'comes' : 'come'} due within the week.`;
  const soonText = soon ? ` ${soon} more ${soon === 1 ? 'comes' : 'come'} due within the week.` : '';
  const more = due > contacts.length ? ` The ${contacts.length} who matter most are below.` : '';
  return `${main}.${soonText}${more}`;
}

function renderPerson(person) {
  const row = fromTemplate('person-template');
  const { contact, idea } = person;
  row.dataset.contactId = contact.id;
  setText(slot(row, 'name'), contact.name);
  slot(row, 'name').title = contact.name;
  setText(slot(row, 'headline'), [contact.headline, contact.company].filter(Boolean).join(' · '));
  row.dataset.state = dueState(person);
  setText(slot(row, 'why'), whyDue(person));
  setText(slot(row, 'why-full'), whyDue(person, { full: true }));
  wireMore(row, person);

  const state = newShare(idea?.suggestion.message?.text ?? '');
  const flow = shareFlow(row, state, {
    share: idea && {
      contactIds: [contact.id],
      url: idea.article.url,
      title: idea.article.title || null,
      action: idea.suggestion.action,
      channel: idea.suggestion.channel,
    },
    original: idea?.suggestion.message?.text ?? '',
    name: contact.name,
    show: () => showRowState(row, person, state),
    recorded: refreshBadge,
    undone: refreshBadge,
    // The one undo button also ends a snooze.
    undo: () => (state.snoozed ? unsnooze(row, person, state) : flow.undo()),
  });
  if (idea) renderIdea(row, person, state, flow);
  else {
    slot(row, 'article').hidden = true;
    slot(row, 'what-label').hidden = true;
    slot(row, 'no-idea').hidden = false;
    setText(slot(row, 'no-idea'), person.noIdeaReason || 'Nothing from your reading fits them yet.');
    slot(row, 'no-idea').title = slot(row, 'no-idea').textContent;
    slot(row, 'share').hidden = true;
  }
  slot(row, 'snooze').setAttribute('aria-label', `Snooze ${contact.name} for a week`);
  slot(row, 'snooze').addEventListener('click', (event) => whileBusy(event.currentTarget, () => snooze(row, person, state)));
  return row;
}

/** "More" opens why the idea fits them, the draft and "Mark shared" (closed, a row is one line). */
function wireMore(row, person) {
  const more = slot(row, 'more');
  const details = slot(row, 'details');
  details.id = `details-${person.contact.id}`;
  more.setAttribute('aria-controls', details.id);
  more.setAttribute('aria-label', person.idea ? `Why and draft for ${person.contact.name}` : `More about ${person.contact.name}`);
  setText(more, person.idea ? 'Why & draft' : 'More');
  more.addEventListener('click', () => {
    const open = details.hidden;
    details.hidden = !open;
    more.setAttribute('aria-expanded', String(open));
    const message = slot(row, 'message');
    if (!open || !message) return;
    // From the greeting: focusing a textarea would otherwise show the end of a draft longer than its box.
    message.focus();
    message.setSelectionRange(0, 0);
    message.scrollTop = 0;
  });
}

function renderIdea(row, person, state, flow) {
  const { contact, idea } = person;
  const { article, suggestion } = idea;
  slot(row, 'idea').hidden = false;
  const link = slot(row, 'article');
  setText(link, article.title || article.url);
  link.title = article.title || article.url;
  if (/^https?:\/\//i.test(article.url)) link.href = article.url;
  setText(slot(row, 'site'), article.siteName ? `${article.title || article.url} · ${article.siteName}` : (article.title || article.url));
  slot(row, 'reasons').replaceChildren(...reasonItems(suggestion.reasons));

  const message = slot(row, 'message');
  message.id = `message-${contact.id}`;
  message.value = state.text;
  slot(row, 'message-label').htmlFor = message.id;
  setText(slot(row, 'message-label'), `Message to ${contact.name}`);
  message.addEventListener('input', () => { state.text = message.value; });

  const primary = primaryLink(suggestion);
  const share = slot(row, 'share');
  if (primary) {
    setText(share, linkLabel(primary));
    share.setAttribute('aria-label', `${linkLabel(primary)} to ${contact.name}`);
    share.addEventListener('click', () => flow.open(primary));
  } else {
    share.hidden = true;
  }
  slot(row, 'mark').setAttribute('aria-label', `Mark as shared with ${contact.name}`);
  slot(row, 'mark').addEventListener('click', (event) => whileBusy(event.currentTarget, () => flow.record(null)));
}

/** The badge follows what this page shows, not the next hourly check. */
function refreshBadge() {
  checkKeepInTouch({ notify: false }).catch(() => {});
}

async function snooze(row, person, state) {
  const error = slot(row, 'error');
  error.hidden = true;
  try {
    const contact = await api.snoozeContact(person.contact.id);
    state.snoozed = contact.snoozedUntil;
    showRowState(row, person, state);
    slot(row, 'undo').focus();
    refreshBadge();
  } catch (failure) {
    showInlineError(error, failure, 'Could not snooze.');
  }
}

async function unsnooze(row, person, state) {
  const error = slot(row, 'error');
  error.hidden = true;
  try {
    await api.unsnoozeContact(person.contact.id);
  } catch (failure) {
    if (failure.kind !== 'not-found') return showInlineError(error, failure, 'Could not undo.');
  }
  state.snoozed = null;
  showRowState(row, person, state);
  (person.idea ? slot(row, 'share') : slot(row, 'snooze')).focus();
  refreshBadge();
}

/** A row's moment: idle, waiting for "Did you send it?", recorded or snoozed (both with undo). */
function showRowState(row, person, state) {
  const done = isRecorded(state) || Boolean(state.snoozed);
  slot(row, 'confirm').hidden = done || !state.pending;
  slot(row, 'actions').hidden = done || Boolean(state.pending);
  slot(row, 'mark').hidden = done || Boolean(state.pending);
  slot(row, 'done').hidden = !done;
  row.classList.toggle('is-done', done);
  const message = slot(row, 'message');
  if (message) message.readOnly = done;
  if (state.pending && !done) setText(slot(row, 'confirm-text'), state.pending.question);
  if (isRecorded(state)) {
    const channel = api.CHANNEL_LABELS[state.recordedChannel] ?? state.recordedChannel;
    setText(slot(row, 'done-text'), `Recorded in your history · ${channel}. ${person.contact.name} is in touch as of today.`);
  } else if (state.snoozed) {
    setText(slot(row, 'done-text'), `Snoozed until ${formatDate(state.snoozed)}.`);
  }
}
