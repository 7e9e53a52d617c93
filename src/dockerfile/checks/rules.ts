// The build-check rules as data: BuildKit's (names exact, from its ruleset) and berth's own.

/** A check rule: its name, whether it is on by default, its docs page. */
export interface Rule {
  name: string;
  experimental: boolean;
  /** Docs slug under https://docs.docker.com/go/dockerfile/rule/ (BuildKit rules only). */
  slug?: string;
}

const stable = (name: string, slug: string): Rule => ({ name, experimental: false, slug });

/** Every rule, by name. */
export const RULES: Record<string, Rule> = Object.fromEntries(
  [
    stable('StageNameCasing', 'stage-name-casing'),
    stable('FromAsCasing', 'from-as-casing'),
    stable('NoEmptyContinuation', 'no-empty-continuation'),
    stable('ConsistentInstructionCasing', 'consistent-instruction-casing'),
    stable('DuplicateStageName', 'duplicate-stage-name'),
    stable('ReservedStageName', 'reserved-stage-name'),
    stable('JSONArgsRecommended', 'json-args-recommended'),
    stable('MaintainerDeprecated', 'maintainer-deprecated'),
    stable('UndefinedArgInFrom', 'undefined-arg-in-from'),
    stable('WorkdirRelativePath', 'workdir-relative-path'),
    stable('UndefinedVar', 'undefined-var'),
    stable('MultipleInstructionsDisallowed', 'multiple-instructions-disallowed'),
    stable('LegacyKeyValueFormat', 'legacy-key-value-format'),
    stable('RedundantTargetPlatform', 'redundant-target-platform'),
    stable('SecretsUsedInArgOrEnv', 'secrets-used-in-arg-or-env'),
    stable('InvalidDefaultArgInFrom', 'invalid-default-arg-in-from'),
    stable('FromPlatformFlagConstDisallowed', 'from-platform-flag-const-disallowed'),
    stable('CopyIgnoredFile', 'copy-ignored-file'),
    { name: 'InvalidDefinitionDescription', experimental: true, slug: 'invalid-definition-description' },
    stable('ExposeProtoCasing', 'expose-proto-casing'),
    stable('ExposeInvalidFormat', 'expose-invalid-format'),
    { name: 'InvalidBaseImagePlatform', experimental: false },
    // berth's own checks
    { name: 'JSONArgsMalformed', experimental: false },
    { name: 'SecretValueInArgOrEnv', experimental: false },
  ].map((r) => [r.name, r]),
);

/** The docs URL of a rule, when it has one. */
export function ruleUrl(rule: Rule): string | undefined {
  return rule.slug ? `https://docs.docker.com/go/dockerfile/rule/${rule.slug}/` : undefined;
}
