/**
 * The commented starter config `composeshift init` writes. It runs what a run without a config runs (every
 * built-in transform with its defaults), written out so that each knob is visible and editors check it
 * against the schema (`yaml-language-server` reads the first-line comment).
 */
export function starterConfig(schemaRef: string, eol = '\n'): string {
  return `# yaml-language-server: $schema=${schemaRef}
# composeshift policies: which transforms run, on which services, with which options.
# The first policy of a transform that matches a service applies to it. A transform with no
# policy here does not run (delete a block to turn a transform off). \`composeshift transforms\`
# lists every option; \`composeshift plan\` shows what these policies would change.
policies:
  # Memory limits from measured usage (--usage docker-stats.txt, --usage docker or
  # --usage prometheus=URL): the smallest multiple of \`step\` keeping usage at or under \`usage\`.
  - transform: memory-limits
    target: { usage: 40%, step: 64M }
    # services: ["api-*"]        # only these services (names or globs)
    # shrink: true               # also lower limits (never below peak × 1.15 + step)
    # reservations: scale        # keep | scale reservations with the limit
    # annotate: true             # end-of-line comment saying what changed and why

  # CPU-only PyTorch wheels (the CPU index and +cpu pins) instead of the CUDA build.
  - transform: torch-cpu
    # index: extra               # extra (--extra-index-url) | primary (--index-url)
    # localVersion: true         # ==2.3.1 becomes ==2.3.1+cpu

  # Remove packages that no code of the service imports, runs or loads (evidence for each).
  - transform: unused-deps
    # ignore: [bleak]            # never remove these (still reported)
    # include: [test-only]       # also remove these classes besides unused

  # A plugin transform: an ES module whose default export is defineTransform({ meta, run }).
  # - transform: ./rules/cpu-limits.js
`.replace(/\n/g, eol);
}
