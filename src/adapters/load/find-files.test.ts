import { symlinkSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { renderProblem } from '../../errors.js'
import { findFiles } from './find-files.js'
import { FIXTURES, scenarioJson, tempProject } from './__fixtures__/temp-project.js'

const shown = async (paths: string[], cwd: string) => {
  const { files, problems } = await findFiles(paths, { cwd })
  return { files: files.map((f) => f.file), problems: problems.map(renderProblem) }
}

describe('findFiles', () => {
  const cwd = tempProject({
    'scenarios/b.scenario.json': scenarioJson('b'),
    'scenarios/a.scenario.ts': 'export default {}',
    'scenarios/nested/c.scenario.yaml': 'name: c',
    'scenarios/nested/Z.scenario.yml': 'name: z',
    'scenarios/helper.ts': 'export {}',
    'scenarios/notes.md': '# not a scenario',
    'scenarios/node_modules/dep/x.scenario.json': '{}',
    'other/d.scenario.mjs': 'export default {}',
    'other/e.json': '{}',
  })

  test('a folder expands to its *.scenario.* files, nested ones included and node_modules skipped', async () => {
    expect(await shown(['scenarios'], cwd)).toEqual({
      files: [
        'scenarios/a.scenario.ts',
        'scenarios/b.scenario.json',
        'scenarios/nested/Z.scenario.yml',
        'scenarios/nested/c.scenario.yaml',
      ],
      problems: [],
    })
  })

  test('the order is by path, by code unit, whatever order the paths were given in', async () => {
    const forward = await shown(['other', 'scenarios/nested', 'scenarios/a.scenario.ts'], cwd)
    const backward = await shown(['scenarios/a.scenario.ts', 'scenarios/nested', 'other'], cwd)
    expect(forward).toEqual(backward)
    expect(forward.files).toEqual([
      'other/d.scenario.mjs',
      'scenarios/a.scenario.ts',
      'scenarios/nested/Z.scenario.yml',
      'scenarios/nested/c.scenario.yaml',
    ])
  })

  test('a file named explicitly is taken even without the .scenario suffix, and only once', async () => {
    expect(await shown(['other/e.json', 'other/e.json', './other/e.json'], cwd)).toEqual({
      files: ['other/e.json'],
      problems: [],
    })
  })

  test('globs are matched from cwd, braces included', async () => {
    expect((await shown(['scenarios/**/*.scenario.{json,yml}'], cwd)).files).toEqual([
      'scenarios/b.scenario.json',
      'scenarios/nested/Z.scenario.yml',
    ])
  })

  test('an absolute path is shown relative to cwd', async () => {
    expect((await shown([path.join(cwd, 'other')], cwd)).files).toEqual(['other/d.scenario.mjs'])
  })

  test('a symbolic link to a scenario file is followed', async () => {
    const linked = tempProject({ 'real/x.scenario.json': scenarioJson('x') })
    symlinkSync(path.join(linked, 'real/x.scenario.json'), path.join(linked, 'real/y.scenario.json'))
    expect((await shown(['real'], linked)).files).toEqual(['real/x.scenario.json', 'real/y.scenario.json'])
  })

  test('a folder search skips dot folders and dot files and does not follow a link to a folder, as a glob would not', async () => {
    const project = tempProject({
      'suite/.drafts/x.scenario.json': scenarioJson('x'),
      'suite/.y.scenario.json': scenarioJson('y'),
      'suite/z.scenario.json': scenarioJson('z'),
      'elsewhere/w.scenario.json': scenarioJson('w'),
    })
    symlinkSync(path.join(project, 'elsewhere'), path.join(project, 'suite/linked'))
    expect((await shown(['suite'], project)).files).toEqual(['suite/z.scenario.json'])
  })

  test('what matches nothing is a problem, with a did-you-mean for a near miss', async () => {
    expect(
      (
        await shown(
          [
            'scenarios/a.scenario.tsx',
            'missing/x.json',
            'other/*.yaml',
            'scenarios/notes.md',
            'other/../scenarios/nested/../../other',
          ],
          cwd,
        )
      ).problems,
    ).toMatchInlineSnapshot(`
        [
          "scenarios/a.scenario.tsx: the path does not exist (did you mean scenarios/a.scenario.ts?). Fix: correct the path.",
          "missing/x.json: the path does not exist. Fix: check the path (it is relative to the current folder).",
          "other/*.yaml: no file matches this pattern. Fix: check the pattern (it is matched from the current folder).",
          "scenarios/notes.md: is not a file the harness can load. Fix: pass a scenario file ending in .ts, .mts, .cts, .js, .mjs, .cjs, .json, .yaml, .yml.",
        ]
      `)
  })

  test('a folder without scenario files is a problem: a gate that runs nothing must not pass', async () => {
    expect((await shown(['app/src'], FIXTURES)).problems).toMatchInlineSnapshot(`
      [
        "app/src: the folder holds no scenario files. Fix: add a file named \`<name>.scenario.ts\` (or .js, .json, .yaml) or pass the files themselves.",
      ]
    `)
  })
})
