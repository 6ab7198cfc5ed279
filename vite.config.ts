import { defineConfig } from 'vitest/config';

// One Vitest run, five projects:
// - unit: fast tests beside the code, in happy-dom, on sources (via the @cairn/source condition);
// - react, vue: the same for the framework wrappers, each compiling JSX its own way;
// - repo: the floor plan and the packages as published;
// - browser: real Chromium (playwright-core) against the built cairn.js and the example servers.
export default defineConfig({
  resolve: { conditions: ['@cairn/source'] },
  // Classic `h` calls: smaller than the automatic runtime in the script-tag bundle.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'examples/*/src/**/*.test.{ts,js}'],
          // The framework wrappers compile JSX for their framework: their own projects below.
          exclude: ['packages/react/**', 'packages/vue/**', '**/node_modules/**'],
          environment: 'happy-dom',
          setupFiles: ['./scripts/test-setup/no-stray-console.ts'],
          // Property tests run thousands of cases: on a loaded 2-core machine one can take 10 s.
          // A timeout is not what a unit test asserts; a hang still fails.
          testTimeout: 60_000,
        },
      },
      {
        // @cairn/react: its .tsx files say `/** @jsxRuntime automatic @jsxImportSource react */`
        // (React's JSX) while the renderer's sources they import keep the `h` pragma above.
        extends: true,
        test: {
          name: 'react',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['./scripts/test-setup/no-stray-console.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // @cairn/vue: render functions (no .vue files), in happy-dom.
        extends: true,
        test: {
          name: 'vue',
          include: ['packages/vue/src/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['./scripts/test-setup/no-stray-console.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The repo itself: the floor plan (import cycles, function length), and the build's own plugins.
          name: 'repo',
          include: ['scripts/test/**/*.test.ts', 'packages/*/build/**/*.test.ts'],
          exclude: ['scripts/test/**/*.browser.test.ts'],
          environment: 'node',
          // They read every source file: seconds on a loaded machine (seen: 7.5 s beside a soak run).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts', 'examples/*/test/**/*.browser.test.ts', 'scripts/test/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Chromium is heavy on two cores: one browser file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
