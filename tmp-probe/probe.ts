import { chromium } from '@playwright/test';
import { namespacePodsHref } from '../lib/routes';
import { browserCookies, loadPodsRunning, signIn, startBenchConsole } from '../bench/console';

const app = await startBenchConsole({ extraPods: 10_000, name: 'probe', port: 3416 });
try {
  await loadPodsRunning(app);
  const cookie = await signIn(app.url, 'admin');
  const get = async (ns: string) => {
    const t0 = performance.now();
    const res = await fetch(app.url + namespacePodsHref('dev-cluster', ns), { headers: { cookie } });
    const reader = res.body!.getReader();
    let first = 0, bytes = 0, rowAt = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!first) first = performance.now() - t0;
      bytes += value.length;
      text += Buffer.from(value).toString();
      if (!rowAt && text.includes('data-testid="pod-row"')) rowAt = performance.now() - t0;
    }
    console.log(ns, 'ttfb', first.toFixed(0), 'row in html at', rowAt.toFixed(0), 'total', (performance.now() - t0).toFixed(0), 'bytes', bytes);
  };
  await get('ai-test');
  await get('sim-load');
  await get('sim-load');
  await get('sim-load');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addCookies(browserCookies(cookie, app.url));
  const page = await context.newPage();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await page.goto(app.url + namespacePodsHref('dev-cluster', 'sim-load'), { waitUntil: 'commit' });
    const commit = performance.now() - t0;
    await page.locator('[data-testid="pod-row"]').first().waitFor({ state: 'visible' });
    const vis = performance.now() - t0;
    const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0]?.toJSON(), ['responseStart', 'responseEnd', 'domContentLoadedEventEnd', 'loadEventEnd']));
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
    console.log('browser commit', commit.toFixed(0), 'visible', vis.toFixed(0), nav, 'fcp', fcp);
  }
  await browser.close();
} finally {
  await app.stop();
}
