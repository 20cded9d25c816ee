// Firefox exposes the promise-based `browser`; Chrome's MV3 `chrome` returns promises too. One name for both.
export const ext = globalThis.browser ?? globalThis.chrome;

/**
 * A plain notification. Chrome refuses one without an icon and a type; Firefox takes both but shows no buttons
 * and may drop `requireInteraction`, so nothing here depends on either.
 */
export function showNotification(id, { title, message }) {
  return ext.notifications.create(id, {
    type: 'basic',
    iconUrl: ext.runtime.getURL('icons/icon-128.png'),
    title,
    message,
  });
}

/** The toolbar badge for every tab (a tab's own text, such as the popup's "?", still shows over it). */
export async function setGlobalBadge(text) {
  if (!ext.action?.setBadgeText) return;
  await ext.action.setBadgeText({ text });
  // Firefox has no default badge colour for text set this way in every theme; Chrome's default is fine but matches.
  if (text) await ext.action.setBadgeBackgroundColor?.({ color: '#9a4b00' });
}

/**
 * The popup page in a small window of its own, told which tab to read: for when the browser cannot show the toolbar
 * popup (a window without a toolbar, such as a site's pop-up window, or a browser older than Chrome 127). The tab is
 * named rather than looked up, because the popup's own window is then the focused one.
 */
export function openPopupWindow(tabId) {
  const url = ext.runtime.getURL(`popup/popup.html?tabId=${encodeURIComponent(tabId ?? '')}`);
  return ext.windows.create({ url, type: 'popup', width: 420, height: 600 });
}
