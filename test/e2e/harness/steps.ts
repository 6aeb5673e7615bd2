import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Named steps of a UI test: each is timed, logged, and ends with a screenshot saved as a test
 * artifact; a failing step saves `FAILED-<step>.png` and stops the test.
 */
export class Steps {
  readonly #dir: string;
  readonly #started = Date.now();
  #n = 0;
  readonly results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];

  constructor(dir: string) {
    this.#dir = dir;
    fs.mkdirSync(dir, { recursive: true });
  }

  async run(page: Page, name: string, body: () => Promise<void>): Promise<void> {
    const n = String(++this.#n).padStart(2, '0');
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const t0 = Date.now();
    try {
      await body();
      await page.screenshot({ path: path.join(this.#dir, `${n}-${slug}.png`) });
      this.results.push({ name, ok: true, ms: Date.now() - t0 });
      console.log(`  ✔ ${name} (${Date.now() - t0} ms) → ${n}-${slug}.png   [${((Date.now() - this.#started) / 1000).toFixed(1)} s]`);
    } catch (error) {
      await page.screenshot({ path: path.join(this.#dir, `FAILED-${n}-${slug}.png`) }).catch(() => undefined);
      this.results.push({ name, ok: false, ms: Date.now() - t0, error: (error as Error).message });
      console.log(`  ✖ ${name} (${Date.now() - t0} ms) → FAILED-${n}-${slug}.png\n    ${(error as Error).message.split('\n').join('\n    ')}`);
      throw error;
    }
  }
}
