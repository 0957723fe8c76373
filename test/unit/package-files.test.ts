import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The files `npm pack` puts in the package, as npm itself decides them (package.json `files`, .npmignore and the
 * files npm always adds): only npm knows its rules, so this asks it once, without packing or running scripts.
 */
function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const [pack] = JSON.parse(json) as { files: { path: string }[] }[];
  return pack.files.map((f) => f.path).sort();
}

describe('the packed package (npm pack)', () => {
  const files = packedFiles();

  test('holds what an app needs: the library, the seed and migrations, stubs, knexfile, README and docs', () => {
    const sourceFiles = (dir: string) =>
      fs
        .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => fs.statSync(path.join(ROOT, dir, f)).isFile())
        .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
    for (const dir of ['src', 'seeds', 'migrations', 'stubs', 'docs'])
      expect(files).toEqual(expect.arrayContaining(sourceFiles(dir)));
    expect(files).toEqual(
      expect.arrayContaining(['knexfile.ts', 'README.md', 'package.json', '.env.example']),
    );
  });

  test('holds nothing else: no tests, fixtures, Docker files, CI or development configuration', () => {
    const shipped =
      /^(src|seeds|migrations|stubs|docs)\/|^(knexfile\.ts|README\.md|package\.json|\.env\.example)$/;
    expect(files.filter((f) => !shipped.test(f))).toEqual([]);
    expect(
      files.filter((f) => /^(test|\.ci|docker)\/|Dockerfile|docker-compose|jest\.config/.test(f)),
    ).toEqual([]);
  });
});
