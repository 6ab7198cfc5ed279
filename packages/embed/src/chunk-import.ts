import { chunkBase, setChunkBase } from './chunk-base.js';
import { scriptTag } from './script-tag.js';

/**
 * The script tag's way to a chunk: beside cairn.js itself (a CDN, a versioned folder), unless a
 * base was given (`data-cairn-base` on the tag wins over a mount's `base`); without a tag
 * (cairn.js run some other way), the page's base URL.
 */
setChunkBase(scriptTag?.dataset.cairnBase);

export const chunkUrl = (file: string): string => new URL(file, chunkBase() || scriptTag?.src || document.baseURI).href;

export const importChunk = (file: string): Promise<unknown> => import(/* @vite-ignore */ chunkUrl(file));
