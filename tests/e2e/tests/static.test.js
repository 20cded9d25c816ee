// Checks that need no browser: the store packages (built by tools/package-extension.sh) and Firefox's linter on
// the one it would get, the manifest, and the draft-into-link rewriting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { linkWithText } from '../../../extension/lib/draft-links.js';
import { reminderText } from '../../../extension/lib/reminders.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXTENSION = path.resolve(HERE, '../../../extension');
const PACKAGE_SCRIPT = path.resolve(HERE, '../../../tools/package-extension.sh');
const WEB_EXT = path.resolve(HERE, '../node_modules/.bin/web-ext');
const run = promisify(execFile);

let dist;
let packages; // { firefox, chrome }: the zips' paths, as the script printed them
before(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'contenthelper-dist-'));
  const { stdout } = await run(PACKAGE_SCRIPT, [dist], { timeout: 120_000 });
  const [firefox, chrome] = stdout.trim().split('\n');
  packages = { firefox, chrome };
});
after(() => rm(dist, { recursive: true, force: true }));

function entries(zipPath) {
  return new AdmZip(zipPath).getEntries().filter((e) => !e.isDirectory).map((e) => e.entryName).sort();
}

function manifestIn(zipPath) {
  return JSON.parse(new AdmZip(zipPath).readAsText('manifest.json'));
}

// One warning is expected and accepted: BACKGROUND_SERVICE_WORKER_IGNORED. The manifest names both
// background.service_worker (Chrome) and background.scripts (Firefox) on purpose — one manifest for both
// browsers — and Firefox ignores the key it does not use.
const ACCEPTED_WARNINGS = new Set(['BACKGROUND_SERVICE_WORKER_IGNORED']);

test('the store packages are named after the manifest version and hold the extension and nothing else', async () => {
  const { version } = JSON.parse(await readFile(path.join(EXTENSION, 'manifest.json'), 'utf8'));
  assert.equal(path.basename(packages.firefox), `contenthelper-${version}-firefox.zip`);
  assert.equal(path.basename(packages.chrome), `contenthelper-${version}-chrome.zip`);
  const { readdir } = await import('node:fs/promises');
  const shipped = (await readdir(EXTENSION, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.endsWith('.svg'))
    .map((e) => path.relative(EXTENSION, path.join(e.parentPath, e.name)))
    .sort();
  for (const zip of [packages.firefox, packages.chrome]) {
    const files = entries(zip);
    assert.deepEqual(files, shipped, `${path.basename(zip)} holds exactly the extension's files`);
    assert.ok(!files.some((f) => /(^|\/)(tests?|node_modules|\.git)(\/|$)|\.test\.js$|\.svg$/.test(f)), 'no tests, sources or tooling');
    assert.equal(manifestIn(zip).version, version);
  }
});

test('the Chrome package has no Firefox-only manifest keys; the Firefox one keeps its add-on id', () => {
  const chrome = manifestIn(packages.chrome);
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.deepEqual(chrome.background, { service_worker: 'background.js', type: 'module' });
  const firefox = manifestIn(packages.firefox);
  assert.equal(firefox.browser_specific_settings.gecko.id, 'contenthelper@contenthelper.app');
  assert.deepEqual(firefox.background.scripts, ['background.js']);
});

test('web-ext lint finds no errors and no unexplained warnings in the Firefox package', async () => {
  const unpacked = await mkdtemp(path.join(os.tmpdir(), 'contenthelper-firefox-'));
  new AdmZip(packages.firefox).extractAllTo(unpacked);
  const stdout = await new Promise((resolve, reject) => {
    execFile(WEB_EXT, ['lint', '--source-dir', unpacked, '--output', 'json', '--no-config-discovery'],
      { timeout: 120_000, maxBuffer: 10_000_000 }, (error, out) => (out ? resolve(out) : reject(error)));
  });
  await rm(unpacked, { recursive: true, force: true });
  const report = JSON.parse(stdout);
  assert.deepEqual(report.errors.map((e) => `${e.code}: ${e.message}`), []);
  assert.deepEqual(report.warnings.filter((w) => !ACCEPTED_WARNINGS.has(w.code)).map((w) => `${w.code}: ${w.message}`), []);
});

test('the manifest asks for no more than it needs', async () => {
  const manifest = JSON.parse(await readFile(path.join(EXTENSION, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'alarms', 'contextMenus', 'notifications', 'scripting', 'storage']);
  assert.deepEqual(manifest.host_permissions, ['http://localhost/*', 'http://127.0.0.1/*']);
  assert.ok(!JSON.stringify(manifest).includes('<all_urls>'));
  assert.ok(manifest.optional_host_permissions.length > 0);
  assert.equal(manifest.background.service_worker, 'background.js');
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.ok(manifest.browser_specific_settings.gecko.id);
  assert.ok(manifest.commands._execute_action);
});

test('no extension file puts markup into the page with innerHTML', async () => {
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir(EXTENSION, { recursive: true })).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    const source = await readFile(path.join(EXTENSION, file), 'utf8');
    assert.doesNotMatch(source, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/, file);
  }
});

