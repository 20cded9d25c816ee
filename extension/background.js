// Background for both browsers: Chrome runs it as a service worker that is stopped when idle, Firefox as an
// event page. Nothing is kept in globals; the only job is the page context-menu entry.
import { ext } from './lib/ext.js';

const MENU_ID = 'who-should-see-this';

ext.runtime.onInstalled.addListener(() => {
  ext.contextMenus.create({ id: MENU_ID, title: 'Who should see this?', contexts: ['page', 'selection'] });
});

ext.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId !== MENU_ID) return;
  try {
    // The click is a user action, so the toolbar popup may open (Chrome 127+, Firefox).
    await ext.action.openPopup();
  } catch {
    // Older browsers refuse: show the same popup in a small window, pointed at the tab the user clicked in.
    const url = ext.runtime.getURL(`popup/popup.html?tabId=${encodeURIComponent(tab?.id ?? '')}`);
    await ext.windows.create({ url, type: 'popup', width: 420, height: 600 });
  }
});
