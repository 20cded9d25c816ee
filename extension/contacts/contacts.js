// Contacts: the user's network and what each person cares about — the input every suggestion depends on.
import * as api from '../api.js';
import { fromTemplate, slot, setText, hideState, showError, daysAgo, whileBusy } from '../lib/ui.js';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 250;
const $ = (id) => document.getElementById(id);
const stateBlock = $('state');

const query = { tab: 'all', page: 1 };
/** The contact being edited (null while adding), and the interests shown as chips in the editor. */
let editing = null;
let interests = [];

document.addEventListener('DOMContentLoaded', () => {
  for (const circle of api.CIRCLES) {
    $('circle-filter').append(new Option(api.CIRCLE_LABELS[circle], circle));
    $('f-circle').append(new Option(api.CIRCLE_LABELS[circle], circle));
  }
  for (const channel of api.CHANNELS) $('f-preferred').append(new Option(api.CHANNEL_LABELS[channel], channel));

  let searchTimer = 0;
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

  $('add').addEventListener('click', () => openEditor(null));
  $('cancel').addEventListener('click', () => $('editor').close());
  $('contact-form').addEventListener('submit', onSave);
  wireInterestInput();

  $('import').addEventListener('click', () => $('import-file').click());
  $('import-file').addEventListener('change', onImportFile);
  $('import-cancel').addEventListener('click', closeImport);

  if (location.hash === '#overdue') selectTab('overdue');
  else load();
});

function selectTab(tab) {
  query.tab = tab;
  $('tab-all').setAttribute('aria-selected', String(tab === 'all'));
  $('tab-overdue').setAttribute('aria-selected', String(tab === 'overdue'));
  $('list').setAttribute('aria-labelledby', tab === 'all' ? 'tab-all' : 'tab-overdue');
  $('overdue-filter').disabled = tab === 'overdue';
  history.replaceState(null, '', tab === 'overdue' ? '#overdue' : location.pathname);
  reload();
}

function reload() {
  query.page = 1;
  return load();
}

// Typing, filters and tabs can start loads faster than the server answers: only the latest may render.
let latestLoad = 0;

async function load() {
  const ticket = ++latestLoad;
  hideState(stateBlock);
  document.body.removeAttribute('data-ready');
  const overdueView = query.tab === 'overdue';
  try {
    const result = await api.listContacts({
      q: $('q').value.trim(),
      circle: $('circle-filter').value,
      overdue: overdueView || $('overdue-filter').checked ? true : undefined,
      // The overdue view lists who is due for a touch, most overdue first.
      sort: overdueView ? 'overdue' : 'name',
      page: query.page,
      pageSize: PAGE_SIZE,
    });
    if (ticket !== latestLoad) return;
    render(result, overdueView);
  } catch (error) {
    if (ticket !== latestLoad) return;
    $('rows').replaceChildren();
    $('pager').hidden = true;
    $('empty').hidden = true;
    showError(stateBlock, error, { retry: load });
  } finally {
    if (ticket === latestLoad) document.body.dataset.ready = 'true';
  }
}

function render({ items, total }, overdueView) {
  $('rows').replaceChildren(...items.map(renderRow));
  const filtered = $('q').value.trim() || $('circle-filter').value || $('overdue-filter').checked;
  $('empty').hidden = items.length > 0;
  setText($('empty'), overdueView
    ? 'Nobody is overdue. Well kept!'
    : filtered ? 'No contact matches these filters.' : 'No contacts yet. Add the people you want to keep in touch with, or import them.');
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $('pager').hidden = total <= PAGE_SIZE;
  $('prev').disabled = query.page <= 1;
  $('next').disabled = query.page >= pages;
  setText($('page-info'), `Page ${query.page} of ${pages} · ${total} contacts`);
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
  if (contact.overdue) {
    slot(row, 'overdue').hidden = false;
    const late = contact.nextContactDue ? Math.floor((Date.now() - Date.parse(contact.nextContactDue)) / 86_400_000) : 0;
    setText(slot(row, 'overdue'), late > 0 ? `Overdue by ${late} days` : 'Due now');
  }
  slot(row, 'interests').replaceChildren(...contact.interests.map((interest) => {
    const chip = document.createElement('li');
    chip.className = 'chip';
    chip.textContent = interest;
    return chip;
  }));
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
  const confirm = slot(row, 'confirm');
  remove.setAttribute('aria-label', `Delete ${contact.name}`);
  setText(slot(row, 'confirm-text'), `Delete ${contact.name}? Your share history with them is kept.`);
  remove.addEventListener('click', () => {
    remove.hidden = true;
    confirm.hidden = false;
    slot(row, 'confirm-no').focus();
  });
  slot(row, 'confirm-no').addEventListener('click', () => {
    confirm.hidden = true;
    remove.hidden = false;
    remove.focus();
  });
  slot(row, 'confirm-yes').addEventListener('click', (event) => whileBusy(event.currentTarget, async () => {
    try {
      await api.deleteContact(contact.id);
      setStatus(`Deleted ${contact.name}.`);
    } catch (error) {
      if (error.kind !== 'not-found') return showError(stateBlock, error);
    }
    if ($('rows').children.length === 1 && query.page > 1) query.page -= 1;
    await load();
    $('add').focus();
  }));
  return row;
}

