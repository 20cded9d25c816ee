// The first minute after the server starts: the embedding model is still loading, and the popup must neither
// wait for it nor look broken. Each test has the server it needs: one whose model file is a named pipe nobody writes
// to, so the real loader waits on it for the whole file (as on a slow disk) and the server stays in its warm-up for
// as long as the test needs; and one whose model file is empty, so loading fails and matching is lexical for good.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeFileSync, constants, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApi, signIn, openPopup, openArticle, apiClient, snap, sleep, useStack } from '../harness.js';

const FIRST_CALL_BOUND_MS = 3000; // the bound for the popup's first answer after a start

/** A model directory for the server: `model.onnx` made by `make(file)`. */
function modelDirectory(make) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'contenthelper-model-'));
  make(path.join(dir, 'model.onnx'));
  return dir;
}

const emptyModel = modelDirectory((file) => writeFileSync(file, ''));
let stack;
// The model's state as data is behind Health:ShowDetails; anonymous /health says it in words only.
useStack((started) => { stack = started; }, { apiEnv: { Matching__UseEmbeddings: 'true', Matching__ModelDirectory: emptyModel, Health__ShowDetails: 'true' } });
after(() => rmSync(emptyModel, { recursive: true, force: true }));

async function matchingModel(apiUrl) {
  return (await (await fetch(`${apiUrl}/health`)).json()).checks.matching.data.model;
}

test('right after the server starts, the popup answers within 3 s with word matches and says matching by meaning is warming up', async () => {
  const modelPipe = path.join(modelDirectory((file) => execFileSync('mkfifo', [file])), 'model.onnx');
  const warming = await startApi({ env: { Matching__UseEmbeddings: 'true', Matching__ModelDirectory: path.dirname(modelPipe), Health__ShowDetails: 'true' } });
  try {
    assert.equal(await matchingModel(warming.url), 'Loading', 'the model is still loading when the popup asks');

    const user = await apiClient(warming.url).createAccount('Ana Ruiz');
    const ben = await user.addContact({ name: 'Ben Carter', circle: 'sponsor', interests: ['carbon capture'], email: 'ben@example.com' });
    await signIn(stack, { serverUrl: warming.url, token: user.token });
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
  } finally {
    // Hand the waiting loader an empty file so it gives up, then stop the server.
    try {
      closeSync(openSync(modelPipe, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading the pipe (the server never got to it, or is gone)
    }
    await warming.stop();
    rmSync(path.dirname(modelPipe), { recursive: true, force: true });
  }
});

test('once matching is settled the popup shows no warm-up note', async () => {
  for (let i = 0; i < 100 && await matchingModel(stack.api.url) !== 'Failed'; i++) await sleep(100);
  assert.equal(await matchingModel(stack.api.url), 'Failed', 'an empty model file fails to load: matching stays lexical for good');
  const user = await apiClient(stack.api.url).createAccount('Bo');
  await user.addContact({ name: 'Ben Carter', interests: ['carbon capture'], email: 'ben@example.com' });
  await signIn(stack, { serverUrl: stack.api.url, token: user.token });
  const { url } = await openArticle(stack, 'carbon-capture.html');
  const popup = await openPopup(stack, url);
  await popup.getByTestId('suggestion').first().waitFor();
  assert.equal(await popup.getByTestId('matching-note').isVisible(), false);
});
