// Keep in touch: the people due a note, most valuable first, why (last contact, cadence), and the best thing from
// the reading list to send each — shared in one click with its draft, recorded as the popup records it. Snooze
// leaves someone off the list for a week.
import * as api from '../api.js';
import { checkKeepInTouch } from '../lib/reminders.js';
import { reasonItems, primaryLink, linkLabel, whyDue, setDueBadge } from '../lib/suggestion-parts.js';
import { newShare, isRecorded, shareFlow } from '../lib/share-flow.js';
import {
  fromTemplate, slot, setText, hideState, showError, showInlineError, whileBusy, formatDate,
} from '../lib/ui.js';

const LISTED = 25;
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
    setText($('summary'), '');
    showError(stateBlock, error, { retry: load });
  } finally {
    document.body.dataset.ready = 'true';
  }
}

function render(answer) {
  setText($('summary'), summaryText(answer));
  $('people').replaceChildren(...answer.contacts.map(renderPerson));
  $('empty').hidden = answer.contacts.length > 0;
  $('foot').hidden = false;
  refreshBadge();
}

function summaryText({ due, soon, withIdeas, contacts }) {
  if (!contacts.length) return '';
  const dueText = due === 1 ? '1 person is past their keep-in-touch date' : `${due} people are past their keep-in-touch date`;
  const soonText = soon ? `, ${soon} more within the week` : '';
  const ideas = withIdeas ? ` ${withIdeas} of those below have something from your reading to send.` : ' Nothing you read lately fits them yet: a short hello works too.';
  return `${dueText}${soonText}.${ideas}`;
}

function renderPerson(person) {
  const row = fromTemplate('person-template');
  const { contact, idea, daysOverdue } = person;
  row.dataset.contactId = contact.id;
  setText(slot(row, 'name'), contact.name);
  setText(slot(row, 'headline'), [contact.headline, contact.company].filter(Boolean).join(' · '));
  setDueBadge(slot(row, 'status'), daysOverdue);
  setText(slot(row, 'why'), whyDue(contact, daysOverdue));

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
    slot(row, 'no-idea').hidden = false;
    setText(slot(row, 'no-idea'), person.noIdeaReason || 'Nothing from your reading fits them yet.');
    slot(row, 'share').hidden = true;
    slot(row, 'mark').hidden = true;
  }
  slot(row, 'snooze').setAttribute('aria-label', `Snooze ${contact.name} for a week`);
  slot(row, 'snooze').addEventListener('click', (event) => whileBusy(event.currentTarget, () => snooze(row, person, state)));
  return row;
}

function renderIdea(row, person, state, flow) {
  const { contact, idea } = person;
  const { article, suggestion } = idea;
  slot(row, 'idea').hidden = false;
  const link = slot(row, 'article');
  setText(link, article.title || article.url);
  if (/^https?:\/\//i.test(article.url)) link.href = article.url;
  setText(slot(row, 'site'), article.siteName ? `· ${article.siteName}` : '');
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
  slot(row, 'share').focus();
  refreshBadge();
}

/** A row's moment: idle, waiting for "Did you send it?", recorded or snoozed (both with undo). */
function showRowState(row, person, state) {
  const done = isRecorded(state) || Boolean(state.snoozed);
  slot(row, 'confirm').hidden = done || !state.pending;
  slot(row, 'actions').hidden = done || Boolean(state.pending);
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
