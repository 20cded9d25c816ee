// Contacts: the user's network and what each person cares about — the input every suggestion depends on.
import * as api from '../api.js';
import { fromTemplate, slot, setText, hideState, showError, daysAgo, formatDateTime, whileBusy, askInPlace } from '../lib/ui.js';

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
  loadRecentImports();

  $('find-duplicates').addEventListener('click', (event) => whileBusy(event.currentTarget, findDuplicates));
  $('duplicates-close').addEventListener('click', () => {
    $('duplicates-panel').hidden = true;
    $('find-duplicates').focus();
  });

  $('suggested-all').addEventListener('click', () => reviewSuggested(true, null));
  $('suggested-dismiss').addEventListener('click', () => reviewSuggested(false, null));

  if (location.hash === '#overdue') selectTab('overdue');
  else load();
  // From the first run's "Import a LinkedIn file": a file picker may only open on a click here, so point at it.
  if (location.hash === '#import') {
    $('status').textContent = 'Choose the Connections.csv from your LinkedIn data copy: you see a preview before anything is saved.';
    $('import').focus();
  }
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

// A search waits for typing to pause; any other reload reads the box too, so it replaces the pending one
// (which would otherwise re-render the list a moment later, under the user's pointer).
let searchTimer = 0;

function reload() {
  clearTimeout(searchTimer);
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
  const suggested = contact.suggestedInterests ?? [];
  if (suggested.length) {
    const hint = slot(row, 'suggested');
    hint.hidden = false;
    setText(hint, `${plural(suggested.length, 'suggested interest')} to review`);
    hint.setAttribute('aria-label', `Review ${plural(suggested.length, 'suggested interest')} for ${contact.name}`);
    hint.addEventListener('click', () => {
      openEditor(contact);
      $('suggested-chips').querySelector('button')?.focus();
    });
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
  $('f-implicit').checked = contact?.useImplicitInterests ?? true;
  interests = [...(contact?.interests ?? [])];
  setText($('suggested-status'), '');
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
  renderSuggested();
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
    useImplicitInterests: $('f-implicit').checked,
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

// Import: a dry run first, the preview, then the real import with an undo

/** Rows listed per group of the preview; a 10,000-line file is summed up by its counts, not listed in full. */
const PREVIEW_ROWS = 50;
const RECENT_IMPORTS = 5;

const FIELD_LABELS = {
  name: 'Name',
  headline: 'Headline',
  company: 'Company',
  email: 'Email',
  phone: 'Phone',
  linkedInUrl: 'LinkedIn',
  xHandle: 'X handle',
  notes: 'Notes',
  tags: 'Tags',
  suggestedInterests: 'Suggested interests',
  connectedOn: 'Connected on',
};

const MATCHED_BY_LABELS = {
  linkedInUrl: 'same LinkedIn profile',
  email: 'same email',
  nameAndCompany: 'same name and company',
  name: 'same name',
};

let importFile = null;

async function onImportFile() {
  importFile = $('import-file').files[0] ?? null;
  $('import-file').value = '';
  if (!importFile) return;
  await whileBusy($('import'), previewImport);
}

function openImportPanel(summary) {
  $('import-panel').hidden = false;
  $('import-confirm').hidden = true;
  $('import-undo').hidden = true;
  $('import-preview').replaceChildren();
  $('import-details').replaceChildren();
  setText($('import-summary'), summary);
}

async function previewImport() {
  const file = importFile;
  openImportPanel(`Reading ${file.name}…`);
  let plan;
  try {
    plan = await api.importContacts(file, { dryRun: true });
  } catch (error) {
    return importFailed(file, error);
  }
  const { created, updated, unchanged, errors } = plan.counts;
  const toImport = created + updated;
  const counts = countsText(plan.counts);
  setText($('import-summary'), toImport
    ? `${file.name} (${formatLabel(plan.format)}): ${counts}. Nothing is saved until you import.`
    : `${file.name} (${formatLabel(plan.format)}): ${counts}. Nothing to import${unchanged && !errors ? ': everyone in it is already up to date' : ''}.`);
  $('import-preview').replaceChildren(...previewGroups(plan.rows));
  if (!toImport) return;
  const confirm = $('import-confirm');
  confirm.textContent = `Import ${plural(toImport, 'contact')}`;
  confirm.hidden = false;
  confirm.onclick = () => whileBusy(confirm, () => applyImport(file));
  confirm.focus();
}

async function applyImport(file) {
  $('import-confirm').hidden = true;
  setText($('import-summary'), `Importing ${file.name}…`);
  let result;
  try {
    result = await api.importContacts(file, { dryRun: false });
  } catch (error) {
    return importFailed(file, error);
  }
  $('import-preview').replaceChildren();
  const skipped = result.counts.errors ? ` ${plural(result.counts.errors, 'line')} could not be read and ${result.counts.errors === 1 ? 'was' : 'were'} skipped.` : '';
  // The server records (and offers undo for) only an import that changed something.
  if (!result.importId) {
    setText($('import-summary'), `${file.name} changed nothing: everyone in it is already up to date.${skipped}`);
    return reload();
  }
  setText($('import-summary'), `Imported ${file.name}: ${countsText({ ...result.counts, errors: 0 })}.${skipped}`);
  const undo = $('import-undo');
  undo.hidden = false;
  undo.onclick = () => whileBusy(undo, () => runUndo(result.importId, file.name));
  undo.focus();
  await Promise.all([reload(), loadRecentImports()]);
}

function importFailed(file, error) {
  const why = error.kind === 'unsupported'
    ? 'Your server cannot import contacts yet. Add contacts by hand for now, or update the ContentHelper server; the file was not sent anywhere else.'
    : ['unsupported-format', 'invalid', 'too-large'].includes(error.kind)
      ? `${file.name} could not be imported. ${error.detail || Object.values(error.errors).flat()[0] || error.message}`
      : null;
  if (why) {
    setText($('import-summary'), why);
    return;
  }
  closeImport();
  showError(stateBlock, error);
}

/** The preview: who would be added, what would change for whom, and which lines cannot be read (and why). */
function previewGroups(rows) {
  const groups = [
    { action: 'create', title: (n) => plural(n, 'new contact') },
    { action: 'update', title: (n) => `${plural(n, 'contact')} to update` },
    { action: 'error', title: (n) => `${plural(n, 'line')} that cannot be imported` },
  ];
  return groups.flatMap(({ action, title }) => {
    const matching = rows.filter((row) => row.action === action);
    if (!matching.length) return [];
    const group = fromTemplate('import-group-template');
    group.dataset.action = action;
    setText(slot(group, 'title'), title(matching.length));
    slot(group, 'rows').replaceChildren(...matching.slice(0, PREVIEW_ROWS).map(previewRow));
    if (matching.length > PREVIEW_ROWS) {
      slot(group, 'more').hidden = false;
      setText(slot(group, 'more'), `…and ${matching.length - PREVIEW_ROWS} more.`);
    }
    return [group];
  });
}

function previewRow(row) {
  const item = fromTemplate('import-row-template');
  item.dataset.action = row.action;
  setText(slot(item, 'line'), `Line ${row.line}`);
  if (row.action === 'error') {
    setText(slot(item, 'name'), row.name ?? '');
    setText(slot(item, 'detail'), row.error);
  } else {
    setText(slot(item, 'name'), row.name);
    const value = (field) => row.changes.find((c) => c.field === field)?.after;
    if (row.action === 'create') {
      setText(slot(item, 'detail'), [value('headline'), value('company'), value('email')].filter(Boolean).join(' · '));
      const suggested = value('suggestedInterests');
      if (suggested?.length) slot(item, 'changes').append(listItem(`Suggested interests: ${suggested.join(', ')}`));
    } else {
      setText(slot(item, 'detail'), row.matchedBy ? `(${MATCHED_BY_LABELS[row.matchedBy] ?? row.matchedBy})` : '');
      slot(item, 'changes').append(...row.changes.map((change) => listItem(describeChange(change))));
    }
  }
  slot(item, 'warnings').append(...(row.warnings ?? []).map((warning) => listItem(warning)));
  return item;
}

/** "Company: Contoso → Fabrikam", "Email: (empty) → ana@example.org", "Tags: + climate, hiring". */
function describeChange({ field, before, after }) {
  const label = FIELD_LABELS[field] ?? field;
  if (Array.isArray(after)) {
    const had = new Set((Array.isArray(before) ? before : []).map((v) => String(v).toLowerCase()));
    const added = after.filter((v) => !had.has(String(v).toLowerCase()));
    return `${label}: + ${(added.length ? added : after).join(', ')}`;
  }
  const show = (v) => (v === null || v === undefined || v === '' ? '(empty)' : String(v));
  return before === null || before === undefined ? `${label}: ${show(after)}` : `${label}: ${show(before)} → ${show(after)}`;
}

async function runUndo(importId, fileName) {
  openImportPanel(`Undoing the import of ${fileName}…`);
  let result;
  try {
    result = await api.undoImport(importId);
  } catch (error) {
    if (error.kind === 'conflict' || error.kind === 'not-found') {
      setText($('import-summary'), error.kind === 'conflict' ? `The import of ${fileName} was already undone.` : `The import of ${fileName} no longer exists.`);
      await loadRecentImports();
      return;
    }
    setText($('import-summary'), '');
    closeImport();
    return showError(stateBlock, error);
  }
  const restored = result.fieldsReverted ? `, ${plural(result.fieldsReverted, 'field')} restored` : '';
  const kept = result.kept.length ? ` Kept ${plural(result.kept.length, 'change')} made since:` : '';
  setText($('import-summary'), `Undid the import of ${fileName}: ${plural(result.contactsRemoved, 'contact')} removed${restored}.${kept}`);
  $('import-details').replaceChildren(...result.kept.map((entry) =>
    listItem(`${entry.name}${entry.field ? ` (${FIELD_LABELS[entry.field] ?? entry.field})` : ''}: ${entry.reason}`)));
  $('import-cancel').focus();
  await Promise.all([reload(), loadRecentImports()]);
}

function closeImport() {
  $('import-panel').hidden = true;
  importFile = null;
  $('import').focus();
}

// Recent imports: a compact list with an undo for each that still stands

async function loadRecentImports() {
  const box = $('recent-imports');
  let imports;
  try {
    imports = await api.listImports();
  } catch {
    // An older server, or a passing failure: the list is a convenience, and the page's own error state covers the server.
    box.hidden = true;
    return;
  }
  box.hidden = imports.length === 0;
  $('import-list').replaceChildren(...imports.slice(0, RECENT_IMPORTS).map(renderImportItem));
}

function renderImportItem(entry) {
  const item = fromTemplate('import-item-template');
  item.dataset.importId = entry.id;
  const name = entry.fileName || `${formatLabel(entry.format)} file`;
  const when = slot(item, 'when');
  when.dateTime = entry.importedAt;
  setText(when, formatDateTime(entry.importedAt));
  setText(slot(item, 'what'), `${formatLabel(entry.format)} · ${name}`);
  setText(slot(item, 'counts'), countsText(entry.counts));
  const undo = slot(item, 'undo');
  if (entry.undoneAt) {
    slot(item, 'undone').hidden = false;
    undo.remove();
    return item;
  }
  undo.setAttribute('aria-label', `Undo the import of ${name}`);
  setText(slot(item, 'confirm-text'), `Undo it? Contacts it added are removed unless you changed them since.`);
  askInPlace(item, undo, () => runUndo(entry.id, name));
  return item;
}

function countsText({ created, updated, unchanged, errors }) {
  const parts = [`${created} new`];
  if (updated) parts.push(`${updated} updated`);
  if (unchanged) parts.push(`${unchanged} unchanged`);
  if (errors) parts.push(plural(errors, 'error'));
  return parts.join(', ');
}

function formatLabel(format) {
  return api.IMPORT_FORMAT_LABELS[format] ?? format;
}

// Duplicates: groups of records that are probably one person, merged into the one the user picks

const REASON_LABELS = {
  linkedInUrl: 'Same LinkedIn profile',
  email: 'Same email',
  nameAndCompany: 'Same name and company',
  similarName: 'Similar names',
};

async function findDuplicates() {
  const panel = $('duplicates-panel');
  panel.hidden = false;
  setText($('duplicates-summary'), 'Looking for duplicates…');
  let groups;
  try {
    ({ groups } = await api.findDuplicates());
  } catch (error) {
    if (error.kind === 'unsupported') {
      $('duplicate-groups').replaceChildren();
      setText($('duplicates-summary'), 'Your server cannot look for duplicates yet. Update the ContentHelper server to use this.');
      return;
    }
    panel.hidden = true;
    return showError(stateBlock, error);
  }
  setText($('duplicates-summary'), groups.length
    ? `${plural(groups.length, 'group')} of contacts that may be the same person. Pick the record to keep in each; the others are folded into it.`
    : 'No duplicates found.');
  $('duplicate-groups').replaceChildren(...groups.map(renderDuplicateGroup));
}

function renderDuplicateGroup(group) {
  const item = fromTemplate('duplicate-group-template');
  setText(slot(item, 'reason'), group.reasons.map((reason) => REASON_LABELS[reason] ?? reason).join(' · '));
  const confirm = slot(item, 'confirm');
  const buttons = [];
  slot(item, 'contacts').replaceChildren(...group.contacts.map((contact) => {
    const row = fromTemplate('duplicate-contact-template');
    row.dataset.contactId = contact.id;
    setText(slot(row, 'name'), contact.name);
    setText(slot(row, 'meta'), [contact.headline, contact.company, contact.email, contact.phone].filter(Boolean).join(' · ') || 'No other details');
    const merge = slot(row, 'merge');
    merge.setAttribute('aria-label', `Merge the others into ${contact.name}`);
    buttons.push(merge);
    merge.addEventListener('click', () => askMerge(item, contact, group.contacts.filter((c) => c.id !== contact.id), buttons));
    return row;
  }));
  slot(item, 'confirm-no').addEventListener('click', () => {
    confirm.hidden = true;
    for (const button of buttons) button.disabled = false;
    buttons[0].focus();
  });
  return item;
}

function askMerge(item, survivor, others, buttons) {
  const confirm = slot(item, 'confirm');
  const names = others.map((c) => c.name).join(', ');
  setText(slot(item, 'confirm-text'),
    `Merge ${names} into ${survivor.name}? Details, interests, notes and share history move to ${survivor.name}; differing values go into the notes, and the other ${others.length === 1 ? 'record is' : 'records are'} deleted.`);
  slot(item, 'error').hidden = true;
  for (const button of buttons) button.disabled = true;
  confirm.hidden = false;
  const yes = slot(item, 'confirm-yes');
  yes.setAttribute('aria-label', `Merge into ${survivor.name}`);
  yes.onclick = () => whileBusy(yes, async () => {
    try {
      const result = await api.mergeContacts(survivor.id, others.map((c) => c.id));
      setStatus(`Merged ${plural(result.mergedIds.length, 'record')} into ${result.contact.name}.`);
    } catch (error) {
      const holder = slot(item, 'error');
      holder.textContent = error.kind === 'invalid'
        ? (error.detail || Object.values(error.errors).flat()[0] || error.message)
        : error.kind === 'unreachable' ? 'The server cannot be reached. Try again.' : (error.detail || error.message);
      holder.hidden = false;
      return;
    }
    await Promise.all([findDuplicates(), load()]);
    $('duplicates-close').focus();
  });
  yes.focus();
}

// Suggested interests in the editor. Adding or dismissing one is saved at once (the routes exist for exactly
// that), and an added one also joins the chips, so a later Save keeps it.

function renderSuggested() {
  const suggested = (editing?.suggestedInterests ?? [])
    .filter((s) => !interests.some((i) => i.toLowerCase() === s.toLowerCase()));
  $('suggested').hidden = suggested.length === 0;
  $('suggested-chips').replaceChildren(...suggested.map((interest) => {
    const chip = fromTemplate('suggested-chip-template');
    setText(slot(chip, 'text'), interest);
    const add = slot(chip, 'add');
    add.setAttribute('aria-label', `Add suggested interest ${interest}`);
    add.addEventListener('click', () => reviewSuggested(true, [interest]));
    return chip;
  }));
}

async function reviewSuggested(accept, chosen) {
  const contact = editing;
  const buttons = [...document.querySelectorAll('#suggested button')];
  for (const button of buttons) button.disabled = true;
  try {
    const updated = accept
      ? await api.acceptSuggestedInterests(contact.id, chosen)
      : await api.dismissSuggestedInterests(contact.id, chosen);
    const added = accept ? (chosen ?? contact.suggestedInterests) : [];
    if (editing !== contact) return; // the editor moved on to someone else meanwhile
    editing = updated;
    for (const interest of added) addInterest(interest, false);
    renderChips();
    setText($('suggested-status'), accept ? `Added ${added.join(', ')}.` : 'Suggestions dismissed.');
    // The clicked button is gone with its chip: keep the keyboard in the suggestions, or return to the interests.
    for (const button of buttons) button.disabled = false;
    ($('suggested').hidden ? $('f-interests') : $('suggested-chips').querySelector('button') ?? $('suggested-all')).focus();
    load();
  } catch (error) {
    const form = $('form-error');
    form.textContent = error.kind === 'unreachable' ? 'The server cannot be reached. Try again.'
      : (error.detail || Object.values(error.errors ?? {}).flat()[0] || error.message);
    form.hidden = false;
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

function listItem(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function setStatus(text) {
  $('status').textContent = text;
}
