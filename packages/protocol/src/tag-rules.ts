/**
 * What a tag may be (zod-free, for the apps to check before they send): the server's `ZTag` reads the same rule,
 * after trimming and lowering the case.
 */
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u;
export const TAG_RULE = 'letters, digits, spaces, "_", "." and "-"';
/** The tag as the server will store it, or null when it breaks the rule. */
export function normalizeTag(text: string, maxLength: number): string | null {
  const tag = text.trim().toLowerCase();
  return tag.length > 0 && tag.length <= maxLength && TAG_PATTERN.test(tag) ? tag : null;
}
