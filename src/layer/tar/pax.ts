/** PAX extended header records (`LEN KEY=VALUE\n`), values kept as raw bytes because xattr values are binary. */
export type PaxRecords = Map<string, Buffer>;

/** Encodes records sorted by key (deterministic output). */
export function encodePax(records: PaxRecords): Buffer {
  const parts: Buffer[] = [];
  for (const key of [...records.keys()].sort()) {
    const value = records.get(key)!;
    const body = Buffer.byteLength(key) + value.length + 3; // ' ' '=' '\n'
    let length = body + String(body).length;
    if (String(length).length !== String(body).length) length = body + String(length).length;
    parts.push(Buffer.from(`${length} ${key}=`), value, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** Decodes a PAX data block; returns null when it is malformed. A record with an empty value deletes the key (POSIX). */
export function decodePax(data: Buffer, into: PaxRecords = new Map()): PaxRecords | null {
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break; // NUL padding after the last record
    const space = data.indexOf(0x20, offset);
    if (space < 0) return null;
    const length = Number(data.toString('latin1', offset, space));
    const end = offset + length;
    if (!Number.isInteger(length) || length <= 0 || end > data.length || data[end - 1] !== 0x0a) return null;
    const equals = data.indexOf(0x3d, space + 1);
    if (equals < 0 || equals >= end) return null;
    const key = data.toString('utf8', space + 1, equals);
    const value = data.subarray(equals + 1, end - 1);
    if (value.length === 0) into.delete(key);
    else into.set(key, Buffer.from(value));
    offset = end;
  }
  return into;
}
