import type { z } from 'zod';
import { GatewayError } from '../../spec/errors.js';
import { formatValidationIssues } from '../shared/format-validation-issues.js';
import { messagesRequestSchema, type MessagesRequestBody } from './messages-request-schema.js';

type Issue = z.core.$ZodIssue;

/**
 * Validates the body; a failure is a 400 naming the fields. Content is "a string or an array
 * of blocks", so a bad block fails a union: the message then comes from the branch that got
 * furthest (the array's block), not zod's bare "Invalid input" on `content`.
 */
export function parseMessagesBody(body: unknown): MessagesRequestBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('bad_request', 'Request body must be a JSON object');
  }
  const result = messagesRequestSchema.safeParse(body);
  if (!result.success) {
    throw new GatewayError('bad_request', `Invalid request: ${formatValidationIssues(result.error.issues.flatMap((issue) => unwrapUnion(issue)))}`);
  }
  return result.data;
}

function unwrapUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  // Branches that failed only because the value has another type say nothing useful.
  const informative = issue.errors.filter((branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (informative.length !== 1) return [issue];
  return informative[0]!.flatMap((inner) => unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue));
}
