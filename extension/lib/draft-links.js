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
    return { ...swapInQuery(link.url, original, edited), clipboardText };
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

// The query is rebuilt by hand, touching only the parameter that holds the draft: URLSearchParams would write
// spaces as "+", which mail clients show literally (RFC 6068 wants %20). mailto: bodies also need CRLF line
// breaks; web share intents take plain %0A.
function swapInQuery(href, original, edited) {
  const hashAt = href.indexOf('#');
  const hash = hashAt >= 0 ? href.slice(hashAt) : '';
  const withoutHash = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const queryAt = withoutHash.indexOf('?');
  if (queryAt < 0) return { url: href, carriesText: false };
  const base = withoutHash.slice(0, queryAt);
  const lineBreak = href.startsWith('mailto:') ? '\r\n' : '\n';
  let carriesText = false;
  const parts = withoutHash.slice(queryAt + 1).split('&').map((part) => {
    const [key, value = ''] = part.split('=');
    const decoded = decodeURIComponent(value.replace(/\+/g, '%20'));
    const swapped = swap(decoded, original, edited);
    if (swapped === decoded) return part;
    carriesText = true;
    return `${key}=${encodeURIComponent(swapped.replace(/\r?\n/g, lineBreak))}`;
  });
  return { url: `${base}?${parts.join('&')}${hash}`, carriesText };
}
