// The only module that knows the ContentHelper API: its routes, its JSON shapes and its errors.
// Pages call these functions and get plain objects back, or an ApiError whose `kind` they can design a state for.
import { getSettings } from './lib/settings.js';

const TIMEOUT_MS = 20_000;

export const CHANNELS = ['email', 'linkedin', 'whatsapp', 'x', 'telegram', 'facebook', 'other'];

export const CHANNEL_LABELS = {
  email: 'Email',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  x: 'X',
  telegram: 'Telegram',
  facebook: 'Facebook',
  other: 'Other',
};

export const CIRCLES = [
  'strategic', 'mentor', 'sponsor', 'peer', 'sector', 'outOfSector',
  'geographic', 'superConnector', 'local', 'specialist', 'informationGenerator', 'social',
];

export const CIRCLE_LABELS = {
  strategic: 'Strategic',
  mentor: 'Mentor',
  sponsor: 'Sponsor',
  peer: 'Peer',
  sector: 'In my sector',
  outOfSector: 'Outside my sector',
  geographic: 'Geographic',
  superConnector: 'Super connector',
  local: 'Local',
  specialist: 'Specialist',
  informationGenerator: 'Information generator',
  social: 'Social',
};

export const ACTION_LABELS = { send: 'Send', tag: 'Tag' };

/**
 * kind is one of: not-configured, unreachable, unauthorized, forbidden, not-found, unsupported (the server has
 * no such route yet), invalid (400, see `errors`), conflict (409), too-large, unsupported-format (415), server.
 */
export class ApiError extends Error {
  constructor(kind, message, { status = 0, detail = '', errors = {} } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    /** For 400s: { fieldName: [messages] } with the JSON (camelCase) field names. */
    this.errors = errors;
  }
}

// Accounts and tokens

/** Whether a ContentHelper server answers at `serverUrl` (its /health, no token): the first run's check. */
export async function isServerUp(serverUrl) {
  try {
    const response = await fetch(new URL('/health', serverUrl), { signal: AbortSignal.timeout(3000), credentials: 'omit', cache: 'no-store' });
    const body = response.ok ? await response.json() : null;
    return Boolean(body?.checks);
  } catch {
    return false;
  }
}

/** Creates an account on `serverUrl` (no token needed) → { accountId, token }. */
export function createAccount(serverUrl, name) {
  return call('POST', '/api/accounts', { body: { name }, server: { serverUrl, token: '' }, anonymous: true });
}

/** → { accountId, name, interests, useImplicitInterests }. Pass `server` to try settings before saving them. */
export function getMe(server) {
  return call('GET', '/api/me', { server });
}

/** useImplicitInterests left out leaves it as it is. */
export function updateMe({ name, interests, useImplicitInterests }) {
  return call('PUT', '/api/me', { body: { name, interests, useImplicitInterests } });
}

export function revokeCurrentToken() {
  return call('DELETE', '/api/tokens/current');
}

// Suggestions: the popup's one call

/** → SuggestionsResponse { article, suggestions, groupTag, noMatchReason }. */
export function getSuggestions({ url, html, selection, limit }) {
  return call('POST', '/api/suggestions', { body: { url, html, selection: selection || null, limit }, routeMayBeMissing: true });
}

export function dismissSuggestion({ contactId, url, notForThem = false }) {
  return call('POST', '/api/suggestions/dismiss', { body: { contactId, url, notForThem }, routeMayBeMissing: true });
}

// Shares

/**
 * Records a share → { shares: [ShareResponse], replayed }. The same idempotencyKey again returns the first
 * result, so a retry after a lost answer never records twice.
 */
export function recordShare({ contactIds, url, title, action, channel, message, idempotencyKey }) {
  return call('POST', '/api/shares', { body: { contactIds, url, title, action, channel, message, idempotencyKey } });
}

export function undoShare(id) {
  return call('DELETE', `/api/shares/${encodeURIComponent(id)}`);
}

/** → { items: [ShareResponse], page, pageSize, total }, newest first. Dates are Date or yyyy-mm-dd strings. */
export function listShares({ q, contactId, channel, from, to, page = 1, pageSize = 20 } = {}) {
  return call('GET', '/api/shares', { query: { q, contactId, channel, from: isoDate(from), to: isoDate(to), page, pageSize } });
}

/** → { blob, filename } of the history in `format` ('csv' or 'markdown'), with the same filters as listShares. */
export async function exportShares(format, { q, contactId, channel, from, to } = {}) {
  const response = await call('GET', '/api/shares/export', {
    query: { format, q, contactId, channel, from: isoDate(from), to: isoDate(to) },
    raw: true,
  });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1]
    ?? `contenthelper-shares.${format === 'markdown' ? 'md' : 'csv'}`;
  return { blob: await response.blob(), filename: decodeURIComponent(filename) };
}

// Reading list and keep in touch

/** Keeps the page in the reading list without sharing it → RecentArticleResponse. */
export function saveForLater({ url, html }) {
  return call('POST', '/api/articles/recent', { body: { url, html }, routeMayBeMissing: true });
}

/**
 * Who is due a note → KeepInTouchResponse { due, soon, withIdeas, contacts: [{ contact, daysOverdue, idea, noIdeaReason }] },
 * most valuable first; `idea` is { article, suggestion } with the suggestion's reasons, draft and links.
 */
export function getKeepInTouch({ limit } = {}) {
  return call('GET', '/api/keep-in-touch', { query: { limit }, routeMayBeMissing: true });
}

/** Leaves a contact off the keep-in-touch list for `days` (a week when left out) → ContactResponse. */
export function snoozeContact(id, days) {
  return call('POST', `/api/contacts/${encodeURIComponent(id)}/snooze`, { body: days ? { days } : {} });
}

