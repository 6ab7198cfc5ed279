/**
 * Whether a path matches a page group's glob: `*` stands for any characters
 * (slashes too), everything else is literal; the whole path must match,
 * case-insensitively. `/pricing*` matches `/pricing` and `/pricing/teams`,
 * `*docs*` matches `/en/docs/start`. No regular expression is built from
 * config text, so no glob can be slow or unsafe.
 */
export const matchPath = (glob: string, path: string): boolean => {
  const parts = glob.toLowerCase().split('*');
  const text = path.toLowerCase();
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (parts.length == 1) return text == first;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  // The middle parts in order, each as early as possible, between the fixed ends.
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
};
