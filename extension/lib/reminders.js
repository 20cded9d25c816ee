// The keep-in-touch reminder: a browser notification every few days ("3 people are due a note — 2 have something
// from your reading") and the number of people due on the toolbar badge. The background page runs it; the options
// page only changes the settings, which the background picks up from storage.
import * as api from '../api.js';
import { ext, showNotification, setGlobalBadge } from './ext.js';

export const REMINDER_ALARM = 'keep-in-touch';
export const BADGE_ALARM = 'keep-in-touch-badge';
export const NOTIFICATION_ID = 'keep-in-touch';
export const KEEP_IN_TOUCH_PAGE = 'keep-in-touch/keep-in-touch.html';

export const DEFAULT_REMINDER_DAYS = 7;
const BADGE_MINUTES = 60;

/** { remindersOn, reminderDays }: on, weekly, unless the options say otherwise. */
export async function getReminderSettings() {
  const { remindersOn = true, reminderDays = DEFAULT_REMINDER_DAYS } = await ext.storage.local.get(['remindersOn', 'reminderDays']);
  return { remindersOn: remindersOn !== false, reminderDays: Number(reminderDays) || DEFAULT_REMINDER_DAYS };
}

/**
 * Sets the alarms to the settings. An alarm already at the right period is left alone: every browser start
 * would otherwise push the weekly reminder a week further out.
 */
export async function scheduleReminders() {
  const { remindersOn, reminderDays } = await getReminderSettings();
  if (!remindersOn) {
    await ext.alarms.clear(REMINDER_ALARM);
    await ext.alarms.clear(BADGE_ALARM);
    await setGlobalBadge('');
    return;
  }
  const period = reminderDays * 24 * 60;
  const current = await ext.alarms.get(REMINDER_ALARM);
  if (current?.periodInMinutes !== period) ext.alarms.create(REMINDER_ALARM, { delayInMinutes: period, periodInMinutes: period });
  const badge = await ext.alarms.get(BADGE_ALARM);
  if (!badge) ext.alarms.create(BADGE_ALARM, { delayInMinutes: 1, periodInMinutes: BADGE_MINUTES });
}

/** "3 people are due a note — 2 have something from your reading"; null when nobody is due. */
export function reminderText({ due, withIdeas }) {
  if (!due) return null;
  const people = due === 1 ? '1 person is due a note' : `${due} people are due a note`;
  if (!withIdeas) return people;
  return `${people} — ${withIdeas === 1 && due === 1 ? 'they have' : withIdeas === 1 ? '1 has' : `${withIdeas} have`} something from your reading`;
}

/**
 * Asks the server who is due, puts the count on the badge and, when `notify`, shows the reminder. Quiet when the
 * reminders are off, the extension is not signed in or the server cannot be reached: a reminder is no place for
 * an error, the page it opens has the designed states.
 */
export async function checkKeepInTouch({ notify }) {
  const { remindersOn } = await getReminderSettings();
  if (!remindersOn) return null;
  let answer;
  try {
    answer = await api.getKeepInTouch();
  } catch {
    await setGlobalBadge('');
    return null;
  }
  await setGlobalBadge(answer.due > 99 ? '99+' : answer.due > 0 ? String(answer.due) : '');
  const message = reminderText(answer);
  if (notify && message) await showNotification(NOTIFICATION_ID, { title: 'Keep in touch', message });
  return answer;
}
