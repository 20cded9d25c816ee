// Sharing an article with someone, wherever the extension offers it (the popup's cards and its group post, the
// keep-in-touch rows): open the channel with the (edited) draft, ask "Did you share it?" once the user is back,
// record the answer, and undo it. Nothing is recorded before the user says so, and every retry of one share sends
// the same idempotency key, so a share whose answer was lost is still recorded once.
import * as api from '../api.js';
import { ext } from './ext.js';
import { slot, copyText, showInlineError, whileBusy } from './ui.js';
import { linkWithText } from './draft-links.js';

/**
 * A share's state: the (edited) draft, the question waiting for an answer, the recorded share ids. Plain data, so
 * the popup can keep it in storage.session while it is closed.
 */
export function newShare(text) {
  return { key: crypto.randomUUID(), text, pending: null, shares: null };
}

export function isRecorded(state) {
  return Boolean(state.shares?.length);
}

/**
 * Wires the "Did you share it?" slots inside `root` (yes, no), its undo and its error line to `state`, and returns
 * the actions the page's own buttons start: open(link), ask(how, question), record(how), undo().
 *   share       { contactIds, url, title, action, channel }: what is recorded unless the user chose a channel
 *   original    the server's draft, to find inside the share links; name: who it is for (in the question)
 *   show()      shows the state as it is now; saved() runs after every change (the popup saves itself there)
 *   recorded(), undone()   what depends on the share (the contact's last-contact date, the badge) follows
 *   undo        what the undo button does instead, for a page whose "done" is not always a share
 */
export function shareFlow(root, state, options) {
  const {
    share, original = '', name = '', show, saved = async () => {}, recorded = async () => {}, undone = async () => {},
    recordError = 'Could not record the share.',
  } = options;
  const error = slot(root, 'error');

  async function ask({ channel, action }, question) {
    state.pending = { channel, action, question };
    show();
    await saved();
    slot(root, 'yes').focus();
  }

  // The question is saved before the link opens: opening a tab closes the popup.
  async function open(link) {
    const { url, question } = await prepareShare(link, original, state.text, name);
    await ask({ channel: link.channel, action: link.action }, question);
    await openShareUrl(url);
  }

  async function record(how) {
    error.hidden = true;
    const channel = how?.channel ?? share.channel;
    try {
      const result = await api.recordShare({
        ...share,
        action: how?.action ?? share.action,
        channel,
        message: state.text,
        idempotencyKey: state.key,
      });
      state.shares = (result.shares ?? []).map((s) => s.id);
      state.recordedChannel = channel;
      state.pending = null;
      show();
      slot(root, 'undo').focus();
      await recorded();
    } catch (failure) {
      // The key stays: "Try again" sends the same one, so a share that did reach the server is not recorded twice.
      showInlineError(error, failure, recordError);
    }
    await saved();
  }

  async function undo() {
    error.hidden = true;
    try {
      for (const id of state.shares ?? []) await api.undoShare(id);
    } catch (failure) {
      if (failure.kind !== 'not-found') return showInlineError(error, failure, 'Could not undo.');
    }
    state.shares = null;
    state.key = crypto.randomUUID(); // sharing again later is a new share
    show();
    slot(root, 'share')?.focus();
    await undone();
    await saved();
  }

  async function decline() {
    state.pending = null;
    show();
    await saved();
    slot(root, 'share')?.focus();
  }

  // Properties, not listeners: the popup renders its group post into the same element again on every answer.
  slot(root, 'yes').onclick = (event) => whileBusy(event.currentTarget, () => record(state.pending));
  slot(root, 'no').onclick = decline;
  slot(root, 'undo').onclick = (event) => whileBusy(event.currentTarget, options.undo ?? undo);
  return { open, ask, record, undo };
}

/**
 * Puts the (edited) draft where the channel takes it — inside the link, else on the clipboard — and returns the
 * address to open with the question to ask once the user is back.
 */
async function prepareShare(link, original, edited, name) {
  const prepared = linkWithText(link, original, edited);
  if (prepared.clipboardText) {
    await copyText(prepared.clipboardText);
    return { url: prepared.url, question: 'The message is on your clipboard — paste it there. Did you share it?' };
  }
  if (!prepared.carriesText) {
    await copyText(edited);
    return { url: prepared.url, question: 'Your edited message is on your clipboard. Did you share it?' };
  }
  return { url: prepared.url, question: `Did you share it with ${name}?` };
}

/** Opens a share link: a mailto: tab would stay behind empty, so a link click hands it to the mail app instead. */
async function openShareUrl(url) {
  if (url.startsWith('mailto:')) {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.click();
  } else {
    await ext.tabs.create({ url, active: true });
  }
}
