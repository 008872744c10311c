/**
 * A value that satisfies a (simple) JSON Schema: enough for plausible tool-call arguments and
 * `json_schema` answers. Handles type, enum, const, properties/required, items, anyOf/oneOf;
 * anything fancier gets a reasonable guess.
 */
export function schemaExampleValue(schema: unknown, topic: string, depth = 0): unknown {
  if (!isRecord(schema) || depth > 6) return topic;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (variants && variants.length > 0) return schemaExampleValue(variants[0], topic, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return objectExample(schema, topic, depth);
    case 'array':
      return [schemaExampleValue(schema.items, topic, depth + 1)];
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 3;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0.75;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return stringExample(schema, topic);
    default:
      return isRecord(schema.properties) ? objectExample(schema, topic, depth) : topic;
  }
}

function objectExample(schema: Record<string, unknown>, topic: string, depth: number): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string') : [];
  // Fill the required properties; with none required, the first property still makes a useful call.
  const names = required.length > 0 ? required : Object.keys(properties).slice(0, 1);
  const result: Record<string, unknown> = {};
  for (const name of names) result[name] = schemaExampleValue(properties[name], exampleTopic(name, topic), depth + 1);
  return result;
}

function stringExample(schema: Record<string, unknown>, topic: string): string {
  if (schema.format === 'date') return '2025-06-01';
  if (schema.format === 'date-time') return '2025-06-01T12:00:00Z';
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com';
  return topic;
}

/** Property names hint at their value (`city` → a city), which reads far better in a demo. */
function exampleTopic(propertyName: string, topic: string): string {
  const name = propertyName.toLowerCase();
  if (/(city|location|place)/.test(name)) return 'Paris';
  if (/(unit)/.test(name)) return 'celsius';
  if (/(lang)/.test(name)) return 'en';
  return topic;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
