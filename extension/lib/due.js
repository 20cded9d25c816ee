// Who is due a note, said the same way wherever it shows (the keep-in-touch page, the popup's "Due a note", the
// contacts list): why now in a line, and a first note an import planned said as such ("planned for the week of
// 9 Mar"), never as "overdue by 1,584 days" beside "no contact yet". Server data goes in through textContent only.
import { daysAgo } from './ui.js';

const WEEK_DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const DAY_MS = 86_400_000;

/** "9 Mar": the day a week of the plan starts. */
export function weekOf(iso) {
  return iso ? WEEK_DAY.format(new Date(iso)) : '';
}

function neverContacted(contact) {
  return contact.daysSinceContact === null || contact.daysSinceContact === undefined;
}

/** The when-part: "first note planned for this week", "12 days overdue", "due in 3 days"… */
function when({ contact, daysOverdue, firstNote }) {
  if (firstNote) {
    // A week's plan starts on its planned day; someone left from an earlier week says which week that was.
    return daysOverdue < 7 ? 'first note planned for this week' : `first note planned for the week of ${weekOf(firstNote)}`;
  }
  if (neverContacted(contact)) {
    if (daysOverdue >= 0) return 'first note due';
    return daysOverdue === -1 ? 'first note due tomorrow' : `first note due in ${-daysOverdue} days`;
  }
  if (daysOverdue > 0) return daysOverdue === 1 ? '1 day overdue' : `${daysOverdue} days overdue`;
  if (daysOverdue === 0) return 'due today';
  return daysOverdue === -1 ? 'due tomorrow' : `due in ${-daysOverdue} days`;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Why this person now, for one line: "Last in touch 7 months ago · 12 days overdue", "First note planned for this
 * week". With `full`, where the relationship stands too: "Connected 4 years ago, no note since · every 180 days · …".
 * `person` is a keep-in-touch entry: { contact, daysOverdue, firstNote }.
 */
export function whyDue(person, { full = false } = {}) {
  const { contact } = person;
  const parts = [];
  if (!neverContacted(contact)) parts.push(`Last in touch ${daysAgo(contact.daysSinceContact)}`);
  else if (full && contact.connectedOn) parts.push(`Connected ${daysAgo(Math.floor((Date.now() - Date.parse(contact.connectedOn)) / DAY_MS))}, no note since`);
  else if (full) parts.push('No note sent yet');
  if (full && contact.cadenceDays) parts.push(`every ${contact.cadenceDays} days`);
  parts.push(when(person));
  return capitalised(parts.join(' · '));
}

/** Where someone stands: 'first-note' (never written to), 'overdue', or 'soon' (due within the week). */
export function dueState({ contact, daysOverdue, firstNote }) {
  return firstNote || neverContacted(contact) ? 'first-note' : daysOverdue >= 0 ? 'overdue' : 'soon';
}

const BADGES = { 'first-note': ['First note', 'ok'], overdue: ['Overdue', 'overdue'], soon: ['Soon due', 'neutral'] };

/** The badge next to a name: a first note, overdue, or soon due. */
export function setDueBadge(badge, person) {
  const [text, style] = BADGES[dueState(person)];
  badge.textContent = text;
  badge.classList.add(style);
}

/** "Coming up: 15 people from 9 Mar · 15 from 16 Mar": the weeks after this one, or '' when none. */
export function upcomingText(upcoming) {
  if (!upcoming?.length) return '';
  const weeks = upcoming.map(({ from, people }, i) => (i === 0 ? `${people} ${people === 1 ? 'person' : 'people'} from ${weekOf(from)}` : `${people} from ${weekOf(from)}`));
  return `Coming up: ${weeks.join(' · ')}.`;
}
