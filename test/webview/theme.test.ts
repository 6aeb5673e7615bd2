/**
 * The board follows VS Code's theme in headless Chromium: light, dark and high contrast change
 * the page's colours and the graph canvas's.
 */
import assert from 'node:assert/strict';
import { shot, useBoard, type BoardProbe, type PageDocument, type PageElement } from './boardSuite';

declare const document: PageDocument;
declare const window: { __batonBoard: BoardProbe };
declare function getComputedStyle(el: PageElement): { backgroundColor: string; borderTopColor: string };

describe('board themes in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

  it('follows the theme: light, dark and high contrast change the colours', async () => {
    const wp = await openBoard();
    const colours = async () => wp.page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(document.querySelector('.card')!).backgroundColor,
      border: getComputedStyle(document.querySelector('.card')!).borderTopColor,
    }));
    const light = await colours();
    await wp.setTheme('dark');
    await wp.page.waitForFunction((b) => getComputedStyle(document.body).backgroundColor !== b, light.body);
    const dark = await colours();
    await shot(wp, 'kanban-dark');
    await wp.setTheme('high-contrast');
    await wp.page.waitForFunction((b) => getComputedStyle(document.body).backgroundColor !== b, dark.body);
    const hc = await colours();
    await shot(wp, 'kanban-high-contrast');
    assert.equal(light.body, 'rgb(255, 255, 255)');
    assert.equal(dark.body, 'rgb(30, 30, 30)');
    assert.equal(hc.body, 'rgb(0, 0, 0)');
    assert.notEqual(light.card, dark.card);
    assert.equal(hc.border, 'rgb(111, 195, 223)', 'high contrast draws the contrast border');
    // The canvas reads the theme too.
    await wp.page.click('#tab-graph');
    const pixel = () => wp.page.evaluate(() => {
      window.__batonBoard.graph.draw();
      const c = document.querySelector('canvas')!;
      return Array.from(c.getContext('2d')!.getImageData(2, 2, 1, 1).data).slice(0, 3).join(',');
    });
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    assert.equal(await pixel(), '0,0,0');
    await shot(wp, 'graph-high-contrast');
    await wp.setTheme('dark');
    await wp.page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(30, 30, 30)');
    await wp.page.waitForTimeout(50);
    assert.equal(await pixel(), '30,30,30');
    await shot(wp, 'graph-dark');
  });
});
