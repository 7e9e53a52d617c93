import type { Instruction, PlannedStage } from '../../dockerfile/types.js';

const COUNTED = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/** Names steps like BuildKit's progress: `[build 2/4] RUN …`, `[stage-1 1/3] FROM …`, `[2/4] …` for a lone stage. */
export class StageNamer {
  private index = 0;
  private readonly total: number;
  private readonly prefix: string;

  constructor(stage: PlannedStage, stageCount: number, instructions: readonly Instruction[]) {
    this.total = 1 + instructions.filter((i) => COUNTED.has(i.kind)).length;
    const name = stage.stage.name ?? (stageCount > 1 ? `stage-${stage.stage.index}` : '');
    this.prefix = name ? `${name} ` : '';
  }

  /** The next step's label, e.g. `[build 2/4] RUN make`. */
  next(text: string): string {
    this.index++;
    const width = String(this.total).length;
    return `[${this.prefix}${String(this.index).padStart(width, ' ')}/${this.total}] ${text}`;
  }
}

/** An instruction as shown in progress: keyword upper-cased, the rest as written (continuations joined). */
export function instructionText(instruction: Instruction): string {
  const { node } = instruction;
  return `${node.keyword.toUpperCase()}${node.text.slice(node.keywordText.length)}`;
}
