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

  /** Shows the caption in a banner over the page and takes the next numbered screenshot. */
  async shot(caption: string): Promise<string> {
    this.n += 1;
    const file = join(this.dir, `${String(this.n).padStart(2, '0')}.png`);
    // The caption goes in a banner of the demo's own, never into nodes React owns.
    await this.page.evaluate((text) => {
      let banner = document.getElementById('qs-demo-caption');
      if (!banner) {
        banner = document.createElement('div');
        banner.id = 'qs-demo-caption';
        banner.setAttribute('role', 'status');
        banner.style.cssText =
          'position:fixed;left:50%;bottom:12px;transform:translateX(-50%);max-width:80vw;z-index:10;' +
          'padding:8px 14px;border-radius:8px;font:600 15px system-ui,sans-serif;' +
          'background:var(--qs-fg);color:var(--qs-bg);box-shadow:0 2px 8px rgba(0,0,0,.3)';
        document.body.append(banner);
      }
      banner.textContent = text;
    }, caption);
    await this.page.screenshot({ path: file });
    // A recorded demo holds each captioned step long enough to read it.
    if (process.env.DEMO_VIDEO) await this.page.waitForTimeout(2500);
    this.captions.push(`${String(this.n).padStart(2, '0')}.png  ${caption}`);
    writeFileSync(join(this.dir, 'captions.txt'), `${this.captions.join('\n')}\n`);
    return file;
  }
}
