// What the popup's suggestion cards and the keep-in-touch page show alike: why a contact fits (their reasons) and
// which link the main button opens (who is due, and why now: lib/due.js). Server data goes in through textContent only.
import { CHANNEL_LABELS } from '../api.js';

/** Shortens text at a word boundary with an ellipsis. */
export function clip(text, max) {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * One <li> per reason: the interest, what in the article serves it, and for an interest read from the contact's
 * headline, company, tags, notes or past shares, where it was read ("from their headline: Talent Acquisition Lead").
 */
export function reasonItems(reasons) {
  return (reasons ?? []).map((reason) => {
    const row = document.createElement('li');
    row.dataset.testid = 'suggestion-reason';
    row.dataset.source = reason.source ?? 'typed';
    const interest = document.createElement('strong');
    interest.dataset.slot = 'interest';
    interest.textContent = reason.interest;
    const evidenceText = evidenceOf(reason);
    const evidence = document.createElement('span');
    evidence.dataset.slot = 'evidence';
    evidence.textContent = evidenceText;
    row.append(interest, ' ', evidence);
    if (reason.from) {
      const from = document.createElement('span');
      from.className = 'from';
      from.dataset.slot = 'from';
      from.dataset.testid = 'reason-from';
      from.textContent = `(${reason.from})`;
      row.append(' ', from);
    }
    return row;
  });
}

function evidenceOf(reason) {
  // The article's own sentence says most; when there is none, its phrase, unless that only repeats the interest.
  const sameWords = !reason.evidence || reason.evidence.trim().toLowerCase() === reason.interest.trim().toLowerCase();
  const evidence = reason.sentence ? clip(reason.sentence, 180) : sameWords ? null : reason.evidence;
  return evidence ? `— ${quote(evidence)}` : '— named in the article';
}

/**
 * A sentence in “…”, as the drafts quote it: a sentence that is wholly a quotation keeps one pair, quotes inside
 * become single (‘…’) — so 'He said "it is the lung."' ends in …lung.’” and never in …lung."”.
 */
export function quote(text) {
  let clean = text.trim();
  if (/^["“„«]/.test(clean) && /["”»]$/.test(clean) && !/["“”„«»]/.test(clean.slice(1, -1))) clean = clean.slice(1, -1).trim();
  let open = 0;
  let out = '';
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    const opening = '“„«'.includes(ch) || (ch === '"' && (i === 0 || /[\s([{—–-]/.test(clean[i - 1])));
    const closing = !opening && '”»"'.includes(ch);
    if (opening) { out += '‘'; open++; } else if (closing) { out += '’'; open = Math.max(0, open - 1); } else out += ch;
  }
  return `“${out}${'’'.repeat(open)}”`;
}

/** The link the main button opens: the suggested channel and action, else the channel, else the first. */
export function primaryLink(suggestion) {
  const links = suggestion.links ?? [];
  return links.find((l) => l.channel === suggestion.channel && l.action === suggestion.action)
    ?? links.find((l) => l.channel === suggestion.channel)
    ?? links[0]
    ?? null;
}

export function linkLabel(link) {
  if (link.label) return link.label;
  const channel = CHANNEL_LABELS[link.channel] ?? link.channel;
  return link.action === 'tag' ? `Post on ${channel}` : `Send on ${channel}`;
}
