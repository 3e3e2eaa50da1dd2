/**
 * One field of a posted back-office form, as text: '' when absent or not a string (a repeated field arrives as an
 * array). Pages read their forms through this rather than binding DTO classes: a refused form re-renders the page
 * with its message instead of answering a JSON 400.
 */
export function formField(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : '';
}
