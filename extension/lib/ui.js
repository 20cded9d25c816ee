// Small DOM helpers shared by the extension pages. Server data only ever goes in through textContent or
// attributes set one by one; nothing here parses HTML.
import { ext } from './ext.js';

/** A fresh copy of the first element inside <template id="…">. */
export function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

/** The element inside `root` marked data-slot="name" (templates name their holes this way). */
export function slot(root, name) {
  return root.querySelector(`[data-slot="${name}"]`);
}

export function setText(element, text) {
  element.textContent = text ?? '';
  return element;
}

/**
 * Fills the page's designed error block (data-testid="error"): a state name tests and CSS can see, a title,
 * a sentence, and buttons that lead out of the state.
 */
export function showState(block, { state, title, detail = '', actions = [] }) {
  block.dataset.state = state;
  setText(slot(block, 'title'), title);
  setText(slot(block, 'detail'), detail);
  const buttons = slot(block, 'actions');
  buttons.replaceChildren(...actions.map(({ label, onClick, primary = false }) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = primary ? 'button primary' : 'button';
    button.textContent = label;
    button.addEventListener('click', onClick);
    return button;
  }));
  block.hidden = false;
}

export function hideState(block) {
  block.hidden = true;
  delete block.dataset.state;
}

/** The generic wording for an ApiError on pages that are not the popup (which designs its own). */
export function describeError(error) {
  const detail = error?.detail || '';
  switch (error?.kind) {
    case 'not-configured':
      return { state: 'not-configured', title: 'Connect to your ContentHelper server', detail: 'Open the options to set the server address and sign in.', withOptions: true };
    case 'unreachable':
      return { state: 'unreachable', title: 'Cannot reach the server', detail: `${error.message} Check that it is running and the address in the options is right.`, withRetry: true };
    case 'unauthorized':
      return { state: 'bad-token', title: 'Your token was not accepted', detail: 'It may have been revoked. Paste a new token or create an account in the options.', withOptions: true };
    case 'invalid':
      return { state: 'invalid', title: error.message, detail: detail || firstFieldError(error.errors) };
    case 'unsupported':
      return { state: 'unsupported', title: 'This server does not support that yet', detail: 'Update the ContentHelper server to use this feature.' };
    default:
      return { state: 'server-error', title: error?.message || 'Something went wrong', detail, withRetry: true };
  }
}

/** Shows describeError's wording, with "Open options" and "Try again" where they help. */
export function showError(block, error, { retry } = {}) {
  const described = describeError(error);
  const actions = [];
  if (described.withOptions) actions.push({ label: 'Open options', primary: true, onClick: () => ext.runtime.openOptionsPage() });
  if (described.withRetry && retry) actions.push({ label: 'Try again', onClick: retry });
  showState(block, { ...described, actions });
}

function firstFieldError(errors = {}) {
  const [field, messages] = Object.entries(errors)[0] ?? [];
  return field ? `${field}: ${[].concat(messages).join(' ')}` : '';
}

/** A card's or row's own error line: what failed, why in a few words, and that trying again may help. */
export function showInlineError(element, failure, prefix) {
  const reason = failure?.kind === 'unreachable' ? 'The server cannot be reached.'
    : failure?.kind === 'unauthorized' ? 'Your token was not accepted.'
    : failure?.detail || failure?.message || '';
  element.textContent = `${prefix} ${reason} Try again in a moment.`;
  element.hidden = false;
}

/** "today", "yesterday", "12 days ago", "3 months ago", "2 years ago". */
export function daysAgo(days) {
  if (days === null || days === undefined) return '';
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 45) return `${days} days ago`;
  // Months until two years: "1 years ago" never, and a draft's "over a year" (drafts name no number) agrees with "14 months ago".
  if (days < 730) return `${Math.round(days / 30.4)} months ago`;
  return `${Math.round(days / 365)} years ago`;
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso) {
  return iso ? DATE_FORMAT.format(new Date(iso)) : '';
}

export function formatDate(iso) {
  return iso ? DAY_FORMAT.format(new Date(iso)) : '';
}

/** Disables a button while `work` runs, so a double click cannot send twice. */
export async function whileBusy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** navigator.clipboard needs a focused document; the textarea route covers pages where it is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** Opens another extension page in a tab (popup links and error-state buttons). */
export function openExtensionPage(path) {
  return ext.tabs.create({ url: ext.runtime.getURL(path) });
}

/**
 * Turns a button into an in-page "are you sure?" (the root's slots confirm, confirm-no and confirm-yes): never a
 * browser dialog. "No" gets the focus, so Enter on a stray keypress keeps the data.
 */
export function askInPlace(root, trigger, onYes) {
  const confirm = slot(root, 'confirm');
  trigger.addEventListener('click', () => {
    trigger.hidden = true;
    confirm.hidden = false;
    slot(root, 'confirm-no').focus();
  });
  slot(root, 'confirm-no').addEventListener('click', () => {
    confirm.hidden = true;
    trigger.hidden = false;
    trigger.focus();
  });
  slot(root, 'confirm-yes').addEventListener('click', (event) => whileBusy(event.currentTarget, onYes));
}