// The editor

function openEditor(contact) {
  editing = contact;
  const form = $('contact-form');
  form.reset();
  clearFieldErrors();
  setText($('editor-title'), contact ? `Edit ${contact.name}` : 'Add a contact');
  $('f-name').value = contact?.name ?? '';
  $('f-company').value = contact?.company ?? '';
  $('f-headline').value = contact?.headline ?? '';
  $('f-circle').value = contact?.circle ?? '';
  $('f-cadence').value = contact?.keepInTouchDays ?? '';
  $('f-preferred').value = contact?.preferredChannel ?? '';
  $('f-email').value = contact?.email ?? '';
  $('f-phone').value = contact?.phone ?? '';
  $('f-x').value = contact?.xHandle ?? '';
  $('f-linkedin').value = contact?.linkedInUrl ?? '';
  $('f-last').value = contact?.lastContactedAt ? toDateInput(contact.lastContactedAt) : '';
  $('f-notes').value = contact?.notes ?? '';
  interests = [...(contact?.interests ?? [])];
  renderChips();
  $('editor').showModal();
  $('f-name').focus();
}

function wireInterestInput() {
  const input = $('f-interests');
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addInterest(input.value);
    } else if (event.key === 'Backspace' && input.value === '' && interests.length) {
      interests.pop();
      renderChips();
    }
  });
  // A pasted "a, b, c" becomes three chips.
  input.addEventListener('input', () => {
    if (input.value.includes(',')) {
      const parts = input.value.split(',');
      const rest = parts.pop();
      for (const part of parts) addInterest(part, false);
      input.value = rest;
    }
  });
  $('interest-box').addEventListener('click', (event) => {
    if (event.target === event.currentTarget) input.focus();
  });
}

function addInterest(text, clear = true) {
  const interest = text.trim().replace(/\s+/g, ' ');
  if (interest && !interests.some((i) => i.toLowerCase() === interest.toLowerCase())) interests.push(interest);
  if (clear) $('f-interests').value = '';
  renderChips();
}

function renderChips() {
  $('interest-chips').replaceChildren(...interests.map((interest, index) => {
    const chip = fromTemplate('chip-template');
    setText(slot(chip, 'text'), interest);
    const remove = slot(chip, 'remove');
    remove.setAttribute('aria-label', `Remove interest ${interest}`);
    remove.addEventListener('click', () => {
      interests.splice(index, 1);
      renderChips();
      $('f-interests').focus();
    });
    return chip;
  }));
}

async function onSave(event) {
  event.preventDefault();
  clearFieldErrors();
  addInterest($('f-interests').value); // text typed but not yet turned into a chip still counts
  const request = formToRequest();
  if (!request.name) return fieldError('name', 'Enter a name.');
  await whileBusy($('save'), async () => {
    try {
      const saved = editing ? await api.updateContact(editing.id, request) : await api.createContact(request);
      $('editor').close();
      setStatus(`Saved ${saved.name}.`);
      await load();
    } catch (error) {
      if (error.kind === 'invalid' && Object.keys(error.errors).length) {
        for (const [field, messages] of Object.entries(error.errors)) fieldError(field, [].concat(messages).join(' '));
      } else {
        const form = $('form-error');
        form.textContent = error.kind === 'unreachable' ? 'The server cannot be reached. Try again.' : (error.detail || error.message);
        form.hidden = false;
      }
    }
  });
}

