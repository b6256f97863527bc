/**
 * Markers for `+cpu` pins.
 *
 * PyTorch publishes `+cpu` wheels for Linux and Windows only; its macOS wheels carry no local label (they
 * are CPU builds already). A `torch==2.5.1+cpu` line therefore fails to install on a Mac. With
 * `platformMarker: true` the line is split in two, complementary on every platform:
 *
 *     torch==2.5.1+cpu; sys_platform != "darwin"
 *     torch==2.5.1; sys_platform == "darwin"
 *
 * `!= "darwin"` rather than `== "linux"`: the `+cpu` line must keep working on Windows (which has `+cpu`
 * wheels) and must not silently install nothing anywhere it worked before; the darwin line keeps Macs on
 * the same public version. Exactly one of the two applies on any platform, so pip never sees the
 * requirement twice. On a second run the first line already excludes darwin and the second is darwin-only,
 * so nothing changes (idempotent).
 *
 * Dockerfiles get no markers: images build on Linux.
 */
export const NOT_MACOS = 'sys_platform != "darwin"';
export const MACOS_ONLY = 'sys_platform == "darwin"';

const Q = `["']`;
const EXCLUDES = [
  new RegExp(`^sys_platform\\s*==\\s*${Q}(linux|win32|cygwin)${Q}$`),
  new RegExp(`^sys_platform\\s*!=\\s*${Q}darwin${Q}$`),
  new RegExp(`^platform_system\\s*==\\s*${Q}(Linux|Windows)${Q}$`),
  new RegExp(`^platform_system\\s*!=\\s*${Q}Darwin${Q}$`),
  new RegExp(`^${Q}linux${Q}\\s+in\\s+sys_platform$`),
];
const ONLY = [new RegExp(`^sys_platform\\s*==\\s*${Q}darwin${Q}$`), new RegExp(`^platform_system\\s*==\\s*${Q}Darwin${Q}$`)];

/** The `and`-joined clauses of a marker, or undefined when it has `or` or parentheses (not judged). */
function clauses(marker: string): string[] | undefined {
  if (/\bor\b|[()]/.test(marker)) return undefined;
  return marker.split(/\band\b/).map((c) => c.trim());
}

/** True when the marker is false on macOS for sure (some `and` clause rules darwin out). */
export function excludesMacos(marker: string): boolean {
  return clauses(marker)?.some((c) => EXCLUDES.some((r) => r.test(c))) ?? false;
}

/** True when the marker is true on macOS only (the darwin half of a split line). */
export function onlyMacos(marker: string): boolean {
  return clauses(marker)?.some((c) => ONLY.some((r) => r.test(c))) ?? false;
}
