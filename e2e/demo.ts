// A scripted demo: numbered screenshots with captions, written to demo-output/<name>/.
// Demos drive simulated time through the API while paused, and reduced motion is on, so
// two runs of the same demo produce identical screenshots.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export class Demo {
  private n = 0;
  private readonly captions: string[] = [];
  readonly dir: string;

  constructor(
    private readonly page: Page,
    readonly name: string,
  ) {
    this.dir = join(process.env.DEMO_OUT ?? 'demo-output', name);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Shows the caption in the page's status line and takes the next numbered screenshot. */
  async shot(caption: string): Promise<string> {
    this.n += 1;
    const file = join(this.dir, `${String(this.n).padStart(2, '0')}.png`);
    await this.page.evaluate((text) => {
      const status = document.querySelector('.qs-status');
      if (status) status.textContent = text;
    }, caption);
    await this.page.screenshot({ path: file });
    // A recorded demo holds each captioned step long enough to read it.
    if (process.env.DEMO_VIDEO) await this.page.waitForTimeout(2500);
    this.captions.push(`${String(this.n).padStart(2, '0')}.png  ${caption}`);
    writeFileSync(join(this.dir, 'captions.txt'), `${this.captions.join('\n')}\n`);
    return file;
  }
}