test('an unedited draft leaves the link as the server built it', () => {
  const link = { url: 'https://x.com/intent/tweet?text=Hi%20Ben&url=https%3A%2F%2Fa.example%2F', clipboardText: null };
  assert.deepEqual(linkWithText(link, 'Hi Ben', 'Hi Ben'), { url: link.url, clipboardText: null, carriesText: true });
});

test('an edited draft replaces the text inside a web share link', () => {
  const link = { url: 'https://x.com/intent/tweet?text=Hi%20Ben%2C%20look&url=https%3A%2F%2Fa.example%2F' };
  const result = linkWithText(link, 'Hi Ben, look', 'Ben — this is the Iceland plant');
  assert.equal(new URL(result.url).searchParams.get('text'), 'Ben — this is the Iceland plant');
  assert.equal(new URL(result.url).searchParams.get('url'), 'https://a.example/');
  assert.match(result.url, /^https:\/\/x\.com\/intent\/tweet\?text=Ben%20%E2%80%94%20this/, 'spaces stay %20 and the other parameters are untouched');
  assert.equal(result.carriesText, true);
});

test('an edited draft in a mailto: link keeps %20 for spaces and CRLF line breaks (RFC 6068)', () => {
  const link = { url: 'mailto:ben@example.com?subject=Iceland&body=Hi%20Ben%0D%0A%0D%0Ahttps%3A%2F%2Fa.example%2F' };
  const result = linkWithText(link, 'Hi Ben', 'Hi Ben,\nthought of you');
  assert.equal(result.url, 'mailto:ben@example.com?subject=Iceland&body=Hi%20Ben%2C%0D%0Athought%20of%20you%0D%0A%0D%0Ahttps%3A%2F%2Fa.example%2F');
  assert.equal(result.carriesText, true);
});

test('a link that holds no text reports it, so the popup copies the edit instead', () => {
  const link = { url: 'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fa.example%2F', clipboardText: 'Hi Ben' };
  const result = linkWithText(link, 'Hi Ben', 'Hello Ben');
  assert.equal(result.carriesText, false);
  assert.equal(result.clipboardText, 'Hello Ben', 'the clipboard text follows the edit');
  assert.equal(result.url, link.url);
});

test('the reminder says how many are due and how many have something from the reading, and nothing when nobody is', () => {
  assert.equal(reminderText({ due: 3, withIdeas: 2 }), '3 people are due a note — 2 have something from your reading');
  assert.equal(reminderText({ due: 3, withIdeas: 1 }), '3 people are due a note — 1 has something from your reading');
  assert.equal(reminderText({ due: 1, withIdeas: 1 }), '1 person is due a note — they have something from your reading');
  assert.equal(reminderText({ due: 2, withIdeas: 0 }), '2 people are due a note');
  assert.equal(reminderText({ due: 0, withIdeas: 0 }), null);
});

