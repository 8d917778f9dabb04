// Splits plain text into text and http(s) link segments, so a page can render links as <a>
// elements and everything else as escaped text nodes.

/** A link's `href` is also its visible text, with the host as the browser will resolve it. */
export type TextSegment = { kind: "text"; text: string } | { kind: "link"; href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
// Punctuation that usually ends the sentence around a link rather than the link itself.
const TRAILING_PUNCTUATION = ".,;:!?)]}";
const CLOSING_BRACKETS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * Drops sentence punctuation from the end of a matched address. A closing bracket stays when
 * the address opens as many of that bracket as it closes: `https://pl.wikipedia.org/wiki/Rok_(2024)`
 * keeps its `)`, while `(zobacz https://example.com)` loses it.
 */
function trimTrailingPunctuation(candidate: string): string {
  let end = candidate.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(candidate[end - 1])) {
    const char = candidate[end - 1];
    const opening = CLOSING_BRACKETS[char];
    const kept = candidate.slice(0, end);
    if (opening && count(kept, opening) >= count(kept, char)) break;
    end--;
  }
  return candidate.slice(0, end);
}

/**
 * Returns the text to link for an address, or null when it must stay plain text: an address
 * that does not parse, or one with user information (`https://bank.pl@evil.example`), which
 * reads as another host than the one it opens. The host is shown as the URL parser resolves it,
 * so an internationalized or look-alike host appears in its punycode form (`xn--…`) and a
 * percent-encoded one decoded. The rest of the address stays as typed.
 */
function linkText(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  const afterScheme = address.slice(address.indexOf("//") + 2);
  // The parser ends the host at `/`, `?`, `#` and, in http(s) addresses, at `\`.
  const authority = afterScheme.split(/[/?#\\]/, 1)[0];
  if (url.username || url.password || authority.includes("@")) return null;
  return `${url.protocol}//${url.host}${afterScheme.slice(authority.length)}`;
}

export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let position = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const address = trimTrailingPunctuation(match[0]);
    const href = linkText(address);
    if (!href) continue;
    if (start > position) segments.push({ kind: "text", text: text.slice(position, start) });
    segments.push({ kind: "link", href });
    position = start + address.length;
  }
  if (position < text.length) segments.push({ kind: "text", text: text.slice(position) });
  return segments;
}