export function unsnoozeContact(id) {
  return call('DELETE', `/api/contacts/${encodeURIComponent(id)}/snooze`);
}

// Contacts

/** → { items: [ContactResponse], page, pageSize, total }. sort: name | overdue | recent. */
export function listContacts({ q, circle, interest, overdue, sort, page = 1, pageSize = 25 } = {}) {
  return call('GET', '/api/contacts', { query: { q, circle, interest, overdue, sort, page, pageSize } });
}

export function getContact(id) {
  return call('GET', `/api/contacts/${encodeURIComponent(id)}`);
}

export function createContact(contact) {
  return call('POST', '/api/contacts', { body: contact });
}

/** PUT replaces every field: send the whole contact. */
export function updateContact(id, contact) {
  return call('PUT', `/api/contacts/${encodeURIComponent(id)}`, { body: contact });
}

export function deleteContact(id) {
  return call('DELETE', `/api/contacts/${encodeURIComponent(id)}`);
}

// Imports, duplicates and suggested interests

export const IMPORT_FORMAT_LABELS = { linkedin: 'LinkedIn', googleContacts: 'Google Contacts', vcard: 'vCard' };

/**
 * Uploads a LinkedIn Connections.csv, a Google Contacts CSV or a vCard file → ImportResponse
 * { importId (null in a dry run), dryRun, format, encoding, counts: { created, updated, unchanged, errors },
 *   rows: [{ line, action: create|update|unchanged|error, name, contactId, matchedBy, changes: [{ field, before, after }], error, warnings }] }.
 * dryRun plans without writing. A file the server cannot read is an ApiError of kind unsupported-format whose
 * detail names the formats it takes.
 */
export function importContacts(file, { dryRun = false } = {}) {
  const form = new FormData();
  form.append('file', file, file.name);
  return call('POST', '/api/contacts/import', { form, query: { dryRun: dryRun || undefined }, routeMayBeMissing: true });
}

/** → [{ id, format, fileName, importedAt, counts, undoneAt }], newest first, undone ones included. */
export function listImports() {
  return call('GET', '/api/imports', { routeMayBeMissing: true });
}

/**
 * Undoes an import → { importId, contactsRemoved, fieldsReverted, kept: [{ contactId, name, field, reason }] };
 * `kept` is what the user changed since, left as it is. An import already undone is a conflict.
 */
export function undoImport(id) {
  return call('DELETE', `/api/imports/${encodeURIComponent(id)}`);
}

/** → { groups: [{ contacts: [ContactResponse], reasons: [linkedInUrl|email|nameAndCompany|similarName] }] }. */
export function findDuplicates() {
  return call('GET', '/api/contacts/duplicates', { routeMayBeMissing: true });
}

/** Folds `otherIds` into `id` (they are deleted, their history moves) → { contact, mergedIds, sharesMoved }. */
export function mergeContacts(id, otherIds) {
  return call('POST', `/api/contacts/${encodeURIComponent(id)}/merge`, { body: { otherIds } });
}

/** Moves suggested interests into the contact's interests (all of them without a list) → ContactResponse. */
export function acceptSuggestedInterests(id, interests) {
  return call('POST', `/api/contacts/${encodeURIComponent(id)}/interests/accept`, { body: interests ? { interests } : {} });
}

/** Drops suggested interests (all of them without a list) → ContactResponse. */
export function dismissSuggestedInterests(id, interests) {
  return call('POST', `/api/contacts/${encodeURIComponent(id)}/interests/dismiss`, { body: interests ? { interests } : {} });
}

// The one place that talks HTTP

async function call(method, path, { body, form, query, server, anonymous = false, raw = false, routeMayBeMissing = false } = {}) {
  const { serverUrl, token } = server ?? await getSettings();
  if (!serverUrl) throw new ApiError('not-configured', 'No server is configured.');
  if (!anonymous && !token) throw new ApiError('not-configured', 'Not signed in.');

  const url = new URL(path, serverUrl);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers = { Accept: 'application/json, application/problem+json' };
  if (!anonymous) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    // fetch rejects only when no HTTP answer came back: server down, wrong address, no host permission, timeout.
    const timedOut = error?.name === 'TimeoutError';
    throw new ApiError('unreachable', timedOut ? 'The server did not answer in time.' : `Could not reach ${serverUrl}.`);
  }

  if (response.ok) {
    if (raw) return response;
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') ?? '';
    return type.includes('json') ? response.json() : response.text();
  }
  throw await problemToError(response, routeMayBeMissing);
}

async function problemToError(response, routeMayBeMissing) {
  let problem = {};
  try {
    if ((response.headers.get('Content-Type') ?? '').includes('json')) problem = await response.json();
  } catch {
    // A proxy's HTML error page: the status alone has to do.
  }
  const status = response.status;
  const title = typeof problem.title === 'string' ? problem.title : '';
  const detail = typeof problem.detail === 'string' ? problem.detail : '';
  const errors = problem.errors && typeof problem.errors === 'object' ? problem.errors : {};
  const kind = status === 401 ? 'unauthorized'
    : status === 403 ? 'forbidden'
    : status === 404 || status === 405 ? (routeMayBeMissing ? 'unsupported' : 'not-found')
    : status === 400 || status === 422 ? 'invalid'
    : status === 409 ? 'conflict'
    : status === 413 ? 'too-large'
    : status === 415 ? 'unsupported-format'
    : 'server';
  return new ApiError(kind, title || `The server answered ${status}.`, { status, detail, errors });
}

function isoDate(value) {
  if (!value) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}