function formToRequest() {
  const value = (id) => $(id).value.trim() || null;
  const cadence = $('f-cadence').value;
  return {
    name: value('f-name'),
    headline: value('f-headline'),
    company: value('f-company'),
    email: value('f-email'),
    phone: value('f-phone'),
    linkedInUrl: value('f-linkedin'),
    xHandle: value('f-x'),
    interests,
    circle: value('f-circle'),
    keepInTouchDays: cadence ? Number(cadence) : null,
    lastContactedAt: lastContactedFromForm(),
    notes: $('f-notes').value.trim() ? $('f-notes').value : null,
    preferredChannel: value('f-preferred'),
    // PUT replaces every field; tags are not edited here, so they go back as they came.
    tags: editing?.tags ?? [],
  };
}

/** The server counts a changed date as a manual entry, so an unchanged day sends back the exact instant it gave. */
function lastContactedFromForm() {
  const day = $('f-last').value;
  if (!day) return null;
  if (editing?.lastContactedAt && toDateInput(editing.lastContactedAt) === day) return editing.lastContactedAt;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date, 12).toISOString();
}

function toDateInput(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function fieldError(field, message) {
  const holder = document.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
  if (!holder) {
    const form = $('form-error');
    form.textContent = `${field}: ${message}`;
    form.hidden = false;
    return;
  }
  holder.textContent = message;
  holder.hidden = false;
  holder.id ||= `error-${field}`;
  const input = holder.closest('.field').querySelector('input, select, textarea');
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-errormessage', holder.id);
  if (!document.querySelector('dialog [aria-invalid="true"]:focus')) input.focus();
}

function clearFieldErrors() {
  for (const holder of document.querySelectorAll('[data-error-for]')) holder.hidden = true;
  for (const input of document.querySelectorAll('dialog [aria-invalid]')) input.removeAttribute('aria-invalid');
  $('form-error').hidden = true;
}

// Import

let importFile = null;

async function onImportFile() {
  importFile = $('import-file').files[0] ?? null;
  $('import-file').value = '';
  if (!importFile) return;
  await whileBusy($('import'), () => runImport(true));
}

async function runImport(dryRun) {
  const panel = $('import-panel');
  panel.hidden = false;
  $('import-confirm').hidden = true;
  $('import-details').replaceChildren();
  setText($('import-summary'), dryRun ? `Reading ${importFile.name}…` : `Importing ${importFile.name}…`);
  try {
    const result = await api.importContacts(importFile, { dryRun });
    describeImport(result, dryRun);
    if (dryRun) {
      $('import-confirm').hidden = false;
      $('import-confirm').onclick = (event) => whileBusy(event.currentTarget, () => runImport(false));
      $('import-confirm').focus();
    } else {
      await reload();
    }
  } catch (error) {
    if (error.kind === 'unsupported') {
      setText($('import-summary'), 'Your server cannot import contacts yet. Add contacts by hand for now, or update the ContentHelper server; the file was not sent anywhere else.');
    } else if (error.kind === 'invalid' || error.kind === 'too-large') {
      setText($('import-summary'), `${importFile.name} could not be imported: ${error.detail || error.message}`);
    } else {
      setText($('import-summary'), '');
      closeImport();
      showError(stateBlock, error);
    }
  }
}

// The import route reports counts and per-line problems; read the common names rather than one exact shape.
function describeImport(result, dryRun) {
  const count = (...names) => names.map((n) => result?.[n]).find((v) => typeof v === 'number');
  const created = count('created', 'added', 'imported', 'new');
  const updated = count('updated', 'merged');
  const skipped = count('skipped', 'unchanged', 'duplicates');
  const parts = [];
  if (created !== undefined) parts.push(`${created} new`);
  if (updated !== undefined) parts.push(`${updated} updated`);
  if (skipped !== undefined) parts.push(`${skipped} unchanged`);
  const summary = parts.length ? parts.join(', ') : 'The file was read.';
  setText($('import-summary'), dryRun
    ? `${importFile.name}: ${summary}. Nothing is saved until you press Import.`
    : `Imported ${importFile.name}: ${summary}.`);
  const problems = [].concat(result?.errors ?? result?.problems ?? result?.warnings ?? []).slice(0, 10);
  $('import-details').replaceChildren(...problems.map((problem) => {
    const li = document.createElement('li');
    li.textContent = typeof problem === 'string' ? problem
      : [problem.line ? `Line ${problem.line}` : '', problem.message ?? problem.error ?? JSON.stringify(problem)].filter(Boolean).join(': ');
    return li;
  }));
}

function closeImport() {
  $('import-panel').hidden = true;
  importFile = null;
  $('import').focus();
}

function setStatus(text) {
  $('status').textContent = text;
}
