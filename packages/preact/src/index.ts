/**
 * @cairn/preact — the renderer: accessible Preact components over a
 * `@cairn/core` session, mounted in an open shadow root. Nothing runs at import.
 */
export { CairnForm } from './cairn-form.js';
export type { CairnFormProps } from './cairn-form.js';
export { Notice } from './notice.js';
export type { NoticeProps } from './notice.js';
export { mountForm, renderNotice } from './mount.js';
export type { Mounted } from './mount.js';
export { cairnStyles } from './styles.js';
