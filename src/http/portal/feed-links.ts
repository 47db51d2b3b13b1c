/**
 * The Atom feeds of a body, as links for pages (`<link rel="alternate">` in the head and visible links).
 * Kept apart from feeds.ts so that pages do not load the feed routes.
 */

export interface FeedLink {
  href: string;
  type: 'application/atom+xml';
  title: string;
}

/** `/{body}/vorlagen.atom`: the newest public papers. */
export function papersFeedLink(body: { slug: string; name: string }): FeedLink {
  return { href: `/${body.slug}/vorlagen.atom`, type: 'application/atom+xml', title: `Neue Vorlagen – ${body.name}` };
}

/** `/{body}/niederschriften.atom`: the published minutes. */
export function minutesFeedLink(body: { slug: string; name: string }): FeedLink {
  return {
    href: `/${body.slug}/niederschriften.atom`,
    type: 'application/atom+xml',
    title: `Neue Niederschriften – ${body.name}`,
  };
}
