//! Pure helpers of the trusted-timestamp settings (tested with the section).

import type { KnownService } from '../../platform';

/** The radio value of a custom address. */
export const CUSTOM = 'custom';

/** What the user typed is an address a service can have (the core checks it again). */
export function looksLikeServiceUrl(text: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(text.trim());
}

/** The radio choice for a saved address: a listed service's code, or custom. */
export function choiceFor(url: string | null | undefined, services: KnownService[]): string {
  if (!url) return '';
  return services.find((s) => s.url === url)?.code ?? CUSTOM;
}
