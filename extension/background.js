// Background for both browsers: Chrome runs it as a service worker that is stopped when idle, Firefox as an
// event page. Nothing is kept in globals: the page context-menu entry, and the keep-in-touch reminder (alarms,
// notification, badge), whose listeners are registered at the top so an alarm or a click wakes it.
import { ext, openPopupWindow } from './lib/ext.js';
import {
  REMINDER_ALARM, BADGE_ALARM, NOTIFICATION_ID, KEEP_IN_TOUCH_PAGE, scheduleReminders, checkKeepInTouch,
} from './lib/reminders.js';

const MENU_ID = 'who-should-see-this';
// A change to any of these changes who is due or whether to say so.
const REMINDER_KEYS = ['remindersOn', 'reminderDays', 'serverUrl', 'token'];

ext.runtime.onInstalled.addListener(async () => {
  ext.contextMenus.create({ id: MENU_ID, title: 'Who should see this?', contexts: ['page', 'selection'] });
  await scheduleReminders();
  await checkKeepInTouch({ notify: false });
});

ext.runtime.onStartup.addListener(async () => {
  await scheduleReminders();
  await checkKeepInTouch({ notify: false });
});

ext.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId !== MENU_ID) return;
  try {
    // The click is a user action, so the toolbar popup may open (Chrome 127+, Firefox).
    await ext.action.openPopup();
  } catch {
    // Refused (a window without a toolbar, an older browser): the same popup in a window of its own, for this tab.
    await openPopupWindow(tab?.id);
  }
});

ext.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name === REMINDER_ALARM) await checkKeepInTouch({ notify: true });
  else if (alarm.name === BADGE_ALARM) await checkKeepInTouch({ notify: false });
});

ext.notifications.onClicked.addListener(async (id) => {
  if (id !== NOTIFICATION_ID) return;
  await ext.notifications.clear(id);
  await ext.tabs.create({ url: ext.runtime.getURL(KEEP_IN_TOUCH_PAGE) });
});

ext.storage.onChanged.addListener(async (changes, area) => {
  if (area !== 'local' || !REMINDER_KEYS.some((key) => key in changes)) return;
  await scheduleReminders();
  await checkKeepInTouch({ notify: false });
});
