// The list: search, the circle and overdue filters, the overdue tab, paging, and a row per contact with its edit,
// history and delete.
import * as api from '../api.js';
import { fromTemplate, slot, setText, showError, daysAgo, askInPlace } from '../lib/ui.js';
import { latestOnly, showPager } from '../lib/paged-list.js';
import { weekOf } from '../lib/due.js';
import { $, stateBlock, setStatus, plural } from './page.js';
import { openEditor } from './editor.js';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;

const query = { tab: 'all', page: 1 };

export function wireList() {
  for (const circle of api.CIRCLES) $('circle-filter').append(new Option(api.CIRCLE_LABELS[circle], circle));
  $('q').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(reload, SEARCH_DELAY_MS);
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  $('circle-filter').addEventListener('change', reload);
  $('overdue-filter').addEventListener('change', reload);
  $('tab-all').addEventListener('click', () => selectTab('all'));
  $('tab-overdue').addEventListener('click', () => selectTab('overdue'));
  $('prev').addEventListener('click', () => { query.page -= 1; load(); });
  $('next').addEventListener('click', () => { query.page += 1; load(); });
}

export function selectTab(tab) {
  query.tab = tab;
  $('tab-all').setAttribute('aria-selected', String(tab === 'all'));
  $('tab-overdue').setAttribute('aria-selected', String(tab === 'overdue'));
  $('list').setAttribute('aria-labelledby', tab === 'all' ? 'tab-all' : 'tab-overdue');
  $('overdue-filter').disabled = tab === 'overdue';
  history.replaceState(null, '', tab === 'overdue' ? '#overdue' : location.pathname);
  reload();
}

// A search waits for typing to pause; any other reload reads the box too, so it replaces the pending one
// (which would otherwise re-render the list a moment later, under the user's pointer).
let searchTimer = 0;

export function reload() {
  clearTimeout(searchTimer);
  query.page = 1;
  return load();
}

// Typing, filters and tabs can start loads faster than the server answers: only the latest may render.
export const load = latestOnly(stateBlock, async () => {
  const overdueView = query.tab === 'overdue';
  const result = await api.listContacts({
    q: $('q').value.trim(),
    circle: $('circle-filter').value,
    overdue: overdueView || $('overdue-filter').checked ? true : undefined,
    // The overdue view lists who is due for a touch, most overdue first.
    sort: overdueView ? 'overdue' : 'name',
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  return { ...result, overdueView };
}, render);

function render({ items, total, overdueView }) {
  $('rows').replaceChildren(...items.map(renderRow));
  const filtered = $('q').value.trim() || $('circle-filter').value || $('overdue-filter').checked;
  $('empty').hidden = items.length > 0;
  setText($('empty'), overdueView
    ? 'Nobody is overdue. Well kept!'
    : filtered ? 'No contact matches these filters.' : 'No contacts yet. Add the people you want to keep in touch with, or import them.');
  showPager({ page: query.page, pageSize: PAGE_SIZE, total, noun: 'contacts' });
}

function renderRow(contact) {
  const row = fromTemplate('row-template');
  row.dataset.contactId = contact.id;
  setText(slot(row, 'name'), contact.name);
  setText(slot(row, 'headline'), [contact.headline, contact.company].filter(Boolean).join(' · '));
  if (contact.circle) {
    slot(row, 'circle').hidden = false;
    setText(slot(row, 'circle'), api.CIRCLE_LABELS[contact.circle] ?? contact.circle);
  }
  // Someone never written to is due a first note, not "overdue by 1,584 days"; an import plans those weeks ahead.
  const never = contact.daysSinceContact === null || contact.daysSinceContact === undefined;
  if (contact.overdue) {
    slot(row, 'overdue').hidden = false;
    const late = contact.nextContactDue ? Math.floor((Date.now() - Date.parse(contact.nextContactDue)) / 86_400_000) : 0;
    setText(slot(row, 'overdue'), never ? 'First note due' : late > 0 ? `Overdue by ${late} days` : 'Due now');
  } else if (contact.firstNoteDue) {
    const planned = slot(row, 'overdue');
    planned.hidden = false;
    planned.classList.replace('overdue', 'neutral');
    setText(planned, `First note: week of ${weekOf(contact.firstNoteDue)}`);
  }
  slot(row, 'interests').replaceChildren(...contact.interests.map((interest) => {
    const chip = document.createElement('li');
    chip.className = 'chip';
    chip.textContent = interest;
    return chip;
  }));
  const suggested = contact.suggestedInterests ?? [];
  if (suggested.length) {
    const hint = slot(row, 'suggested');
    hint.hidden = false;
    setText(hint, `${plural(suggested.length, 'suggested interest')} to review`);
    hint.setAttribute('aria-label', `Review ${plural(suggested.length, 'suggested interest')} for ${contact.name}`);
    hint.addEventListener('click', () => openEditor(contact, { reviewSuggested: true }));
  }
  const touched = contact.daysSinceContact === null || contact.daysSinceContact === undefined
    ? 'No contact recorded yet'
    : `Last in touch ${daysAgo(contact.daysSinceContact)}`;
  setText(slot(row, 'touch'), contact.cadenceDays ? `${touched} · every ${contact.cadenceDays} days` : touched);

  const edit = slot(row, 'edit');
  edit.setAttribute('aria-label', `Edit ${contact.name}`);
  edit.addEventListener('click', () => openEditor(contact));
  const historyLink = slot(row, 'history');
  historyLink.href = `../history/history.html?contactId=${encodeURIComponent(contact.id)}`;
  historyLink.setAttribute('aria-label', `What you shared with ${contact.name}`);

  const remove = slot(row, 'delete');
  remove.setAttribute('aria-label', `Delete ${contact.name}`);
  setText(slot(row, 'confirm-text'), `Delete ${contact.name}? Your share history with them is kept.`);
  askInPlace(row, remove, async () => {
    try {
      await api.deleteContact(contact.id);
      setStatus(`Deleted ${contact.name}.`);
    } catch (error) {
      if (error.kind !== 'not-found') return showError(stateBlock, error);
    }
    if ($('rows').children.length === 1 && query.page > 1) query.page -= 1;
    await load();
    $('add').focus();
  });
  return row;
}
