// Ties layers to the Dockerfile lines that made them: each layer's instruction (from history) is
// matched against the Dockerfile's instructions, from the top of the image down and from the end
// of the file up (the final stage's steps are the image's last layers). Flags are ignored on both
// sides (history leaves most out) and whitespace is collapsed; a layer made by a base image, or
// whose text differs after variable expansion, gets no line.

import { parseDockerfile } from '../dockerfile/index.js';

/** A Dockerfile instruction's comparable text and first line. */
interface Located {
  text: string;
  line: number;
}

/** The Dockerfile line of each instruction (undefined where none matches), in layer order. */
export function matchDockerfileLines(instructions: string[], dockerfileText: string, filename: string): Array<number | undefined> {
  const located: Located[] = [];
  for (const stage of parseDockerfile(dockerfileText, { filename }).stages) {
    for (const instruction of stage.instructions) {
      const node = instruction.node;
      located.push({ text: comparable(`${node.keywordText.toUpperCase()} ${node.rest}`), line: node.range.start.line });
    }
  }
  const lines: Array<number | undefined> = instructions.map(() => undefined);
  let cursor = located.length - 1;
  for (let i = instructions.length - 1; i >= 0 && cursor >= 0; i--) {
    const wanted = comparable(instructions[i]);
    for (let j = cursor; j >= 0; j--) {
      if (located[j].text === wanted) {
        lines[i] = located[j].line;
        cursor = j - 1;
        break;
      }
    }
  }
  return lines;
}

/** `COPY --chown=1 a  b` → `COPY a b`. */
function comparable(instruction: string): string {
  const words = instruction.trim().split(/\s+/);
  let i = 1;
  while (i < words.length && words[i].startsWith('--')) i++;
  return [words[0], ...words.slice(i)].join(' ');
}
