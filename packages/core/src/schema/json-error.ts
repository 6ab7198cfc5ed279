import { configError, type ConfigError } from './config-error.js';

/**
 * Where a JSON text stops being JSON, or -1. Engines word (and often omit) the
 * position in JSON.parse errors differently, so find it with a small scanner;
 * it runs only after JSON.parse has failed.
 */
export const jsonErrorIndex = (s: string): number => {
  let i = 0;
  const at = (re: RegExp): boolean => {
    re.lastIndex = i;
    const ok = re.test(s);
    if (ok) i = re.lastIndex;
    return ok;
  };
  const ws = () => at(/[ \t\n\r]*/y);
  const str = () => {
    // the valid part of a string, so an error points at the bad character
    if (!at(/"(?:[^"\\\0-\x1f]|\\(?:["\\/bfnrt]|u[\da-fA-F]{4}))*/y) || s[i] !== '"') throw i;
    i++;
  };
  const value = (): void => {
    ws();
    const open = s[i];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (open === '{') {
          ws();
          str();
          ws();
          if (s[i] !== ':') throw i;
          i++;
        }
        value();
        ws();
        if (s[i] === close) return void i++;
        if (s[i] !== ',') throw i;
        i++;
      }
    }
    if (open === '"') return str();
    if (!at(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y)) throw i;
  };
  try {
    value();
    ws();
    return i < s.length ? i : -1;
  } catch (index) {
    return typeof index === 'number' ? index : -1; // not a position: nested too deep to scan
  }
};

/** One `invalid_json` error saying where and, for the usual slips, what to do. */
export const jsonError = (text: string, engineMessage: string): ConfigError => {
  const i = jsonErrorIndex(text);
  if (i < 0) return configError('', 'invalid_json', `invalid JSON: ${engineMessage}`);
  const lines = text.slice(0, i).split('\n');
  const c = text[i];
  const before = text.slice(0, i).trimEnd().slice(-1);
  return configError(
    '',
    'invalid_json',
    `invalid JSON at line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}: ${c ? `unexpected '${c}'` : 'unexpected end of input'}`,
    before === ',' && (c === '}' || c === ']')
      ? 'remove the comma before it'
      : c === "'"
        ? 'JSON needs double quotes'
        : c === '/'
          ? 'JSON has no comments'
          : c && /\w/.test(c) && /[{,]/.test(before)
            ? 'put keys in double quotes'
            : undefined,
  );
};
