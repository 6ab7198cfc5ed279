// docs/vue.md's quick start, as a reader copies it: its first ```ts block, rendered and submitted
// (the lead goes to the page runtime's delivery, stubbed at fetch).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, render } from '@testing-library/vue';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

it('docs/vue.md: the quick start renders a form and delivers its lead', async () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const block = readFileSync(resolve(here, '../../../docs/vue.md'), 'utf8').match(/```ts\n([\s\S]*?)\n```/)![1]!;
  const dir = resolve(here, '.quickstart');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'signup.ts');
  writeFileSync(file, block.replace("'@cairn/vue'", "'../index.js'"));
  try {
    const { Signup } = await import(/* @vite-ignore */ file);
    const posted: { id: string; answers: unknown }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => (posted.push(JSON.parse(String(init.body))), new Response('{}', { status: 201 }))));
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { container } = render(Signup);
    await vi.waitFor(() => expect(container.querySelector('[data-cairn-form-host]')!.shadowRoot?.querySelector('input')).toBeTruthy());
    const root = container.querySelector('[data-cairn-form-host]')!.shadowRoot!;
    const input = root.querySelector('input')!;
    input.value = 'quickstart@example.test';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    root.querySelector('form')!.requestSubmit();
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.answers).toEqual({ email: 'quickstart@example.test' });
    await vi.waitFor(() => expect(logged).toHaveBeenCalledWith('lead', posted[0]!.id));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
