// The first click never fails for being early. A server just started (model loading, nothing compiled yet) answers
// within its real 5 s budget, by words if the meaning is not ready; a server that is busy anyway answers 503 with
// Retry-After, and the popup says so, counts down and asks once more by itself; busy twice, it says the server is busy
// and offers to try again — never "Something went wrong".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startApi, signIn, openPopup, openArticle, apiClient, snap, freePort, useStack } from '../harness.js';

let stack;
useStack((started) => { stack = started; });

async function userWithBen(apiUrl) {
  const user = await apiClient(apiUrl).createAccount('Ana Ruiz');
  await user.addContact({ name: 'Ben Carter', circle: 'sponsor', interests: ['carbon capture'], email: 'ben@example.com' });
  await signIn(stack, { serverUrl: apiUrl, token: user.token });
  return user;
}

/** The durations of the popup's calls to /api/suggestions, in order. */
function suggestionCalls(popup) {
  return popup.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => new URL(entry.name).pathname === '/api/suggestions')
    .map((entry) => Math.round(entry.duration)));
}

test('the first popup right after a server start answers, within the real budget, without an error', async () => {
  const started = Date.now();
  // The server's own defaults: the 5 s budget, the shipped model loading in the background.
  const fresh = await startApi({ env: { Suggestions__TimeBudget: '00:00:05', Articles__TimeBudget: '00:00:02', Matching__ArticleEmbedWait: '00:00:01' } });
  try {
    const healthyAfter = Date.now() - started;
    await userWithBen(fresh.url);
    const { url } = await openArticle(stack, 'carbon-capture.html');
    const popup = await openPopup(stack, url);

    assert.equal(await popup.getByTestId('error').isVisible(), false, `an error state: ${await popup.getByTestId('error').innerText()}`);
    await popup.getByTestId('suggestion').first().waitFor();
    assert.deepEqual(await popup.getByTestId('suggestion-name').allInnerTexts(), ['Ben Carter']);
    const calls = await suggestionCalls(popup);
    assert.ok(calls.length >= 1 && calls.length <= 2, `${calls.length} calls`);
    console.log(`server healthy ${healthyAfter} ms after its start; the popup's suggestions call${calls.length > 1 ? 's' : ''}: ${calls.join(' ms, then ')} ms`);
    await snap(popup, 'popup-first-click.png');
  } finally {
    await fresh.stop();
  }
});

/**
 * A server in front of the real one that answers the first `busy` suggestion calls with 503 and Retry-After, as a busy
 * server does, and passes everything else through → { url, calls, stop }. `onPass` runs before each suggestion call it
 * passes on.
 */
async function busyServer(targetUrl, { busy, retryAfter, onPass = async () => {} }) {
  let calls = 0;
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    if (request.url === '/api/suggestions' && request.method === 'POST' && ++calls <= busy) {
      response.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': String(retryAfter) });
      response.end(JSON.stringify({ status: 503, title: 'The article took too long to analyse.', detail: 'Nothing was ready within 5 s.' }));
      return;
    }
    if (request.url === '/api/suggestions') await onPass();
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)));
    const answer = await fetch(`${targetUrl}${request.url}`, { method: request.method, headers, body: body.length ? body : undefined });
    response.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

test('a busy answer (503, Retry-After) is asked again once by the popup, which says so meanwhile', async () => {
  let popup;
  const shownBeforeRetry = [];
  const busy = await busyServer(stack.api.url, {
    busy: 1,
    retryAfter: 2,
    onPass: async () => shownBeforeRetry.push(await popup.locator('#loading-text').innerText()),
  });
  try {
    await userWithBen(busy.url);
    const { url } = await openArticle(stack, 'carbon-capture.html');
    const opened = stack.browser.context.waitForEvent('page');
    const ready = openPopup(stack, url);
    popup = await opened;
    // The countdown, while the popup waits out the server's Retry-After.
    await popup.getByText(/^Your server is busy\. Asking again in \d s…$/).waitFor();
    await ready;
    await popup.getByTestId('suggestion').first().waitFor();
    assert.equal(busy.calls(), 2);
    assert.deepEqual(shownBeforeRetry, ['Asking again…']);
    assert.equal(await popup.getByTestId('error').isVisible(), false);
  } finally {
    await busy.stop();
  }
});

test('busy twice, the popup says the server is busy and offers to try again — not "Something went wrong"', async () => {
  const busy = await busyServer(stack.api.url, { busy: Infinity, retryAfter: 1 });
  try {
    await userWithBen(busy.url);
    const { url } = await openArticle(stack, 'carbon-capture.html');
    const popup = await openPopup(stack, url);
    const state = popup.getByTestId('error');
    assert.equal(await state.getAttribute('data-state'), 'busy');
    assert.match(await state.innerText(), /Your server is busy/);
    assert.doesNotMatch(await state.innerText(), /Something went wrong/);
    assert.equal(await popup.getByRole('button', { name: 'Try again' }).isVisible(), true);
    assert.equal(busy.calls(), 2, 'asked once more by itself, not in a loop');
    await snap(popup, 'popup-busy.png');
  } finally {
    await busy.stop();
  }
});
