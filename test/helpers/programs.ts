/**
 * The real programs tests drive (poppler, LibreOffice, python-docx, pikepdf, PDFBox Preflight …).
 * On a developer's machine a test that needs a missing one is skipped, visibly (`it.skipIf`); in CI
 * (CI=true), where .ci/run installs them all, a missing program is a failure, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** /usr/bin/python3: the system's, whose Debian modules (python3-docx, python3-pikepdf) .ci/run installs. */
export const PYTHON = '/usr/bin/python3';

/** Apache PDFBox Preflight and what it needs, as Debian installs them. */
export const PREFLIGHT_CLASSPATH = [
  'preflight.jar',
  'pdfbox2.jar',
  'fontbox2.jar',
  'xmpbox.jar',
  'commons-logging.jar',
  'commons-io.jar',
  'javax.activation.jar',
  'jaxb-api.jar',
].map((j) => `/usr/share/java/${j}`);

const onPath = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
const pythonModule = (name: string) => spawnSync(PYTHON, ['-c', `import ${name}`], { encoding: 'utf8' }).status === 0;

/** Each program: how to tell it is there, and the Debian package that .ci/run installs for it. */
const checks = {
  pdffonts: { found: () => onPath('pdffonts'), package: 'poppler-utils' },
  pdftoppm: { found: () => onPath('pdftoppm'), package: 'poppler-utils' },
  soffice: { found: () => onPath('soffice'), package: 'libreoffice-writer-nogui' },
  pythonDocx: { found: () => pythonModule('docx'), package: 'python3-docx' },
  pikepdf: { found: () => pythonModule('pikepdf'), package: 'python3-pikepdf' },
  preflight: { found: () => onPath('java') && PREFLIGHT_CLASSPATH.every((p) => existsSync(p)), package: 'libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless' },
  script: { found: () => onPath('script'), package: 'bsdutils' },
  sha256sum: { found: () => onPath('sha256sum'), package: 'coreutils' },
  unzip: { found: () => onPath('unzip'), package: 'unzip' },
} as const;

export type Program = keyof typeof checks;

const known = new Map<Program, boolean>();

/** Whether a program is installed; in CI a missing one throws (a failure, not a skip). */
export function has(program: Program): boolean {
  let found = known.get(program);
  if (found === undefined) known.set(program, (found = checks[program].found()));
  if (!found && process.env.CI) throw new Error(`${program} is required in CI (.ci/run installs the Debian package ${checks[program].package})`);
  return found;
}

/** Whether a command is on PATH (checked as `has` does when it is one of the programs above). */
export function hasProgram(name: string): boolean {
  if (name in checks) return has(name as Program);
  const found = onPath(name);
  if (!found && process.env.CI) throw new Error(`${name} is required in CI (.ci/run installs it)`);
  return found;
}
