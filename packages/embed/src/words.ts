/**
 * The words the script tag itself may show a visitor (the form's own words are the renderer's,
 * @cairn/preact src/words.ts, and core's, src/model/words.ts). What it shows a developer (config
 * errors, console lines) is not here.
 */

/** In place of a broken form when `dev: false`: the details go to the console and `error` listeners. */
export const NOT_AVAILABLE = 'This form is not available right now.';
