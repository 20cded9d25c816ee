// What the contacts page's features share: its elements, the page's error block and status line, and wording.
export const $ = (id) => document.getElementById(id);
export const stateBlock = $('state');

export function setStatus(text) {
  $('status').textContent = text;
}

export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
