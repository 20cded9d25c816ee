// History: every share recorded, newest first, with filters, paging, undo and export.
import * as api from '../api.js';
import { fromTemplate, slot, setText, showError, formatDateTime, whileBusy, askInPlace } from '../lib/ui.js';
import { latestOnly, showPager } from '../lib/paged-list.js';

const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);
const stateBlock = $('state');

let page = 1;

document.addEventListener('DOMContentLoaded', async () => {
  for (const channel of api.CHANNELS) $('channel').append(new Option(api.CHANNEL_LABELS[channel], channel));
  const preset = new URLSearchParams(location.search).get('contactId');
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    page = 1;
    load();
  });
  $('filters').addEventListener('reset', () => setTimeout(() => {
    page = 1;
    load();
  }));
  $('prev').addEventListener('click', () => { page -= 1; load(); });
  $('next').addEventListener('click', () => { page += 1; load(); });
  $('export-csv').addEventListener('click', (event) => whileBusy(event.currentTarget, () => download('csv')));
  $('export-markdown').addEventListener('click', (event) => whileBusy(event.currentTarget, () => download('markdown')));
  await loadContacts(preset);
  await load();
});

async function loadContacts(preset) {
  try {
    // 200 is the API's largest page; a network bigger than that still filters by search.
    const { items } = await api.listContacts({ sort: 'name', pageSize: 200 });
    for (const contact of items) $('contact').append(new Option(contact.name, contact.id));
    if (preset) $('contact').value = preset;
  } catch {
    // The list below reports the problem; the filter just stays at "Everyone".
  }
}

function filters() {
  return {
    q: $('q').value.trim(),
    contactId: $('contact').value,
    channel: $('channel').value,
    from: startOfDay($('from').value),
    to: startOfDay($('to').value, 1),
  };
}

/** "2025-03-04" → that local day's start (plus `addDays`) as a Date; the API's `to` is exclusive. */
function startOfDay(value, addDays = 0) {
  if (!value) return undefined;
  const [year, month, day] = value.split('-').map(Number);
  return new Date(year, month - 1, day + addDays);
}

// Filters and paging can start loads faster than the server answers: only the latest may render.
const load = latestOnly(stateBlock, () => api.listShares({ ...filters(), page, pageSize: PAGE_SIZE }), render);

function render({ items, total }) {
  $('rows').replaceChildren(...items.map(renderRow));
  $('empty').hidden = items.length > 0;
  showPager({ page, pageSize: PAGE_SIZE, total, noun: 'shares' });
}

function renderRow(share) {
  const row = fromTemplate('row-template');
  row.dataset.shareId = share.id;
  const title = slot(row, 'title');
  setText(title, share.title || share.url);
  // Only web addresses become links; anything else stays text.
  if (/^https?:\/\//i.test(share.url)) title.href = share.url;
  const when = slot(row, 'when');
  when.dateTime = share.sharedAt;
  setText(when, formatDateTime(share.sharedAt));
  setText(slot(row, 'contact'), share.contactName);
  setText(slot(row, 'how'), `${api.ACTION_LABELS[share.action] ?? share.action} · ${api.CHANNEL_LABELS[share.channel] ?? share.channel}`);
  setText(slot(row, 'message'), share.message);

  const undo = slot(row, 'undo');
  undo.setAttribute('aria-label', `Undo the share with ${share.contactName}`);
  askInPlace(row, undo, async () => {
    try {
      await api.undoShare(share.id);
      setStatus(`Removed the share with ${share.contactName}.`);
    } catch (error) {
      if (error.kind !== 'not-found') return showError(stateBlock, error);
    }
    if ($('rows').children.length === 1 && page > 1) page -= 1;
    await load();
  });
  return row;
}

async function download(format) {
  setStatus('');
  try {
    const { blob, filename } = await api.exportShares(format, filters());
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus(`Downloaded ${filename}.`);
  } catch (error) {
    showError(stateBlock, error);
  }
}

function setStatus(text) {
  $('status').textContent = text;
}
