// Import: a LinkedIn, Google or vCard file is read by the server as a dry run first and previewed (who is added,
// what changes for whom, which lines cannot be read), then imported with an undo; the recent imports are listed,
// each with its own undo while it stands.
import * as api from '../api.js';
import { fromTemplate, slot, setText, showError, formatDateTime, whileBusy, askInPlace } from '../lib/ui.js';
import { weekOf } from '../lib/due.js';
import { $, stateBlock, plural } from './page.js';

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

/** What the page does once contacts were imported or an import undone (the list shows them). */
let afterChange = () => {};

export function wireImport({ onChanged }) {
  afterChange = onChanged;
  $('import').addEventListener('click', () => $('import-file').click());
  $('import-file').addEventListener('change', onImportFile);
  $('import-cancel').addEventListener('click', closeImport);
  loadRecentImports();
}

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
    ? `${file.name} (${formatLabel(plan.format)}): ${counts}.${firstNotesText(plan.firstNotes)} Nothing is saved until you import.`
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
    return afterChange();
  }
  setText($('import-summary'), `Imported ${file.name}: ${countsText({ ...result.counts, errors: 0 })}.${firstNotesText(result.firstNotes)}${skipped}`);
  const undo = $('import-undo');
  undo.hidden = false;
  undo.onclick = () => whileBusy(undo, () => runUndo(result.importId, file.name));
  undo.focus();
  await Promise.all([afterChange(), loadRecentImports()]);
}

/**
 * " First notes: 10 this week, then a few a week until the week of 12 Oct." — an import spreads the people it adds
 * over the weeks ahead rather than making them all due at once.
 */
function firstNotesText(plan) {
  if (!plan?.people) return '';
  const later = plan.people - plan.firstWeek;
  if (!later) return ` First notes: ${plan.firstWeek === 1 ? 'one' : plan.firstWeek} this week.`;
  if (!plan.firstWeek) return ` First notes: none this week, then a few a week until the week of ${weekOf(plan.last)}.`;
  return ` First notes: ${plan.firstWeek} this week, then a few a week until the week of ${weekOf(plan.last)}.`;
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
  await Promise.all([afterChange(), loadRecentImports()]);
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

function listItem(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}
