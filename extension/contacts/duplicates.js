// Duplicates: groups of records that are probably one person, and the merge of the others into the one the user
// picks.
import * as api from '../api.js';
import { fromTemplate, slot, setText, showError, whileBusy } from '../lib/ui.js';
import { $, stateBlock, setStatus, plural } from './page.js';

const REASON_LABELS = {
  linkedInUrl: 'Same LinkedIn profile',
  email: 'Same email',
  nameAndCompany: 'Same name and company',
  similarName: 'Similar names',
};

/** What the page does once records were merged (the list shows the one kept). */
let afterMerge = () => {};

export function wireDuplicates({ onMerged }) {
  afterMerge = onMerged;
  $('find-duplicates').addEventListener('click', (event) => whileBusy(event.currentTarget, findDuplicates));
  $('duplicates-close').addEventListener('click', () => {
    $('duplicates-panel').hidden = true;
    $('find-duplicates').focus();
  });
}

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
    await Promise.all([findDuplicates(), afterMerge()]);
    $('duplicates-close').focus();
  });
  yes.focus();
}
