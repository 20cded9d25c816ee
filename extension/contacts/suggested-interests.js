// Suggested interests, reviewed in the editor: those an import read from job titles and labels. Adding or
// dismissing one is saved at once (the routes exist for exactly that), and an added one also joins the editor's
// chips, so a later Save keeps it.
import * as api from '../api.js';
import { fromTemplate, slot, setText } from '../lib/ui.js';
import { $ } from './page.js';

/** The editor's side: { contact(), reviewed(updated, added), failed(text), changed() }. */
let editor = null;

export function wireSuggestedInterests(hooks) {
  editor = hooks;
  $('suggested-all').addEventListener('click', () => reviewSuggested(true, null));
  $('suggested-dismiss').addEventListener('click', () => reviewSuggested(false, null));
}

/** The contact's suggested interests that are not among the editor's chips yet. */
export function renderSuggested(contact, interests) {
  const suggested = (contact?.suggestedInterests ?? [])
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

export function focusSuggested() {
  $('suggested-chips').querySelector('button')?.focus();
}

export function clearSuggestedStatus() {
  setText($('suggested-status'), '');
}

async function reviewSuggested(accept, chosen) {
  const contact = editor.contact();
  const buttons = [...document.querySelectorAll('#suggested button')];
  for (const button of buttons) button.disabled = true;
  try {
    const updated = accept
      ? await api.acceptSuggestedInterests(contact.id, chosen)
      : await api.dismissSuggestedInterests(contact.id, chosen);
    const added = accept ? (chosen ?? contact.suggestedInterests) : [];
    if (editor.contact() !== contact) return; // the editor moved on to someone else meanwhile
    editor.reviewed(updated, added);
    setText($('suggested-status'), accept ? `Added ${added.join(', ')}.` : 'Suggestions dismissed.');
    // The clicked button is gone with its chip: keep the keyboard in the suggestions, or return to the interests.
    for (const button of buttons) button.disabled = false;
    ($('suggested').hidden ? $('f-interests') : $('suggested-chips').querySelector('button') ?? $('suggested-all')).focus();
    editor.changed();
  } catch (error) {
    editor.failed(error.kind === 'unreachable' ? 'The server cannot be reached. Try again.'
      : (error.detail || Object.values(error.errors ?? {}).flat()[0] || error.message));
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}
