// Where the server is and who we are on it. Kept in storage.local (never storage.sync: a token must not
// travel to other machines with the browser profile).
import { ext } from './ext.js';

export const DEFAULT_SERVER_URL = 'http://localhost:5080';

// The manifest grants these hosts up front; any other server needs a runtime permission.
const BUILT_IN_HOSTS = new Set(['localhost', '127.0.0.1']);

export async function getSettings() {
  const { serverUrl = '', token = '' } = await ext.storage.local.get(['serverUrl', 'token']);
  return { serverUrl, token };
}

/** The popup's tone for drafts: 'brief', 'warm', 'formal', or '' for the account's own (set in the options). */
export async function getDraftTone() {
  const { draftTone = '' } = await ext.storage.local.get(['draftTone']);
  return draftTone;
}

export async function saveDraftTone(draftTone) {
  await ext.storage.local.set({ draftTone });
}

export async function saveSettings(changes) {
  await ext.storage.local.set(changes);
  // A cached popup answer belongs to the account that asked for it.
  await ext.storage.session?.clear();
}

/** "https://ch.example.org:8443/" → "https://ch.example.org:8443"; throws on anything that is not http(s). */
export function normalizeServerUrl(value) {
  const url = new URL(String(value).trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('Use an http:// or https:// address.');
  return url.origin;
}

/** Match patterns ignore the port, so one pattern covers the host on every port. */
export function hostPattern(serverUrl) {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export function needsRuntimePermission(serverUrl) {
  const url = new URL(serverUrl);
  return !(url.protocol === 'http:' && BUILT_IN_HOSTS.has(url.hostname));
}

/**
 * Users can revoke host access at any time (Firefox lets them revoke even the manifest's hosts), so every page
 * checks it again before calling the server.
 */
export async function hasHostPermission(serverUrl) {
  return ext.permissions.contains({ origins: [hostPattern(serverUrl)] });
}
