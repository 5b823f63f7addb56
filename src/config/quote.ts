// How text from the user's input appears in a message: quoted, and cut short. A message quotes
// what it complains about, but a binary file or a runaway line can make that thousands of
// characters of garbage, which buries the one line the user needs.

/** Characters of the user's text a message shows at most. */
export const QUOTE_CHARS = 60;

/** `text` shortened to QUOTE_CHARS, the cut marked with an ellipsis. */
export function clip(text: string, max = QUOTE_CHARS): string {
  const chars = [...text]; // by code point, so no surrogate pair is split
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** `text` as a quoted JSON string of at most QUOTE_CHARS characters inside the quotes, escapes counted. */
export function quote(text: string): string {
  let shown = '';
  for (const char of text) {
    const escaped = JSON.stringify(char).slice(1, -1);
    if (shown.length + escaped.length > QUOTE_CHARS) return `"${shown}…"`;
    shown += escaped;
  }
  return `"${shown}"`;
}

/**
 * A message of another library (the YAML parser's), which may quote the source as it likes:
 * every quoted string in it shortened, and the whole message too.
 */
export function clipForeign(message: string): string {
  const quotesClipped = message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
    try {
      return quote(JSON.parse(quoted) as string);
    } catch {
      return quoted; // not JSON after all: the cut of the whole message below still holds
    }
  });
  return clip(quotesClipped, 4 * QUOTE_CHARS);
}
