import { startApi, startSite, startBrowser, apiClient } from './harness.js';
const t0 = Date.now();
const api = await startApi(); console.log('api', api.url, Date.now()-t0);
const site = await startSite();
const b = await startBrowser(); console.log('browser', b.extensionId, Date.now()-t0);
try {
  const user = await apiClient(api.url).createAccount('Ana');
  await user.addContact({ name: 'Ben Carter', interests: ['carbon capture'], circle: 'sponsor', preferredChannel: 'x' });
  const opts = await b.context.newPage();
  opts.on('console', m => console.log('console', m.text()));
  await opts.goto(b.page('options/options.html'));
  await opts.evaluate(([u, t]) => chrome.storage.local.set({ serverUrl: u, token: t }), [api.url, user.token]);
  await b.context.route(`${api.url}/api/suggestions`, route => { console.log('intercepted', route.request().method()); route.fulfill({ status: 200, contentType: 'application/json', headers: {'access-control-allow-origin': '*'}, body: JSON.stringify({ article: { url: 'x', title: 'T', isArticle: true, topics: [] }, suggestions: [], noMatchReason: 'nobody' }) }); });
  const art = await b.context.newPage();
  await art.goto(site.url + '/carbon-capture.html');
  const pop = await b.context.newPage();
  pop.on('console', m => console.log('popup console', m.text()));
  pop.on('pageerror', e => console.log('popup error', e.message));
  await pop.goto(b.page('popup/popup.html?tabUrl=' + encodeURIComponent(site.url + '/carbon-capture.html')));
  await pop.waitForSelector('body[data-ready]', { timeout: 15000 });
  console.log(await pop.locator('[data-testid=error]').getAttribute('data-state'), await pop.locator('[data-testid=error]').innerText());
  await pop.screenshot({ path: 'artifacts/scratch.png', fullPage: true });
} finally {
  await b.stop(); await site.stop(); await api.stop();
}
console.log('done', Date.now()-t0);
