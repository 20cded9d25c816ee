// The editor: one contact in a dialog, added or changed, its interests typed as chips, the server's validation
// errors beside their fields. The interests an import suggested are reviewed inside it (suggested-interests.js).
import * as api from '../api.js';
import { fromTemplate, slot, setText, whileBusy } from '../lib/ui.js';
import { $, setStatus } from './page.js';
import { wireSuggestedInterests, renderSuggested, focusSuggested, clearSuggestedStatus } from './suggested-interests.js';

/** The contact being edited (null while adding), and the interests shown as chips in the editor. */
let editing = null;
let interests = [];
/** What the page does once a contact was saved (the list shows it). */
let afterSave = () => {};

export function wireEditor({ onSaved }) {
  afterSave = onSaved;
  for (const circle of api.CIRCLES) $('f-circle').append(new Option(api.CIRCLE_LABELS[circle], circle));
  for (const channel of api.CHANNELS) $('f-preferred').append(new Option(api.CHANNEL_LABELS[channel], channel));
  $('add').addEventListener('click', () => openEditor(null));
  $('cancel').addEventListener('click', () => $('editor').close());
  $('contact-form').addEventListener('submit', onSave);
  wireInterestInput();
  wireSuggestedInterests({
    contact: () => editing,
    reviewed(updated, added) {
      editing = updated;
      for (const interest of added) addInterest(interest, false);
      renderChips();
    },
    failed: showFormError,
    changed: () => afterSave(),
  });
}

/** Opens the dialog on `contact` (null: a new one); `reviewSuggested` puts the focus on its suggested interests. */
export function openEditor(contact, { reviewSuggested = false } = {}) {
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
  clearSuggestedStatus();
  renderChips();
  $('editor').showModal();
  $('f-name').focus();
  if (reviewSuggested) focusSuggested();
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
  renderSuggested(editing, interests);
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
      await afterSave();
    } catch (error) {
      if (error.kind === 'invalid' && Object.keys(error.errors).length) {
        for (const [field, messages] of Object.entries(error.errors)) fieldError(field, [].concat(messages).join(' '));
      } else {
        showFormError(error.kind === 'unreachable' ? 'The server cannot be reached. Try again.' : (error.detail || error.message));
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
  if (!holder) return showFormError(`${field}: ${message}`);
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

function showFormError(text) {
  const form = $('form-error');
  form.textContent = text;
  form.hidden = false;
}
