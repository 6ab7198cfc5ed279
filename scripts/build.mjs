// `npm run build`: installs what is missing, then builds every package (core and preact with tsc,
// embed's cairn.js and its chunks with vite) in dependency order.
import { build, ensureDependencies } from './run.mjs';

ensureDependencies();
build();
