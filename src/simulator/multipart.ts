/**
 * Just enough multipart/form-data parsing for the brand-voice file upload: split on the boundary,
 * read each part's name and filename, keep its content as text. Not a general parser (no nested
 * multipart, no transfer encodings), which is all a simulator needs.
 */

export interface FormPart {
  readonly filename: string | undefined;
  readonly content: string;
}

/** Parts by field name, or undefined when the body is not multipart/form-data with a boundary. */
export function parseMultipart(raw: Buffer, contentType: string): Map<string, FormPart> | undefined {
  if (!/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (!boundary) return undefined;
  const parts = new Map<string, FormPart>();
  // latin1 maps bytes 1:1 to characters, so splitting never corrupts binary content.
  const sections = raw.toString('latin1').split(`--${boundary}`).slice(1);
  for (const section of sections) {
    if (section.startsWith('--')) break;
    const headerEnd = section.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = section.slice(0, headerEnd);
    const name = /\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const filename = /\bfilename="([^"]*)"/i.exec(headers)?.[1];
    const content = Buffer.from(section.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    parts.set(name, { filename, content });
  }
  return parts;
}
