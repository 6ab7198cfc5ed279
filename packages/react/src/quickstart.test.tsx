/** @jsxRuntime automatic @jsxImportSource react */
// docs/react.md's quick start, as a reader copies it: its first ```tsx block, compiled and
// rendered, then submitted (the lead goes to the page runtime's delivery, stubbed at fetch).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

it('docs/react.md: the quick start renders a form and delivers its lead', async () => {
  const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/react.md'), 'utf8');
  const block = doc.match(/```tsx\n([\s\S]*?)\n```/)![1]!;
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '.quickstart');
  const { writeFileSync, mkdirSync, rmSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'signup.tsx');
  writeFileSync(file, `/** @jsxRuntime automatic @jsxImportSource react */\n${block.replace("'@cairn/react'", "'../index.js'")}\n`);
  try {
    const { Signup } = await import(/* @vite-ignore */ file);
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => (posted.push(JSON.parse(String(init.body))), new Response('{}', { status: 201 }))));
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { container } = render(<Signup />);
    const root = container.querySelector('[data-cairn-form-host]')!.shadowRoot!;
    const input = root.querySelector('input')!;
    await act(async () => {
      input.value = 'quickstart@example.test';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      root.querySelector('form')!.requestSubmit();
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect((posted[0] as { answers: unknown }).answers).toEqual({ email: 'quickstart@example.test' });
    await vi.waitFor(() => expect(logged).toHaveBeenCalledWith('lead', (posted[0] as { id: string }).id));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
