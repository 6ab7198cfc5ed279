import { defineConfig } from 'vite';
import { besideCairnJs } from './vite.shared.js';

// dist/cairn-diagnostics.js: an ES module exporting `explain(json)` — parseForm (zod/mini) and
// the friendly wording of every config problem. cairn.js loads it with import() from beside
// itself, and only when a config is invalid; a valid form never downloads it.
export default defineConfig(besideCairnJs('src/entries/cairn-diagnostics.ts', 'cairn-diagnostics.js'));
