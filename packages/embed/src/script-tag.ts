/**
 * The `<script src=".../cairn.js">` that is running now, read once: `document.currentScript` is
 * set only while the script first runs. None for the npm module (dist/cairn.module.js), or in
 * Node (SSR), where nothing here may touch `document`. Read through Document's own getter: host
 * markup such as `<img name="currentScript" src="https://elsewhere/">` shadows the property on
 * `document` itself, and the chunks would then be imported from that origin.
 */
export const scriptTag =
  typeof document == 'object' ? (Reflect.get(Document.prototype, 'currentScript', document) as HTMLScriptElement | null) : null;

/** A `data-cairn-dev` attribute's value: `"false"` is false, present otherwise true, absent undefined. */
export const devAttribute = (element: Element | null | undefined): boolean | undefined => {
  const value = element?.getAttribute('data-cairn-dev');
  return value == null ? undefined : value != 'false';
};

/**
 * Whether a config problem is shown in the container with every detail (`dev`), or as a short
 * notice: a form's `dev` option or attribute, else the script tag's `data-cairn-dev`, else on a
 * developer's own machine (localhost, 127.0.0.1, [::1], *.localhost, file:) and not on a site.
 */
export const showDetails = (dev: boolean | undefined): boolean =>
  dev ?? devAttribute(scriptTag) ?? (location.protocol == 'file:' || /^(localhost|127\.0\.0\.1|\[::1\])$|\.localhost$/.test(location.hostname));
