// How HighLevel's error bodies become one readable sentence.
import type { HttpResponse } from 'zapier-platform-core';

export const HIGHLEVEL = 'HighLevel';

const MAX_MESSAGE = 500;

const clip = (text: string): string =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;

/**
 * HighLevel's own words from an error body: `message` is a string (400, 401, 403, 404) or an array
 * of strings (422, NestJS validation); the token endpoint answers with `error_description`. An HTML
 * error page from a proxy is described, never echoed.
 */
export const ghlMessage = (
  response: Pick<HttpResponse, 'data' | 'content' | 'getHeader'>,
): string => {
  const data: unknown = response.data;
  if (data && typeof data === 'object') {
    const body = data as Record<string, unknown>;
    const { message } = body;
    if (Array.isArray(message)) {
      const parts = message.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
      if (parts.length) return clip(parts.join('; '));
    }
    if (typeof message === 'string' && message.trim()) return clip(message.trim());
    for (const key of ['error_description', 'error', 'msg']) {
      const value = body[key];
      if (typeof value === 'string' && value.trim()) return clip(value.trim());
    }
    return '';
  }
  const content = (response.content ?? '').trim();
  if (!content) return '';
  const type = String(response.getHeader('content-type') ?? '');
  if (/html/i.test(type) || /^<(!doctype|html)/i.test(content)) {
    const title = /<(title|h1)[^>]*>([^<]{1,120})</i.exec(content)?.[2]?.trim();
    return title ? `an error page saying "${title}"` : 'an HTML error page';
  }
  return 'a response that is not JSON';
};
