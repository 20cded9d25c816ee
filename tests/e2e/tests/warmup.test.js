// The first minute after the server starts: the embedding model is still loading, and the popup must neither
// wait for it nor look broken. The model file is a named pipe nobody writes to, so the real loader waits on it
// for the whole file (as on a slow disk) and the server stays in its warm-up for as long as the test needs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, constants, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn, openPopup, openArticle, apiClient, snap, useStack } from '../harness.js';

const FIRST_CALL_BOUND_MS = 3000; // the bound for the popup's first answer after a start

const modelDir = mkdtempSync(path.join(os.tmpdir(), 'contenthelper-model-'));
const modelPipe = path.join(modelDir, 'model.onnx');
execFileSync('mkfifo', [modelPipe]);

let stack;
useStack((started) => { stack = started; }, { apiEnv: { Matching__UseEmbeddings: 'true', Matching__ModelDirectory: modelDir } });

after(() => {
  // Hand the waiting loader an empty file so it gives up; no reader (the API already gone) is fine too.
  try {
    closeSync(openSync(modelPipe, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody is reading the pipe any more
  }
  rmSync(modelDir, { recursive: true, force: true });
});

test('right after the server starts, the popup answers within 3 s with word matches and says matching by meaning is warming up', async () => {
  const health = await (await fetch(`${stack.api.url}/health`)).json();
  assert.equal(health.checks.matching.data.model, 'Loading', 'the model is still loading when the popup asks');

  const user = await apiClient(stack.api.url).createAccount('Ana Ruiz');
  const ben = await user.addContact({ name: 'Ben Carter', circle: 'sponsor', interests: ['carbon capture'], email: 'ben@example.com' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);

  await popup.getByTestId('suggestion').first().waitFor();
  const askMs = await popup.evaluate(() => performance.getEntriesByType('resource')
    .find((entry) => new URL(entry.name).pathname === '/api/suggestions')?.duration);
  assert.ok(askMs > 0 && askMs < FIRST_CALL_BOUND_MS, `the first suggestions call took ${Math.round(askMs)} ms`);
  assert.deepEqual(await popup.getByTestId('suggestion-name').allInnerTexts(), [ben.name]);
  assert.match(await popup.getByTestId('suggestion-reason').first().innerText(), /carbon capture/i);

  console.log(`first suggestions call: ${Math.round(askMs)} ms`);
  const note = popup.getByTestId('matching-note');
  assert.equal(await note.isVisible(), true, 'the popup says matching by meaning is not on yet');
  assert.match(await note.innerText(), /still loading its matching by meaning/);
  await snap(popup, 'popup-warming-up.png');
});

test('once matching is settled the popup shows no warm-up note', async () => {
  const user = await apiClient(stack.api.url).createAccount('Bo');
  await user.addContact({ name: 'Ben Carter', interests: ['carbon capture'], email: 'ben@example.com' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  // An empty model file: loading fails and matching stays lexical for good, which is not a warm-up.
  closeSync(openSync(modelPipe, constants.O_WRONLY | constants.O_NONBLOCK));
  for (let i = 0; i < 100; i++) {
    const health = await (await fetch(`${stack.api.url}/health`)).json();
    if (health.checks.matching.data.model === 'Failed') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  await popup.getByTestId('suggestion').first().waitFor();
  assert.equal(await popup.getByTestId('matching-note').isVisible(), false);
});
