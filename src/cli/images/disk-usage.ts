// `berth system df`: space used by images (layers shared between images counted once).
import type { Store } from '../../store/index.js';
import { formatRows, humanSize } from '../format/index.js';

const HEADERS = { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' };

/** One line of `system df`: a kind of data and the bytes it takes. */
export interface UsageLine {
  type: string;
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

/** What the images of the store take: each layer counted once however many images share it. */
export async function imageUsage(store: Store): Promise<UsageLine> {
  const images = await store.listImages();
  const layers = new Map<string, number>();
  for (const image of images) {
    for (const layer of image.manifest.layers) layers.set(layer.digest, (await store.layerInfo(layer)).contentSize);
  }
  const size = [...layers.values()].reduce((a, b) => a + b, 0);
  return { type: 'Images', total: images.length, active: 0, size, reclaimable: size };
}

/** Renders the `system df` table (or `--format`) from usage lines. */
export function formatUsage(lines: UsageLine[], format: string | undefined): string {
  const rows = lines.map((line) => ({
    Type: line.type,
    TotalCount: String(line.total),
    Active: String(line.active),
    Size: humanSize(line.size),
    Reclaimable: line.size > 0 ? `${humanSize(line.reclaimable)} (${Math.round((line.reclaimable * 100) / line.size)}%)` : humanSize(line.reclaimable),
  }));
  const defaultFormat = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
  return formatRows(format ?? defaultFormat, rows, { defaultFormat, headers: HEADERS, typeName: '*formatter.diskUsageImagesContext' });
}
