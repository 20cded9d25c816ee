// The server builds every share link around its draft. When the user edits the draft in the popup, the link
// must carry the edited text instead: swap the draft inside whichever query parameter holds it.
// Pure functions, no browser APIs, so node's test runner can check them directly.

/**
 * → { url, clipboardText, carriesText }. carriesText is false when the edit could not be put in the link
 * (a channel whose link holds no text, or a draft the server shortened for X): the caller copies the text.
 */
export function linkWithText(link, original, edited) {
  const clipboardText = swap(link.clipboardText, original, edited);
  if (edited === original) return { url: link.url, clipboardText, carriesText: true };
  try {
    return link.url.startsWith('mailto:')
      ? { ...swapInMailto(link.url, original, edited), clipboardText }
      : { ...swapInQuery(link.url, original, edited), clipboardText };
  } catch {
    return { url: link.url, clipboardText, carriesText: false };
  }
}

function swap(text, original, edited) {
  if (text === null || text === undefined) return text;
  const normalized = text.replace(/\r\n/g, '\n');
  const from = original.replace(/\r\n/g, '\n');
  return normalized.includes(from) ? normalized.replace(from, () => edited) : text;
}

function swapInQuery(href, original, edited) {
  const url = new URL(href);
  let carriesText = false;
  for (const [key, value] of [...url.searchParams]) {
    const swapped = swap(value, original, edited);
    if (swapped !== value) {
      url.searchParams.set(key, swapped);
      carriesText = true;
    }
  }
  return { url: url.href, carriesText };
}

// URLSearchParams writes spaces as "+", which mail clients show literally: RFC 6068 wants %20, and line
// breaks as %0D%0A, so a mailto: link is rebuilt by hand.
function swapInMailto(href, original, edited) {
  const [address, query = ''] = href.slice('mailto:'.length).split('?');
  let carriesText = false;
  const parts = query.split('&').filter(Boolean).map((part) => {
    const [key, value = ''] = part.split('=');
    const decoded = decodeURIComponent(value);
    const swapped = swap(decoded, original, edited);
    if (swapped === decoded) return part;
    carriesText = true;
    return `${key}=${encodeURIComponent(swapped.replace(/\r?\n/g, '\r\n'))}`;
  });
  return { url: `mailto:${address}${parts.length ? `?${parts.join('&')}` : ''}`, carriesText };
}
