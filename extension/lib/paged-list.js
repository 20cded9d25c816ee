// The contacts and history pages show the server's list a page at a time, under filters, tabs and pager buttons
// that the user can change faster than the server answers. Both pages name their parts alike: rows, empty, pager
// (prev, page-info, next) and the error block.
import { setText, hideState, showError } from './ui.js';

const $ = (id) => document.getElementById(id);

/**
 * Returns the page's load(): `fetchPage()` asks the server, `show(answer)` renders it. Only the latest of
 * overlapping loads shows its answer or its error, and the page is marked ready once it has.
 */
export function latestOnly(stateBlock, fetchPage, show) {
  let latest = 0;
  return async function load() {
    const ticket = ++latest;
    hideState(stateBlock);
    document.body.removeAttribute('data-ready');
    try {
      const answer = await fetchPage();
      if (ticket === latest) show(answer);
    } catch (error) {
      if (ticket !== latest) return;
      $('rows').replaceChildren();
      $('pager').hidden = true;
      $('empty').hidden = true;
      showError(stateBlock, error, { retry: load });
    } finally {
      if (ticket === latest) document.body.dataset.ready = 'true';
    }
  };
}

/** "Page 2 of 5 · 112 contacts", with the buttons on either side; hidden while everything fits on one page. */
export function showPager({ page, pageSize, total, noun }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  $('pager').hidden = total <= pageSize;
  $('prev').disabled = page <= 1;
  $('next').disabled = page >= pages;
  setText($('page-info'), `Page ${page} of ${pages} · ${total} ${noun}`);
}
