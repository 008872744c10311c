import type { z } from 'zod';

/** Renders zod issues as `path: message` lines so a 400 names the offending field. */
export function formatValidationIssues(issues: readonly z.core.$ZodIssue[], limit = 5): string {
  const lines = issues.slice(0, limit).map((issue) => {
    const path = formatPath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > limit) lines.push(`…and ${issues.length - limit} more`);
  return lines.join('; ');
}

/** `['messages', 0, 'content']` → `messages[0].content`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
