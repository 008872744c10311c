import { describe, expect, it } from 'vitest';
import { interpolateEnvironment } from './interpolate-environment.js';

describe('interpolateEnvironment', () => {
  it('replaces references in nested string values only', () => {
    const result = interpolateEnvironment(
      { a: ['x-${ONE}-${TWO:-two}', 3, true, null], 'key-${ONE}': '${EMPTY:-fallback}', literal: 'cost $${ONE}' },
      { ONE: '1', EMPTY: '' },
    );
    expect(result).toEqual({
      value: { a: ['x-1-two', 3, true, null], 'key-${ONE}': 'fallback', literal: 'cost ${ONE}' },
      errors: [],
    });
  });

  it('reports each unset or malformed reference with its path', () => {
    const result = interpolateEnvironment({ providers: [{ api_key: '${MISSING}', name: '${bad name}' }] }, {});
    expect(result.errors).toEqual([
      'providers[0].api_key: environment variable MISSING is not set',
      'providers[0].name: malformed environment reference "${bad name}" (expected ${NAME} or ${NAME:-default})',
    ]);
  });
});
