import { defineConfig } from 'vite';
import { besideCairnJs } from './vite.shared.js';

// dist/cairn-later.js: an ES module with what a form needs only after it is interactive (the
// whole-form config rules, payload, page facts, delivery). cairn.js imports it from beside itself
// as soon as a form has rendered, and before any lead is built.
export default defineConfig(besideCairnJs('src/entries/cairn-later.ts', 'cairn-later.js'));
