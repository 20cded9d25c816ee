// Sign-in through the team's identity provider, for a server with OpenID Connect on: the server's sign-in page opens
// in a tab, the person signs in there (and approves a token for this browser), and the page the server ends on
// carries a one-time code. This page watches its tab arrive there — the host permission for the server lets it see
// that tab's address — and trades the code, with a PKCE verifier only it holds, for a token named for this browser.
// Nothing to copy and paste, and no permission beyond the server's host.
import { ext } from './ext.js';
import * as api from '../api.js';

const SIGN_IN_TIMEOUT_MS = 10 * 60_000; // a person at their provider's sign-in page, perhaps with a second factor

export class SignInCancelled extends Error {
  constructor(message) {
    super(message);
    this.name = 'SignInCancelled';
  }
}

/**
 * Opens `signInPath` on `serverUrl` in a new tab and resolves to the token once the person has signed in there;
 * rejects with SignInCancelled when they close the tab or take longer than ten minutes.
 */
export async function signInThroughProvider(serverUrl, signInPath, tokenName) {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const start = new URL(signInPath, serverUrl);
  start.searchParams.set('challenge', challenge);
  start.searchParams.set('name', tokenName);
  const done = new URL(`${start.pathname.replace(/\/$/, '')}/done`, serverUrl);

  const tab = await ext.tabs.create({ url: start.href });
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(reject, new SignInCancelled('The sign-in took too long; try again.')), SIGN_IN_TIMEOUT_MS);
    function onUpdated(tabId, change) {
      if (tabId !== tab.id || !change.url) return;
      const url = new URL(change.url);
      if (url.origin === done.origin && url.pathname === done.pathname && url.searchParams.get('code')) {
        finish(resolve, url.searchParams.get('code'));
      }
    }
    function onRemoved(tabId) {
      if (tabId === tab.id) finish(reject, new SignInCancelled('The sign-in tab was closed before the sign-in finished.'));
    }
    function finish(settle, value) {
      clearTimeout(timer);
      ext.tabs.onUpdated.removeListener(onUpdated);
      ext.tabs.onRemoved.removeListener(onRemoved);
      settle(value);
    }
    ext.tabs.onUpdated.addListener(onUpdated);
    ext.tabs.onRemoved.addListener(onRemoved);
  });
  const { token } = await api.exchangeSignInCode(serverUrl, code, verifier);
  await ext.tabs.remove(tab.id).catch(() => {}); // already closed by the person: fine
  return token;
}

/** "Firefox on Linux", "Chromium on Windows": how the account page lists this browser's token. */
export function browserName() {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox'
    : /Edg\//.test(ua) ? 'Edge'
    : /OPR\//.test(ua) ? 'Opera'
    : /Chromium\//.test(ua) || navigator.userAgentData?.brands?.some((b) => b.brand === 'Chromium') && !navigator.userAgentData?.brands?.some((b) => b.brand === 'Google Chrome') ? 'Chromium'
    : /Chrome\//.test(ua) ? 'Chrome'
    : 'Browser';
  const system = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android'
    : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}

function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
