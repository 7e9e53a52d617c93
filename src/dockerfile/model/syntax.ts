// The raw syntax of a Dockerfile: positions, words, flags, heredocs, AST nodes, directives, diagnostics.

/** A point in the source text: 1-based line and column (in UTF-16 units), 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of source text: `start` inclusive, `end` exclusive. */
export interface SourceRange {
  start: Position;
  end: Position;
}

/** A piece of text together with where it came from; `value` is after parsing (JSON decoded, continuations joined). */
export interface Word {
  value: string;
  range: SourceRange;
}

/** A `--name=value` (or bare `--name`) flag as written after an instruction keyword. */
export interface Flag {
  name: string;
  /** undefined for a bare `--name` (boolean flags). */
  value: string | undefined;
  /** The flag exactly as written, e.g. `--from=build`. */
  original: string;
  range: SourceRange;
}

/** One here-document attached to an instruction (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`). */
export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** The body, lines joined with `\n` (ends with `\n` unless empty); tabs already stripped for `<<-`. */
  content: string;
  /** False when the delimiter was quoted: the body must not be variable-expanded. */
  expand: boolean;
  /** True for `<<-`: leading tabs were stripped from each body line. */
  chomp: boolean;
  /** File descriptor written before `<<` (e.g. `3<<EOF`), when present. */
  fileDescriptor?: number;
  range: SourceRange;
}

/**
 * A raw instruction as parsed, before typing: BuildKit's AST node. `args` are the argument nodes
 * exactly as BuildKit's parser produces them (what the conformance dump prints).
 */
export interface AstNode {
  /** Keyword lowercased (`from`, `run`, …). */
  keyword: string;
  /** The keyword as written. */
  keywordText: string;
  keywordRange: SourceRange;
  flags: Flag[];
  args: Word[];
  /** True when the arguments came from a JSON array (exec form). */
  json: boolean;
  heredocs: Heredoc[];
  /** For ONBUILD: the wrapped instruction. */
  inner?: AstNode;
  /** The whole instruction as written (continuations, heredoc bodies and inner comments included). */
  original: string;
  /** The instruction text with continuations joined and comments removed (heredoc bodies excluded). */
  text: string;
  /** Everything after keyword and flags, continuations joined. */
  rest: string;
  restRange: SourceRange;
  /** Comment lines directly above the instruction (without `#`), used for descriptions. */
  comments: string[];
  range: SourceRange;
  startLine: number;
  endLine: number;
}

/** A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top of the file. */
export interface Directive {
  name: 'syntax' | 'escape' | 'check';
  value: string;
  range: SourceRange;
}

/** How severe a diagnostic is; `error` checks fail `berth build --check`. */
export type DiagnosticLevel = 'warning' | 'error';

/** A build-check finding or other non-fatal problem. */
export interface Diagnostic {
  /** Rule name, e.g. `LegacyKeyValueFormat` (ours: `ShellFormLooksLikeJson`, `CopyIgnoredFile`, …). */
  rule: string;
  /** One line: `"ENV key=value" should be used instead of legacy "ENV key value" format`. */
  message: string;
  level: DiagnosticLevel;
  location?: { file: string; line: number; column: number; lineText?: string; range?: SourceRange };
  /** Documentation page, when there is one. */
  url?: string;
}
