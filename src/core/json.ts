/**
 * The bytes berth writes for a JSON document (manifests, indexes, configs): compact
 * JSON.stringify output in UTF-8, keys in the order the value has them. Digests are taken over
 * exactly these bytes, so always serialize through this function.
 */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
